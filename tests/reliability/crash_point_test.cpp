// RELIABILITY.md §1.6: the daemon SIGKILLs itself at a named moment (PEERINGD_CRASH_POINT,
// storage/crash_point.hpp) and the restarted daemon passes the kill -9 harness's checks.
// Every label runs at least five times.
#include "tests/reliability/crash_model.hpp"
#include "tests/reliability/notified_daemon.hpp"
#include "tests/integration/daemon_fixture.hpp"
#include "tests/support/temp_dir.hpp"

#include "storage/migrator.hpp"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

namespace peeringd::test {
namespace {

constexpr int kKilled = 128 + SIGKILL;
const std::vector<std::string> kArgs{"--quota", "1000000"};

class CrashPoints : public ::testing::Test {
protected:
    void SetUp() override {
        if (!PEERINGD_CRASH_POINTS_BUILT)
            GTEST_SKIP() << "built with -DPEERINGD_TEST_HOOKS=OFF: the crash points are compiled out";
    }

    std::unique_ptr<NotifiedDaemon> launch(const std::string& crash_point, std::vector<std::string> args = kArgs) {
        std::vector<std::string> env;
        if (!crash_point.empty()) env.push_back("PEERINGD_CRASH_POINT=" + crash_point);
        return std::make_unique<NotifiedDaemon>(dir_.path(), db_, std::move(args), std::move(env));
    }

    /// Drives `connections` workers until the daemon kills itself at its crash point.
    void run_until_crash(CrashModel& model, NotifiedDaemon& daemon, int connections) {
        ASSERT_TRUE(daemon.wait_ready()) << daemon_log(dir_.path());
        model.start(daemon.port(), connections);
        const auto code = daemon.process().wait_exit(std::chrono::seconds(60));
        if (!code) daemon.process().stop(SIGKILL);
        model.join();
        ASSERT_EQ(code, std::optional<int>(kKilled)) << "the crash point was not reached\n" << daemon_log(dir_.path());
    }

    /// Restarts without a crash point and runs the harness's checks; returns the daemon.
    std::unique_ptr<NotifiedDaemon> restart_and_verify(CrashModel& model) {
        auto daemon = launch("");
        EXPECT_TRUE(daemon->wait_ready()) << daemon_log(dir_.path());
        EXPECT_LT(daemon->ready_after(), std::chrono::seconds(2));
        const auto violations = model.verify(daemon->port(), read_snapshot(db_));
        for (const auto& v : violations) ADD_FAILURE() << v;
        return daemon;
    }

