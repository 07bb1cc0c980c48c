#pragma once
/// What every thin VFS over SQLite's default one shares (the fault VFS of the crash tests and
/// the WAL write buffer): a file object `Shim` whose first member is the sqlite3_file, followed
/// in the same allocation by the base VFS's own file object; io methods that forward every call
/// to it, for a shim to override the few it cares about; and the registration of a copy of the
/// base VFS with its own xOpen. Storage-internal.

#include <sqlite3.h>

namespace peeringd::storage::vfs_shim {

template <class Shim>
struct Forward {
    static Shim& self(sqlite3_file* f) { return *reinterpret_cast<Shim*>(f); }
    static sqlite3_file* real(sqlite3_file* f) { return reinterpret_cast<sqlite3_file*>(&self(f) + 1); }
    static const sqlite3_io_methods& base(sqlite3_file* f) { return *real(f)->pMethods; }

    static int close(sqlite3_file* f) { return base(f).xClose(real(f)); }
    static int read(sqlite3_file* f, void* buf, int n, sqlite3_int64 offset) {
        return base(f).xRead(real(f), buf, n, offset);
    }
    static int write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 offset) {
        return base(f).xWrite(real(f), buf, n, offset);
    }
    static int truncate(sqlite3_file* f, sqlite3_int64 size) { return base(f).xTruncate(real(f), size); }
    static int sync(sqlite3_file* f, int flags) { return base(f).xSync(real(f), flags); }
    static int file_size(sqlite3_file* f, sqlite3_int64* size) { return base(f).xFileSize(real(f), size); }
    static int lock(sqlite3_file* f, int level) { return base(f).xLock(real(f), level); }
    static int unlock(sqlite3_file* f, int level) { return base(f).xUnlock(real(f), level); }
    static int check_reserved_lock(sqlite3_file* f, int* out) { return base(f).xCheckReservedLock(real(f), out); }
    static int file_control(sqlite3_file* f, int op, void* arg) { return base(f).xFileControl(real(f), op, arg); }
    static int sector_size(sqlite3_file* f) { return base(f).xSectorSize(real(f)); }
    static int device_characteristics(sqlite3_file* f) { return base(f).xDeviceCharacteristics(real(f)); }
    static int shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
        return base(f).xShmMap(real(f), region, size, extend, out);
    }
    static int shm_lock(sqlite3_file* f, int offset, int n, int flags) {
        return base(f).xShmLock(real(f), offset, n, flags);
    }
    static void shm_barrier(sqlite3_file* f) { base(f).xShmBarrier(real(f)); }
    static int shm_unmap(sqlite3_file* f, int delete_flag) { return base(f).xShmUnmap(real(f), delete_flag); }
    static int fetch(sqlite3_file* f, sqlite3_int64 offset, int n, void** out) {
        return base(f).xFetch(real(f), offset, n, out);
    }
    static int unfetch(sqlite3_file* f, sqlite3_int64 offset, void* p) { return base(f).xUnfetch(real(f), offset, p); }

    /// Version 3, like the unix VFS's, so every slot has a target.
    static constexpr sqlite3_io_methods methods = {
        3,        close,     read,      write,     truncate,    sync,
        file_size, lock,     unlock,    check_reserved_lock, file_control, sector_size,
        device_characteristics, shm_map, shm_lock, shm_barrier, shm_unmap, fetch,
        unfetch};
};

/// Fills `vfs` as a copy of the current default VFS (everything but open stays the base's own:
/// it reads only its own fields) with room for `Shim` before the base's file object, and
/// registers it. Returns the base VFS. Call once, under std::call_once.
template <class Shim>
sqlite3_vfs* register_over_default(sqlite3_vfs& vfs, const char* name,
                                   int (*open)(sqlite3_vfs*, const char*, sqlite3_file*, int, int*),
                                   bool make_default) {
    sqlite3_initialize();
    sqlite3_vfs* base = sqlite3_vfs_find(nullptr);
    vfs = *base;
    vfs.szOsFile = static_cast<int>(sizeof(Shim)) + base->szOsFile;
    vfs.zName = name;
    vfs.pNext = nullptr;
    vfs.xOpen = open;
    sqlite3_vfs_register(&vfs, make_default ? 1 : 0);
    return base;
}

}  // namespace peeringd::storage::vfs_shim
