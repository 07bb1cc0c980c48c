#include "tests/reliability/power_loss_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstring>

namespace peeringd::test {
namespace {

constexpr int kSectorSize = 4096;

/// SQLite allocates this (szOsFile bytes) and we construct nothing in it: plain pointers only.
struct MemFile {
    sqlite3_file base;
    PowerLossVfs* owner;
    std::string* name;
    bool delete_on_close;
};

MemFile& mem(sqlite3_file* f) { return *reinterpret_cast<MemFile*>(f); }
PowerLossVfs::File& data(sqlite3_file* f) { return mem(f).owner->file(*mem(f).name); }

int x_close(sqlite3_file* f) {
    if (mem(f).delete_on_close) mem(f).owner->remove(*mem(f).name);
    delete mem(f).name;
    return SQLITE_OK;
}

int x_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 offset) {
    const auto& bytes = data(f).current;
    const auto at = static_cast<std::size_t>(offset);
    const auto wanted = static_cast<std::size_t>(n);
    const auto got = at < bytes.size() ? std::min(wanted, bytes.size() - at) : 0;
    if (got > 0) std::memcpy(buf, bytes.data() + at, got);
    if (got == wanted) return SQLITE_OK;
    std::memset(static_cast<char*>(buf) + got, 0, wanted - got);
    return SQLITE_IOERR_SHORT_READ;
}

int x_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 offset) {
    if (!mem(f).owner->may_write()) return SQLITE_IOERR_WRITE;
    auto& bytes = data(f).current;
    const auto at = static_cast<std::size_t>(offset);
    const auto size = static_cast<std::size_t>(n);
    if (bytes.size() < at + size) bytes.resize(at + size, '\0');
    std::memcpy(bytes.data() + at, buf, size);
    return SQLITE_OK;
}

int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
    if (!mem(f).owner->may_write()) return SQLITE_IOERR_TRUNCATE;
    data(f).current.resize(static_cast<std::size_t>(size), '\0');
    return SQLITE_OK;
}

int x_sync(sqlite3_file* f, int) {
    if (!mem(f).owner->may_write()) return SQLITE_IOERR_FSYNC;
    data(f).synced = data(f).current;
    return SQLITE_OK;
}

int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
    *size = static_cast<sqlite3_int64>(data(f).current.size());
    return SQLITE_OK;
}

int x_lock(sqlite3_file*, int) { return SQLITE_OK; }
int x_check_reserved_lock(sqlite3_file*, int* out) {
    *out = 0;
    return SQLITE_OK;
}
int x_file_control(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }
int x_sector_size(sqlite3_file*) { return kSectorSize; }
// As the unix VFS reports by default: a write never damages bytes outside its range.
int x_device_characteristics(sqlite3_file*) { return SQLITE_IOCAP_POWERSAFE_OVERWRITE; }

int x_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
    auto& regions = mem(f).owner->shm(*mem(f).name);
    const auto index = static_cast<std::size_t>(region);
    if (index >= regions.size()) {
        if (extend == 0) {
            *out = nullptr;
            return SQLITE_OK;
        }
        while (regions.size() <= index) regions.push_back(std::make_unique<char[]>(static_cast<std::size_t>(size)));
    }
    *out = regions[index].get();
    return SQLITE_OK;
}
int x_shm_lock(sqlite3_file*, int, int, int) { return SQLITE_OK; }
void x_shm_barrier(sqlite3_file*) { std::atomic_thread_fence(std::memory_order_seq_cst); }
int x_shm_unmap(sqlite3_file* f, int delete_flag) {
    if (delete_flag != 0) mem(f).owner->shm(*mem(f).name).clear();
    return SQLITE_OK;
}

const sqlite3_io_methods kMethods = {
    2,           x_close,        x_read,         x_write,         x_truncate,
    x_sync,      x_file_size,    x_lock,         x_lock,          x_check_reserved_lock,
    x_file_control, x_sector_size, x_device_characteristics, x_shm_map, x_shm_lock,
    x_shm_barrier, x_shm_unmap,  nullptr,        nullptr};

PowerLossVfs& owner(sqlite3_vfs* vfs) { return *static_cast<PowerLossVfs*>(vfs->pAppData); }

int x_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* f, int flags, int* out_flags) {
    static std::atomic<int> temp_files{0};
    auto& o = owner(vfs);
    std::string path = name != nullptr ? name : "temp-" + std::to_string(++temp_files);
    if (!o.exists(path) && (flags & SQLITE_OPEN_CREATE) == 0) return SQLITE_CANTOPEN;
    o.file(path);
    auto& m = mem(f);
    m.base.pMethods = &kMethods;
    m.owner = &o;
    m.name = new std::string(std::move(path));
    m.delete_on_close = (flags & SQLITE_OPEN_DELETEONCLOSE) != 0;
    if (out_flags != nullptr) *out_flags = flags;
    return SQLITE_OK;
}

int x_delete(sqlite3_vfs* vfs, const char* name, int) {
    if (!owner(vfs).may_write()) return SQLITE_IOERR_DELETE;
    owner(vfs).remove(name);
    return SQLITE_OK;
}

int x_access(sqlite3_vfs* vfs, const char* name, int, int* out) {
    *out = owner(vfs).exists(name) ? 1 : 0;
    return SQLITE_OK;
}

int x_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) {
    sqlite3_snprintf(n, out, "%s", name);
    return SQLITE_OK;
}

}  // namespace

PowerLossVfs::PowerLossVfs() : vfs_(std::make_unique<sqlite3_vfs>()) {
    sqlite3_initialize();
    // Randomness, sleep, time and dynamic loading come from the default VFS unchanged.
    *vfs_ = *sqlite3_vfs_find(nullptr);
    vfs_->szOsFile = static_cast<int>(sizeof(MemFile));
    vfs_->zName = "peeringd-power-loss";
    vfs_->pNext = nullptr;
    vfs_->pAppData = this;
    vfs_->xOpen = x_open;
    vfs_->xDelete = x_delete;
    vfs_->xAccess = x_access;
    vfs_->xFullPathname = x_full_pathname;
    sqlite3_vfs_register(vfs_.get(), 1);
}

PowerLossVfs::~PowerLossVfs() { sqlite3_vfs_unregister(vfs_.get()); }

void PowerLossVfs::fail_after(std::size_t writes) {
    armed_ = true;
    failed_ = false;
    writes_left_ = writes;
}

bool PowerLossVfs::may_write() {
    if (failed_) return false;
    if (!armed_) return true;
    if (writes_left_ == 0) {
        failed_ = true;
        return false;
    }
    --writes_left_;
    return true;
}

void PowerLossVfs::cut() {
    for (auto& [name, file] : files_) file.current = file.synced;
    shm_.clear();
    armed_ = false;
    failed_ = false;
}

}  // namespace peeringd::test