    TempDir dir_;
    std::filesystem::path db_ = dir_.file("peeringd.db");
};

TEST_F(CrashPoints, BeforeCommitLosesExactlyTheUnansweredWrite) {
    CrashModel model(1);
    for (int nth = 1; nth <= 5; ++nth) {
        const auto before = model.totals();
        auto daemon = launch("before_commit:" + std::to_string(nth));
        ASSERT_NO_FATAL_FAILURE(run_until_crash(model, *daemon, 1));
        EXPECT_EQ(model.totals().acknowledged - before.acknowledged, static_cast<std::uint64_t>(nth - 1));
        restart_and_verify(model);
        EXPECT_EQ(model.totals().unknown_not_applied - before.unknown_not_applied, 1u) << "run " << nth;
        EXPECT_EQ(model.totals().unknown_applied, before.unknown_applied) << "run " << nth;
    }
}

TEST_F(CrashPoints, AfterCommitBeforeReplyKeepsTheUnansweredWrite) {
    CrashModel model(2);
    for (int nth = 1; nth <= 5; ++nth) {
        const auto before = model.totals();
        auto daemon = launch("after_commit_before_reply:" + std::to_string(nth));
        ASSERT_NO_FATAL_FAILURE(run_until_crash(model, *daemon, 1));
        restart_and_verify(model);
        EXPECT_EQ(model.totals().unknown_applied - before.unknown_applied, 1u) << "run " << nth;
        EXPECT_EQ(model.totals().unknown_not_applied, before.unknown_not_applied) << "run " << nth;
    }
    // The first run's only request was a create (the file was new): its blind re-send was a
    // 409 naming the row the lost answer would have named.
    EXPECT_GE(model.totals().resent_conflict, 1u);
}

TEST_F(CrashPoints, MidExpirySweepExpiresTheWholeBatchOrNothing) {
    std::vector<std::string> pending;
    const std::vector<std::string> due_args{"--pending-ttl", "1", "--sweep-interval", "1"};
    {
        // Deadlines one second ahead, and no sweep after the one at start-up.
        auto daemon = launch("", {"--pending-ttl", "1", "--sweep-interval", "3600"});
        ASSERT_TRUE(daemon->wait_ready()) << daemon_log(dir_.path());
        HttpClient client(daemon->port());
        for (int i = 0; i < 3; ++i) {
            const auto r = client.request("POST", kPeerings, kProjectA,
                                          create_body("due" + std::to_string(i), random_vpc(), random_vpc(), kProjectB));
            ASSERT_EQ(r.status, 201) << r.body;
            pending.emplace_back(r.json().at("peering").at("id").as_string());
        }
        EXPECT_EQ(daemon->process().stop(SIGTERM), std::optional<int>(0));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // past the deadlines
    for (int run = 1; run <= 5; ++run) {
        auto daemon = launch("mid_expiry_sweep", due_args);
        EXPECT_EQ(daemon->process().wait_exit(std::chrono::seconds(20)), std::optional<int>(kKilled))
            << daemon_log(dir_.path());
        const auto snapshot = read_snapshot(db_);
        EXPECT_EQ(snapshot.integrity, "ok");
        for (const auto& id : pending) {
            EXPECT_EQ(snapshot.by_id.at(id).status, "PENDING_ACCEPTANCE") << "run " << run;
            EXPECT_EQ(snapshot.by_id.at(id).history, std::vector<std::string>{"create"}) << "run " << run;
        }
    }
    auto daemon = launch("", due_args);
    ASSERT_TRUE(daemon->wait_ready()) << daemon_log(dir_.path());
    EXPECT_EQ(daemon->process().stop(SIGTERM), std::optional<int>(0));
    const auto snapshot = read_snapshot(db_);
    for (const auto& id : pending) {
        EXPECT_EQ(snapshot.by_id.at(id).status, "EXPIRED");
        EXPECT_EQ(snapshot.by_id.at(id).history, (std::vector<std::string>{"create", "expire"}));
    }
}

TEST_F(CrashPoints, MidCheckpointLosesNothing) {
    CrashModel model(3);
    {
        // The file exists before the crash runs, so every write to it is a checkpoint's.
        auto daemon = launch("");
        ASSERT_TRUE(daemon->wait_ready()) << daemon_log(dir_.path());
        EXPECT_EQ(daemon->process().stop(SIGTERM), std::optional<int>(0));
    }
    for (int run = 1; run <= 5; ++run) {
        // The second page write: the first page is copied, the WAL is not reset yet.
        auto daemon = launch("mid_checkpoint:2");
        ASSERT_NO_FATAL_FAILURE(run_until_crash(model, *daemon, 4));
        auto restarted = restart_and_verify(model);
        // A clean stop checkpoints the WAL, so the next run's crash is again inside a checkpoint.
        EXPECT_EQ(restarted->process().stop(SIGTERM), std::optional<int>(0));
    }
}

TEST_F(CrashPoints, DuringShutdownLosesNothing) {
    CrashModel model(4);
    for (int run = 1; run <= 5; ++run) {
        auto daemon = launch("during_shutdown");
        ASSERT_TRUE(daemon->wait_ready()) << daemon_log(dir_.path());
        model.start(daemon->port(), 4);
        std::this_thread::sleep_for(std::chrono::milliseconds(300 + 100 * run));
        EXPECT_EQ(daemon->process().stop(SIGTERM), std::optional<int>(kKilled)) << daemon_log(dir_.path());
        model.join();
        auto restarted = restart_and_verify(model);
        EXPECT_EQ(restarted->process().stop(SIGTERM), std::optional<int>(0));
    }
    EXPECT_GT(model.totals().acknowledged, 0u);
}

/// The schema a file has after the first `version` migrations, built directly.
std::vector<std::string> schema_at(const std::filesystem::path& dir, int version) {
    const auto path = dir / ("reference-" + std::to_string(version) + ".db");
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        storage::migrate(db, migrations::embedded_migrations().first(static_cast<std::size_t>(version)));
    }
    return read_snapshot(path).schema;
}

TEST_F(CrashPoints, MidMigrationLeavesTheOldSchemaExactly) {
    const int latest = storage::latest_schema_version();
    int runs = 0;
    for (int chain = 0; chain < 2 || runs < 5; ++chain) {
        std::filesystem::remove(db_);
        // Each start applies the migrations after the last crash and dies inside migration n.
        for (int n = 1; n <= latest; ++n, ++runs) {
            auto daemon = launch("mid_migration_" + std::to_string(n));
            EXPECT_EQ(daemon->process().wait_exit(std::chrono::seconds(20)), std::optional<int>(kKilled))
                << daemon_log(dir_.path());
            const auto snapshot = read_snapshot(db_);
            EXPECT_EQ(snapshot.integrity, "ok");
            EXPECT_EQ(snapshot.schema_version, n - 1);
            EXPECT_EQ(snapshot.schema, schema_at(dir_.path(), n - 1)) << "crash inside migration " << n;
        }
        auto daemon = launch("");
        ASSERT_TRUE(daemon->wait_ready()) << daemon_log(dir_.path());
        EXPECT_EQ(daemon->process().stop(SIGTERM), std::optional<int>(0));
        EXPECT_EQ(read_snapshot(db_).schema_version, latest);
    }
}

}  // namespace
}  // namespace peeringd::test
