// RELIABILITY.md §2: storage faults under the real daemon. The file systems are real: a small
// tmpfs for "disk full" and a read-only bind mount, both in a private mount namespace of this
// test process (they vanish with it). Without the right to mount, those tests say SKIPPED.
#include "tests/reliability/db_snapshot.hpp"
#include "tests/reliability/notified_daemon.hpp"
#include "tests/integration/daemon_fixture.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace peeringd::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

/// Why mounting is impossible here, or empty. The namespace is entered once per process,
/// while it is still single-threaded (unshare(CLONE_NEWNS) refuses threaded callers).
std::string mount_namespace_problem() {
    static const std::string problem = []() -> std::string {
        if (::unshare(CLONE_NEWNS) != 0) return std::string("unshare(CLONE_NEWNS): ") + std::strerror(errno);
        if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
            return std::string("mount --make-rprivate /: ") + std::strerror(errno);
        return {};
    }();
    return problem;
}

/// A mount that is undone at scope exit.
class Mount {
public:
    Mount(const char* source, const fs::path& target, const char* type, unsigned long flags, const std::string& options)
        : target_(target) {
        if (::mount(source, target.c_str(), type, flags, options.empty() ? nullptr : options.c_str()) != 0)
            error_ = std::string("mount ") + target.string() + ": " + std::strerror(errno);
    }
    ~Mount() {
        if (error_.empty()) ::umount2(target_.c_str(), MNT_DETACH);
    }
    Mount(const Mount&) = delete;
    Mount& operator=(const Mount&) = delete;
    const std::string& error() const { return error_; }

private:
    fs::path target_;
    std::string error_;
};

/// Fills the file system of `dir` with one file until it is full; returns its path.
fs::path fill(const fs::path& dir) {
    const auto path = dir / "filler";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const std::string chunk(4096, 'f');
    while (::write(fd, chunk.data(), chunk.size()) > 0) {
    }
    ::close(fd);
    return path;
}

std::string file_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream out;
    out << in.rdbuf();
    return out.str();
}

/// A create that is expected to succeed, as (status, body).
HttpResponse create_in(HttpClient& client, const std::string& name) {
    return client.request("POST", kPeerings, kProjectA, create_body(name, random_vpc(), random_vpc(), kProjectB));
}

class StorageFaults : public ::testing::Test {
protected:
    TempDir dir_;
    fs::path state_ = dir_.path() / "state";
    fs::path db_ = state_ / "peeringd.db";

    void SetUp() override { fs::create_directory(state_); }

    /// A database with a few peerings, the daemon stopped cleanly.
    void populate() {
        NotifiedDaemon daemon(dir_.path(), db_, {});
        ASSERT_TRUE(daemon.wait_ready()) << daemon_log(dir_.path());
        HttpClient client(daemon.port());
        for (int i = 0; i < 40; ++i) ASSERT_EQ(create_in(client, "p" + std::to_string(i)).status, 201);
        ASSERT_EQ(daemon.process().stop(SIGTERM), std::optional<int>(0));
    }

    /// Runs peeringd on db_ to its exit; returns (exit code, output, seconds taken).
    std::tuple<int, std::string, double> run_to_exit() {
        std::string out;
        const auto started = std::chrono::steady_clock::now();
        const int code = run_peeringd({"--listen", "127.0.0.1:0", "--db", db_.string(), "--insecure-dev-auth"}, out, 10s);
        return {code, out, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()};
    }
};

