#include "storage/wal_write_buffer.hpp"

#include "storage/vfs_shim.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <new>
#include <vector>

namespace peeringd::storage {
namespace {

/// Appends beyond this go to the file at once; bounds the memory one connection holds
/// (a full batch of 256 creates appends about 5 MiB).
constexpr std::size_t kMaxBuffered = 8u << 20;

/// Largest write handed to the base VFS at once: the unix VFS masks a write's length with
/// 0x1ffff (it never expects more than a 64 KiB page), so this is the largest multiple of
/// 4 KiB below that. One call per 31 pages instead of two per page.
constexpr std::size_t kMaxWrite = 0x1f000;

sqlite3_vfs* base_vfs = nullptr;
sqlite3_vfs buffer_vfs;

/// Our file object; the base VFS's own file object follows it (vfs_shim).
struct BufferedFile {
    sqlite3_file base;
    bool wal;                   ///< only WAL files are buffered; the rest pass straight through
    sqlite3_int64 start;        ///< file offset of bytes[0]
    std::vector<char>* bytes;   ///< pending appends, [start, start + size)
};
using Forward = vfs_shim::Forward<BufferedFile>;
BufferedFile& self(sqlite3_file* f) { return Forward::self(f); }

/// Hands `n` bytes to the base VFS in pieces of at most kMaxWrite. Besides the WAL flush, a
/// statement journal that outgrows its in-memory limit (configure_sqlite) is copied to its temp
/// file in one write of the whole chunk (4 MiB), which the unix VFS would cut short and report
/// as SQLITE_FULL.
int write_in_pieces(sqlite3_file* f, const char* buf, std::size_t n, sqlite3_int64 offset) {
    int rc = SQLITE_OK;
    for (std::size_t done = 0; done < n && rc == SQLITE_OK; done += kMaxWrite)
        rc = Forward::write(f, buf + done, static_cast<int>(std::min(kMaxWrite, n - done)),
                            offset + static_cast<sqlite3_int64>(done));
    return rc;
}

/// Writes the pending bytes; on failure they are dropped, as SQLite then fails the
/// transaction (or the read that needed them) and writes those frames again if it retries.
int flush(sqlite3_file* f) {
    auto& file = self(f);
    if (file.bytes == nullptr || file.bytes->empty()) return SQLITE_OK;
    const int rc = write_in_pieces(f, file.bytes->data(), file.bytes->size(), file.start);
    file.bytes->clear();
    return rc;
}

int x_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 offset) {
    auto& file = self(f);
    const auto size = static_cast<std::size_t>(n);
    if (!file.wal) return write_in_pieces(f, static_cast<const char*>(buf), size, offset);
    auto& bytes = *file.bytes;
    const sqlite3_int64 end = file.start + static_cast<sqlite3_int64>(bytes.size());
    // SQLite appends frames in order, and rewrites a frame in place when a page it spilled
    // earlier in the same transaction changes again: both land in the buffer.
    const bool inside = !bytes.empty() && offset >= file.start && offset <= end;
    if (!inside || static_cast<std::size_t>(offset - file.start) + size > kMaxBuffered) {
        if (const int rc = flush(f); rc != SQLITE_OK) return rc;
        if (size > kMaxBuffered) return write_in_pieces(f, static_cast<const char*>(buf), size, offset);
        file.start = offset;
    }
    const auto at = static_cast<std::size_t>(offset - file.start);
    if (bytes.size() < at + size) bytes.resize(at + size);
    std::memcpy(bytes.data() + at, buf, size);
    return SQLITE_OK;
}

int x_close(sqlite3_file* f) {
    const int flushed = flush(f);
    delete self(f).bytes;
    self(f).bytes = nullptr;
    const int rc = Forward::close(f);
    return flushed != SQLITE_OK ? flushed : rc;
}

// Everything that may look at the file's bytes or size sees the buffer written first.
int x_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 offset) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return Forward::read(f, buf, n, offset);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return Forward::truncate(f, size);
}
int x_sync(sqlite3_file* f, int flags) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return Forward::sync(f, flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return Forward::file_size(f, size);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return Forward::file_control(f, op, arg);
}
int x_fetch(sqlite3_file* f, sqlite3_int64 offset, int n, void** out) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return Forward::fetch(f, offset, n, out);
}

const sqlite3_io_methods buffered_methods = [] {
    auto m = Forward::methods;  // the rest is the base VFS's own
    m.xClose = x_close;
    m.xRead = x_read;
    m.xWrite = x_write;
    m.xTruncate = x_truncate;
    m.xSync = x_sync;
    m.xFileSize = x_file_size;
    m.xFileControl = x_file_control;
    m.xFetch = x_fetch;
    return m;
}();

int x_open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
    auto& file = self(f);
    file.base.pMethods = nullptr;
    file.wal = (flags & SQLITE_OPEN_WAL) != 0;
    file.start = 0;
    file.bytes = nullptr;
    const int rc = base_vfs->xOpen(base_vfs, name, Forward::real(f), flags, out_flags);
    if (Forward::real(f)->pMethods == nullptr) return rc;  // nothing to close: SQLite won't call us
    if (file.wal) {
        file.bytes = new (std::nothrow) std::vector<char>();
        if (file.bytes == nullptr) {
            Forward::real(f)->pMethods->xClose(Forward::real(f));
            return SQLITE_NOMEM;
        }
    }
    file.base.pMethods = &buffered_methods;
    return rc;
}

}  // namespace

const char* wal_write_buffer_vfs() {
    static std::once_flag once;
    std::call_once(once, [] {
        base_vfs = vfs_shim::register_over_default<BufferedFile>(buffer_vfs, "peeringd-wal-buffer",
                                                                 x_open, false);
    });
    return buffer_vfs.zName;
}

}  // namespace peeringd::storage
