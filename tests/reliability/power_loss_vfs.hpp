#pragma once
/// A test-only SQLite VFS that keeps files in memory with the semantics of a power cut: each
/// file has the bytes a power cut would leave (what was there at its last xSync) and the bytes
/// the process sees. cut() makes every file fall back to its synced bytes and forgets the
/// shared-memory WAL index, as a machine that lost power and booted again would.
///
/// Single process, single connection at a time: locks always succeed.

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

struct sqlite3_vfs;

namespace peeringd::test {

class PowerLossVfs {
public:
    /// Registers the VFS as SQLite's default for this process until destruction.
    PowerLossVfs();
    ~PowerLossVfs();
    PowerLossVfs(const PowerLossVfs&) = delete;
    PowerLossVfs& operator=(const PowerLossVfs&) = delete;

    /// After `writes` more xWrite/xSync/xTruncate calls the power goes: that call and every
    /// later one fail with SQLITE_IOERR and change nothing, until cut().
    void fail_after(std::size_t writes);
    bool power_failed() const { return failed_; }
    /// The power cut itself: unsynced bytes are gone, the machine is back on.
    void cut();

    struct File {
        std::string synced, current;
    };
    /// Called from the C callbacks.
    File& file(const std::string& name) { return files_[name]; }
    bool exists(const std::string& name) const { return files_.contains(name); }
    void remove(const std::string& name) { files_.erase(name); }
    /// The WAL index regions of a database file (SQLite's -shm), zero-filled when new.
    std::vector<std::unique_ptr<char[]>>& shm(const std::string& name) { return shm_[name]; }
    /// True when this write-like call may go ahead; counts it.
    bool may_write();

private:
    std::unique_ptr<sqlite3_vfs> vfs_;
    std::map<std::string, File> files_;
    std::map<std::string, std::vector<std::unique_ptr<char[]>>> shm_;
    std::size_t writes_left_ = 0;
    bool armed_ = false;
    bool failed_ = false;
};

}  // namespace peeringd::test
