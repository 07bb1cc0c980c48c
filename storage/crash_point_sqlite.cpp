#include "storage/crash_point_sqlite.hpp"

#include "storage/crash_point.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <list>
#include <mutex>

namespace peeringd::storage {
namespace {

sqlite3_vfs* real_vfs = nullptr;
sqlite3_vfs fault_vfs;

/// Our file object; the default VFS's own file object follows it in the same allocation.
struct FaultFile {
    sqlite3_file base;
    bool main_db;
    sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

sqlite3_file* real(sqlite3_file* f) { return reinterpret_cast<FaultFile*>(f)->real(); }
const sqlite3_io_methods& methods(sqlite3_file* f) { return *real(f)->pMethods; }

int x_close(sqlite3_file* f) { return methods(f).xClose(real(f)); }
int x_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 offset) {
    return methods(f).xRead(real(f), buf, n, offset);
}
/// The read-only fault is on: PEERINGD_FAULT_READONLY_WHEN names a file that exists.
bool read_only_now() {
    const auto& flag = readonly_fault_flag();
    return !flag.empty() && ::access(flag.c_str(), F_OK) == 0;
}

int x_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 offset) {
    if (reinterpret_cast<FaultFile*>(f)->main_db) crash_point("mid_checkpoint");
    if (read_only_now()) return SQLITE_IOERR_WRITE;  // what the unix VFS makes of EROFS
    return methods(f).xWrite(real(f), buf, n, offset);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
    if (read_only_now()) return SQLITE_IOERR_TRUNCATE;
    return methods(f).xTruncate(real(f), size);
}
int x_sync(sqlite3_file* f, int flags) { return methods(f).xSync(real(f), flags); }
int x_file_size(sqlite3_file* f, sqlite3_int64* size) { return methods(f).xFileSize(real(f), size); }
int x_lock(sqlite3_file* f, int level) { return methods(f).xLock(real(f), level); }
int x_unlock(sqlite3_file* f, int level) { return methods(f).xUnlock(real(f), level); }
int x_check_reserved_lock(sqlite3_file* f, int* out) { return methods(f).xCheckReservedLock(real(f), out); }
int x_file_control(sqlite3_file* f, int op, void* arg) { return methods(f).xFileControl(real(f), op, arg); }
int x_sector_size(sqlite3_file* f) { return methods(f).xSectorSize(real(f)); }
int x_device_characteristics(sqlite3_file* f) { return methods(f).xDeviceCharacteristics(real(f)); }
int x_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
    return methods(f).xShmMap(real(f), region, size, extend, out);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) { return methods(f).xShmLock(real(f), offset, n, flags); }
void x_shm_barrier(sqlite3_file* f) { methods(f).xShmBarrier(real(f)); }
int x_shm_unmap(sqlite3_file* f, int delete_flag) { return methods(f).xShmUnmap(real(f), delete_flag); }
int x_fetch(sqlite3_file* f, sqlite3_int64 offset, int n, void** out) {
    return methods(f).xFetch(real(f), offset, n, out);
}
int x_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* p) { return methods(f).xUnfetch(real(f), offset, p); }

const sqlite3_io_methods crash_methods = {
    3,           x_close,       x_read,         x_write,
    x_truncate,  x_sync,        x_file_size,    x_lock,
    x_unlock,    x_check_reserved_lock, x_file_control, x_sector_size,
    x_device_characteristics,   x_shm_map,      x_shm_lock, x_shm_barrier,
    x_shm_unmap, x_fetch,       x_unfetch};

int x_open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
    auto* file = reinterpret_cast<FaultFile*>(f);
    file->base.pMethods = nullptr;
    file->main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
    const int rc = real_vfs->xOpen(real_vfs, name, file->real(), flags, out_flags);
    // The unix VFS's methods are version 3, so every slot above has a target.
    if (file->real()->pMethods != nullptr) file->base.pMethods = &crash_methods;
    return rc;
}

struct CommitWatch {
    sqlite3* db;
    sqlite3_int64 changes_seen;
};

int on_commit(void* arg) {
    auto* watch = static_cast<CommitWatch*>(arg);
    const auto changes = sqlite3_total_changes64(watch->db);
    if (changes != watch->changes_seen) {
        watch->changes_seen = changes;
        crash_point("before_commit");
    }
    return 0;  // 0 = let the commit go ahead
}

}  // namespace

void install_fault_vfs() {
    static std::once_flag once;
    if (!crash_point_armed("mid_checkpoint") && readonly_fault_flag().empty()) return;
    std::call_once(once, [] {
        sqlite3_initialize();
        real_vfs = sqlite3_vfs_find(nullptr);
        // Everything but open is the default VFS's own (it reads only its own fields).
        fault_vfs = *real_vfs;
        fault_vfs.szOsFile = static_cast<int>(sizeof(FaultFile)) + real_vfs->szOsFile;
        fault_vfs.zName = "peeringd-faults";
        fault_vfs.pNext = nullptr;
        fault_vfs.xOpen = x_open;
        sqlite3_vfs_register(&fault_vfs, 1);
    });
}

void install_commit_crash_hook(sqlite3* db) {
    if (!crash_point_armed("before_commit")) return;
    // Kept for the life of the process (a few connections per run; test builds only).
    static std::mutex mutex;
    static std::list<CommitWatch> watches;
    const std::lock_guard lock{mutex};
    auto& watch = watches.emplace_back(CommitWatch{db, sqlite3_total_changes64(db)});
    sqlite3_commit_hook(db, on_commit, &watch);
}

}  // namespace peeringd::storage
