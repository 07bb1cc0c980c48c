#include "storage/crash_point_sqlite.hpp"

#include "storage/crash_point.hpp"
#include "storage/vfs_shim.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <list>
#include <mutex>

namespace peeringd::storage {
namespace {

sqlite3_vfs* real_vfs = nullptr;
sqlite3_vfs fault_vfs;

/// Our file object; the default VFS's own file object follows it (vfs_shim).
struct FaultFile {
    sqlite3_file base;
    bool main_db;
};
using Forward = vfs_shim::Forward<FaultFile>;

/// The read-only fault is on: PEERINGD_FAULT_READONLY_WHEN names a file that exists.
bool read_only_now() {
    const auto& flag = readonly_fault_flag();
    return !flag.empty() && ::access(flag.c_str(), F_OK) == 0;
}

int x_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 offset) {
    if (Forward::self(f).main_db) crash_point("mid_checkpoint");
    if (read_only_now()) return SQLITE_IOERR_WRITE;  // what the unix VFS makes of EROFS
    return Forward::write(f, buf, n, offset);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
    if (read_only_now()) return SQLITE_IOERR_TRUNCATE;
    return Forward::truncate(f, size);
}

const sqlite3_io_methods crash_methods = [] {
    auto m = Forward::methods;
    m.xWrite = x_write;
    m.xTruncate = x_truncate;
    return m;
}();

int x_open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
    auto& file = Forward::self(f);
    file.base.pMethods = nullptr;
    file.main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
    const int rc = real_vfs->xOpen(real_vfs, name, Forward::real(f), flags, out_flags);
    if (Forward::real(f)->pMethods != nullptr) file.base.pMethods = &crash_methods;
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
        real_vfs = vfs_shim::register_over_default<FaultFile>(fault_vfs, "peeringd-faults", x_open, true);
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