TEST_F(StorageFaults, DiskFullRefusesWritesWith503ServesReadsAndRecoversWithoutRestart) {
    if (const auto problem = mount_namespace_problem(); !problem.empty()) GTEST_SKIP() << "cannot mount a tmpfs: " << problem;
    Mount tmpfs("tmpfs", state_, "tmpfs", 0, "size=4m");
    if (!tmpfs.error().empty()) GTEST_SKIP() << "cannot mount a tmpfs: " << tmpfs.error();
    NotifiedDaemon daemon(dir_.path(), db_, {});
    ASSERT_TRUE(daemon.wait_ready()) << daemon_log(dir_.path());
    HttpClient client(daemon.port());
    std::vector<std::string> acknowledged;
    for (int i = 0; i < 20; ++i) {
        const auto r = create_in(client, "before" + std::to_string(i));
        ASSERT_EQ(r.status, 201) << r.body;
        acknowledged.emplace_back(r.json().at("peering").at("id").as_string());
    }
    const auto filler = fill(state_);
    int refused = 0;
    for (int i = 0; i < 300 && refused < 5; ++i) {
        const auto r = create_in(client, "full" + std::to_string(i));
        if (r.status == 201) {
            acknowledged.emplace_back(r.json().at("peering").at("id").as_string());
            continue;  // the WAL still had room
        }
        ASSERT_EQ(r.status, 503) << r.body;
        EXPECT_FALSE(r.header("Retry-After").empty());
        ++refused;
        // Reads go on while writes cannot.
        EXPECT_EQ(client.request("GET", kPeerings + "/" + acknowledged.front(), kProjectA).status, 200);
        EXPECT_EQ(client.request("GET", kPeerings, kProjectB).status, 200);
    }
    ASSERT_EQ(refused, 5) << "the full file system never refused a write";
    EXPECT_EQ(client.request("PUT", kPeerings + "/" + acknowledged.front() + "/accept", kProjectB).status, 503);
    EXPECT_EQ(client.request("GET", "/healthz").status, 200);

    // Grow the file system: the next write succeeds within a second, same process.
    ASSERT_EQ(::mount(nullptr, state_.c_str(), nullptr, MS_REMOUNT, "size=64m"), 0) << std::strerror(errno);
    const auto grown = std::chrono::steady_clock::now();
    int status = 0;
    while (std::chrono::steady_clock::now() - grown < 1s) {
        const auto r = create_in(client, "after");
        status = r.status;
        if (status == 201) break;
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_EQ(status, 201) << "no successful write within 1 s of growing the file system";
    fs::remove(filler);
    const auto snapshot = read_snapshot(db_);
    EXPECT_EQ(snapshot.integrity, "ok");
    for (const auto& id : acknowledged) EXPECT_TRUE(snapshot.by_id.contains(id)) << id;
    EXPECT_EQ(daemon.process().stop(SIGTERM), std::optional<int>(0)) << daemon_log(dir_.path());
}

TEST_F(StorageFaults, DiskFullAtStartExitsThreeWithinFiveSeconds) {
    if (const auto problem = mount_namespace_problem(); !problem.empty()) GTEST_SKIP() << "cannot mount a tmpfs: " << problem;
    Mount tmpfs("tmpfs", state_, "tmpfs", 0, "size=8m");
    if (!tmpfs.error().empty()) GTEST_SKIP() << "cannot mount a tmpfs: " << tmpfs.error();
    ASSERT_NO_FATAL_FAILURE(populate());
    fill(state_);
    const auto before = file_bytes(db_);
    // An existing database (its WAL index cannot be created) and then a new one: exit 3.
    for (const bool existing : {true, false}) {
        if (!existing) fs::remove(db_);
        const auto [code, out, seconds] = run_to_exit();
        EXPECT_EQ(code, 3) << out;
        EXPECT_LT(seconds, 5.0);
        EXPECT_NE(out.find(db_.string()), std::string::npos) << out;
        if (existing) {
            EXPECT_EQ(file_bytes(db_), before);
        }
    }
}

TEST_F(StorageFaults, ReadOnlyFileSystemAtStartExitsThreeNamingTheFile) {
    if (const auto problem = mount_namespace_problem(); !problem.empty()) GTEST_SKIP() << "cannot bind-mount: " << problem;
    ASSERT_NO_FATAL_FAILURE(populate());
    const auto before = file_bytes(db_);
    // Root ignores chmod 0444, so the state dir becomes a read-only bind mount of itself.
    Mount bind(state_.c_str(), state_, nullptr, MS_BIND, "");
    if (!bind.error().empty()) GTEST_SKIP() << "cannot bind-mount: " << bind.error();
    ASSERT_EQ(::mount(nullptr, state_.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr), 0) << std::strerror(errno);
    const auto [code, out, seconds] = run_to_exit();
    EXPECT_EQ(code, 3) << out;
    EXPECT_NE(out.find(db_.string()), std::string::npos) << out;
    EXPECT_EQ(file_bytes(db_), before);
}

TEST_F(StorageFaults, ReadOnlyAtRuntimeRefusesWritesWith503ServesReadsAndRecovers) {
    // Linux refuses to remount a file system (or a bind mount) read-only while a process holds
    // files on it open for writing (EBUSY), and chmod does not reach open descriptors, so the
    // daemon's test-only fault VFS fails its writes the way EROFS would while a flag file exists.
    if (!PEERINGD_CRASH_POINTS_BUILT)
        GTEST_SKIP() << "needs the fault VFS of a -DPEERINGD_TEST_HOOKS=ON build: the kernel refuses a read-only "
                        "remount under a running daemon";
    const auto flag = dir_.path() / "read-only";
    NotifiedDaemon daemon(dir_.path(), db_, {}, {"PEERINGD_FAULT_READONLY_WHEN=" + flag.string()});
    ASSERT_TRUE(daemon.wait_ready()) << daemon_log(dir_.path());
    HttpClient client(daemon.port());
    const auto first = create_in(client, "first");
    ASSERT_EQ(first.status, 201);
    const std::string id(first.json().at("peering").at("id").as_string());
    { std::ofstream touch(flag); }
    for (int i = 0; i < 3; ++i) {
        const auto refused = create_in(client, "refused" + std::to_string(i));
        EXPECT_EQ(refused.status, 503) << refused.body;
        EXPECT_FALSE(refused.header("Retry-After").empty());
    }
    EXPECT_EQ(client.request("PUT", kPeerings + "/" + id + "/accept", kProjectB).status, 503);
    EXPECT_EQ(client.request("GET", kPeerings + "/" + id, kProjectA).status, 200);
    EXPECT_EQ(client.request("GET", kPeerings, kProjectB).status, 200);
    EXPECT_EQ(client.request("GET", "/healthz").status, 200);
    fs::remove(flag);
    EXPECT_EQ(client.request("PUT", kPeerings + "/" + id + "/accept", kProjectB).status, 200);
    const auto snapshot = read_snapshot(db_);
    EXPECT_EQ(snapshot.integrity, "ok");
    EXPECT_EQ(snapshot.by_id.size(), 1u);  // none of the refused creates left a row
    EXPECT_EQ(snapshot.by_id.at(id).history, (std::vector<std::string>{"create", "accept"}));
    EXPECT_EQ(daemon.process().stop(SIGTERM), std::optional<int>(0)) << daemon_log(dir_.path());
}

/// An admin's `sqlite3` shell that ran `sql` and stays open until killed.
class AdminShell {
public:
    AdminShell(const fs::path& db, const std::string& sql) {
        int in[2], out[2];
        if (::pipe(in) != 0 || ::pipe(out) != 0) throw std::runtime_error("pipe");
        pid_ = ::fork();
        if (pid_ == 0) {
            ::dup2(in[0], STDIN_FILENO);
            ::dup2(out[1], STDOUT_FILENO);
            ::close(in[1]);
            ::close(out[0]);
            ::execlp("sqlite3", "sqlite3", db.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(in[0]);
        ::close(out[1]);
        stdin_ = in[1];
        stdout_ = out[0];
        const auto script = sql + "SELECT 'holding';\n";
        if (::write(stdin_, script.data(), script.size()) != static_cast<ssize_t>(script.size()))
            throw std::runtime_error("write");
    }
    ~AdminShell() {
        kill();
        ::close(stdin_);
        ::close(stdout_);
    }
    AdminShell(const AdminShell&) = delete;
    AdminShell& operator=(const AdminShell&) = delete;

    /// True once the shell has run all of `sql` (within 10 s).
    bool wait_holding() {
        std::string seen;
        const auto until = std::chrono::steady_clock::now() + 10s;
        while (seen.find("holding") == std::string::npos && std::chrono::steady_clock::now() < until) {
            pollfd fd{stdout_, POLLIN, 0};
            if (::poll(&fd, 1, 100) <= 0) continue;
            char buf[256];
            const auto n = ::read(stdout_, buf, sizeof buf);
            if (n <= 0) return false;
            seen.append(buf, static_cast<std::size_t>(n));
        }
        return seen.find("holding") != std::string::npos;
    }
    void kill() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }

private:
    pid_t pid_ = -1;
    int stdin_ = -1;
    int stdout_ = -1;
};

TEST_F(StorageFaults, AdminHoldingTheWriteLockThenKilledLeavesTheDaemonServing) {
    if (::system("command -v sqlite3 >/dev/null 2>&1") != 0) GTEST_SKIP() << "no sqlite3 command-line shell";
    NotifiedDaemon daemon(dir_.path(), db_, {});
    ASSERT_TRUE(daemon.wait_ready()) << daemon_log(dir_.path());
    HttpClient client(daemon.port());
    const auto first = create_in(client, "first");
    ASSERT_EQ(first.status, 201);
    const std::string id(first.json().at("peering").at("id").as_string());
    {
        // BEGIN IMMEDIATE and an insert, never committed. The daemon may hold the lock for a
        // moment; an admin waits for it with .timeout.
        AdminShell admin(db_, ".timeout 5000\nBEGIN IMMEDIATE;\n"
                              "INSERT INTO peering_history (peering_id, action, to_status, changed_at) "
                              "VALUES ('admin-was-here', 'create', 'ACTIVE', '2026-01-01T00:00:00');\n");
        ASSERT_TRUE(admin.wait_holding()) << "sqlite3 did not get the write lock";
        // A create waits out the busy timeout (2 s) and gets 503 with Retry-After; meanwhile
        // reads and the liveness probe answer as usual.
        HttpResponse blocked;
        std::chrono::steady_clock::duration blocked_for{};
        std::thread writer([&, port = daemon.port()] {
            HttpClient own(port);
            const auto started = std::chrono::steady_clock::now();
            blocked = create_in(own, "blocked");
            blocked_for = std::chrono::steady_clock::now() - started;
        });
        std::vector<std::chrono::steady_clock::duration> reads;
        for (int i = 0; i < 100; ++i) {
            const auto started = std::chrono::steady_clock::now();
            EXPECT_EQ(client.request("GET", kPeerings + "/" + id, kProjectA).status, 200);
            reads.push_back(std::chrono::steady_clock::now() - started);
        }
        EXPECT_EQ(client.request("GET", "/healthz").status, 200);
        writer.join();
        EXPECT_EQ(blocked.status, 503) << blocked.body;
        EXPECT_FALSE(blocked.header("Retry-After").empty());
        EXPECT_LE(blocked_for, 2500ms) << "busy timeout 2 s + 0.5 s";
        std::sort(reads.begin(), reads.end());
        EXPECT_LT(reads[98], 100ms) << "GET p99 while the write lock is held";
        admin.kill();
    }
    const auto after = create_in(client, "after");
    EXPECT_EQ(after.status, 201) << after.body;
    EXPECT_EQ(client.request("GET", kPeerings + "/" + id, kProjectB).status, 200);
    const auto snapshot = read_snapshot(db_);
    EXPECT_EQ(snapshot.integrity, "ok");
    EXPECT_FALSE(snapshot.by_id.contains("admin-was-here"));  // the admin's insert died with it
    EXPECT_EQ(daemon.process().stop(SIGTERM), std::optional<int>(0));
}

TEST_F(StorageFaults, CleanShutdownEmptiesTheWalEvenWithAnAdminShellOpen) {
    if (::system("command -v sqlite3 >/dev/null 2>&1") != 0) GTEST_SKIP() << "no sqlite3 command-line shell";
    NotifiedDaemon daemon(dir_.path(), db_, {});
    ASSERT_TRUE(daemon.wait_ready()) << daemon_log(dir_.path());
    HttpClient client(daemon.port());
    for (int i = 0; i < 20; ++i) ASSERT_EQ(create_in(client, "p" + std::to_string(i)).status, 201);
    // Idle between statements, as an admin leaves a shell: it pins no snapshot, but the daemon's
    // connections are no longer the last ones, so SQLite would leave the WAL as it is.
    AdminShell admin(db_, "SELECT count(*) FROM peerings;\n");
    ASSERT_TRUE(admin.wait_holding());
    const fs::path wal = db_.string() + "-wal";
    ASSERT_GT(fs::file_size(wal), 0u);
    EXPECT_EQ(daemon.process().stop(SIGTERM), std::optional<int>(0));
    EXPECT_EQ(fs::file_size(wal), 0u) << "the WAL still holds commits the main file lacks";
    admin.kill();
    EXPECT_EQ(read_snapshot(db_).by_id.size(), 20u);
}

/// RELIABILITY.md §2 corrupted DB at start, at the process level (tests/storage has the same
/// three files against prepare_database): exit 4 within 5 s, the path and SQLite's words in
/// the log, the file byte for byte as it was.
TEST_F(StorageFaults, CorruptDatabaseAtStartExitsFourAndIsLeftAlone) {
    ASSERT_NO_FATAL_FAILURE(populate());
    const auto good = file_bytes(db_);
    const std::size_t page = 4096;
    ASSERT_GE(good.size(), 8 * page);
    std::string middle = good;
    for (std::size_t i = 0; i < page; ++i)
        middle[(good.size() / page / 2) * page + i] = static_cast<char>((i * 7919u + 13u) & 0xffu);
    const std::vector<std::pair<std::string, std::string>> cases{
        {"garbage over the header", std::string(100, 'x') + good.substr(100)},
        {"random bytes in a middle page", middle},
        {"truncated to half", good.substr(0, good.size() / 2)}};
    for (const auto& [what, bytes] : cases) {
        { std::ofstream(db_, std::ios::binary | std::ios::trunc) << bytes; }
        const auto [code, out, seconds] = run_to_exit();
        EXPECT_EQ(code, 4) << what << "\n" << out;
        EXPECT_LT(seconds, 5.0) << what;
        EXPECT_NE(out.find(db_.string()), std::string::npos) << what << "\n" << out;
        EXPECT_EQ(file_bytes(db_), bytes) << what;
    }
}

}  // namespace
}  // namespace peeringd::test
