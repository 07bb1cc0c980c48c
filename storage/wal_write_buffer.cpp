#include "storage/wal_write_buffer.hpp"

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

/// Our file object; the base VFS's own file object follows it in the same allocation.
struct BufferedFile {
    sqlite3_file base;
    bool wal;                   ///< only WAL files are buffered; the rest pass straight through
    sqlite3_int64 start;        ///< file offset of bytes[0]
    std::vector<char>* bytes;   ///< pending appends, [start, start + size)
    sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

BufferedFile& self(sqlite3_file* f) { return *reinterpret_cast<BufferedFile*>(f); }
sqlite3_file* real(sqlite3_file* f) { return self(f).real(); }
const sqlite3_io_methods& methods(sqlite3_file* f) { return *real(f)->pMethods; }

/// Writes the pending bytes; on failure they are dropped, as SQLite then fails the
/// transaction (or the read that needed them) and writes those frames again if it retries.
int flush(sqlite3_file* f) {
    auto& file = self(f);
    if (file.bytes == nullptr || file.bytes->empty()) return SQLITE_OK;
    int rc = SQLITE_OK;
    for (std::size_t done = 0; done < file.bytes->size() && rc == SQLITE_OK; done += kMaxWrite) {
        const auto n = std::min(kMaxWrite, file.bytes->size() - done);
        rc = methods(f).xWrite(real(f), file.bytes->data() + done, static_cast<int>(n),
                               file.start + static_cast<sqlite3_int64>(done));
    }
    file.bytes->clear();
    return rc;
}

int x_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 offset) {
    auto& file = self(f);
    if (!file.wal) return methods(f).xWrite(real(f), buf, n, offset);
    auto& bytes = *file.bytes;
    const auto size = static_cast<std::size_t>(n);
    const sqlite3_int64 end = file.start + static_cast<sqlite3_int64>(bytes.size());
    // SQLite appends frames in order, and rewrites a frame in place when a page it spilled
    // earlier in the same transaction changes again: both land in the buffer.
    const bool inside = !bytes.empty() && offset >= file.start && offset <= end;
    if (!inside || static_cast<std::size_t>(offset - file.start) + size > kMaxBuffered) {
        if (const int rc = flush(f); rc != SQLITE_OK) return rc;
        if (size > kMaxBuffered) return methods(f).xWrite(real(f), buf, n, offset);
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
    const int rc = methods(f).xClose(real(f));
    return flushed != SQLITE_OK ? flushed : rc;
}

// Everything that may look at the file's bytes or size sees the buffer written first.
int x_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 offset) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return methods(f).xRead(real(f), buf, n, offset);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return methods(f).xTruncate(real(f), size);
}
int x_sync(sqlite3_file* f, int flags) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return methods(f).xSync(real(f), flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return methods(f).xFileSize(real(f), size);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return methods(f).xFileControl(real(f), op, arg);
}
int x_fetch(sqlite3_file* f, sqlite3_int64 offset, int n, void** out) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return methods(f).xFetch(real(f), offset, n, out);
}

// The rest is the base VFS's own.
int x_lock(sqlite3_file* f, int level) { return methods(f).xLock(real(f), level); }
int x_unlock(sqlite3_file* f, int level) { return methods(f).xUnlock(real(f), level); }
int x_check_reserved_lock(sqlite3_file* f, int* out) { return methods(f).xCheckReservedLock(real(f), out); }
int x_sector_size(sqlite3_file* f) { return methods(f).xSectorSize(real(f)); }
int x_device_characteristics(sqlite3_file* f) { return methods(f).xDeviceCharacteristics(real(f)); }
int x_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
    return methods(f).xShmMap(real(f), region, size, extend, out);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) { return methods(f).xShmLock(real(f), offset, n, flags); }
void x_shm_barrier(sqlite3_file* f) { methods(f).xShmBarrier(real(f)); }
int x_shm_unmap(sqlite3_file* f, int delete_flag) { return methods(f).xShmUnmap(real(f), delete_flag); }
int x_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* p) { return methods(f).xUnfetch(real(f), offset, p); }

const sqlite3_io_methods buffered_methods = {
    3,           x_close,       x_read,         x_write,
    x_truncate,  x_sync,        x_file_size,    x_lock,
    x_unlock,    x_check_reserved_lock, x_file_control, x_sector_size,
    x_device_characteristics,   x_shm_map,      x_shm_lock, x_shm_barrier,
    x_shm_unmap, x_fetch,       x_unfetch};

int x_open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
    auto& file = self(f);
    file.base.pMethods = nullptr;
    file.wal = (flags & SQLITE_OPEN_WAL) != 0;
    file.start = 0;
    file.bytes = nullptr;
    const int rc = base_vfs->xOpen(base_vfs, name, file.real(), flags, out_flags);
    if (file.real()->pMethods == nullptr) return rc;  // nothing to close: SQLite won't call us
    if (file.wal) {
        file.bytes = new (std::nothrow) std::vector<char>();
        if (file.bytes == nullptr) {
            file.real()->pMethods->xClose(file.real());
            return SQLITE_NOMEM;
        }
    }
    // The unix VFS's methods are version 3, so every slot above has a target.
    file.base.pMethods = &buffered_methods;
    return rc;
}

}  // namespace

const char* wal_write_buffer_vfs() {
    static std::once_flag once;
    std::call_once(once, [] {
        sqlite3_initialize();
        base_vfs = sqlite3_vfs_find(nullptr);
        buffer_vfs = *base_vfs;  // everything but open is the base VFS's own
        buffer_vfs.szOsFile = static_cast<int>(sizeof(BufferedFile)) + base_vfs->szOsFile;
        buffer_vfs.zName = "peeringd-wal-buffer";
        buffer_vfs.pNext = nullptr;
        buffer_vfs.xOpen = x_open;
        sqlite3_vfs_register(&buffer_vfs, 0);
    });
    return buffer_vfs.zName;
}

}  // namespace peeringd::storage
