// Invariants under concurrency: pair uniqueness and quota with one connection per thread, and
// DbWorker end to end from coroutines on an io_context, including a held write lock.
#include "storage/db_worker.hpp"
#include "storage/peering_repository.hpp"
#include "tests/storage/storage_test_support.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <exception>
#include <functional>
#include <latch>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace peeringd::storage::test {
namespace {

namespace asio = boost::asio;
using domain::ErrorCode;
using domain::PeeringStatus;

/// What one racing thread got: a Result, or the engine error it threw.
struct Outcome {
    std::optional<Result<domain::Peering>> result;
    std::optional<std::string> engine_error;
};

/// Runs `job(i, repo)` on `threads` threads at once, each with its own read-write connection
/// and repository and in a transaction of its own, all released together by a latch.
std::vector<Outcome> race(const std::string& path, int threads, const RepositoryPolicy& policy,
                          const std::function<Result<domain::Peering>(int, PeeringRepository&)>& job) {
    std::vector<Outcome> outcomes(static_cast<std::size_t>(threads));
    std::latch start{threads};
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) {
        pool.emplace_back([&, i] {
            auto& out = outcomes[static_cast<std::size_t>(i)];
            try {
                auto conn = open_session(path, OpenMode::read_write, 5000ms);
                PeeringRepository repo{*conn, policy};
                start.arrive_and_wait();
                out.result.emplace(in_transaction(*conn, [&] { return job(i, repo); }));
            } catch (const std::exception& e) {
                out.engine_error = e.what();
            }
        });
    }
    for (auto& t : pool) t.join();
    return outcomes;
}

TEST(ConcurrentCreates, OnePairHasExactlyOneWinner) {
    TestDatabase test_db;
    constexpr int kThreads = 8;
    RepositoryPolicy policy;

    // Half the threads ask for {1, 2} from A's side, half for {2, 1} from B's side.
    const auto outcomes = race(test_db.path, kThreads, policy, [](int i, PeeringRepository& repo) {
        return i % 2 == 0
                   ? repo.create(create_command(1, 2, kProjectB), actor(kProjectA), kNow)
                   : repo.create(create_command(2, 1, kProjectA), actor(kProjectB), kNow);
    });

    std::vector<std::string> winners;
    for (const auto& o : outcomes) {
        ASSERT_FALSE(o.engine_error.has_value()) << "engine error " << *o.engine_error;
        ASSERT_TRUE(o.result.has_value());
        if (o.result->has_value()) winners.push_back(o.result->value().id);
    }
    ASSERT_EQ(winners.size(), 1U);
    for (const auto& o : outcomes) {
        if (o.result->has_value()) continue;
        EXPECT_TRUE(fails_with(*o.result, ErrorCode::peering_exists));
        EXPECT_NE(o.result->error().message.find(winners[0]), std::string::npos)
            << o.result->error().message;
    }
    EXPECT_EQ(count_rows(test_db.db(), "SELECT count(*) FROM peerings"), 1);
    EXPECT_EQ(count_rows(test_db.db(), "SELECT count(*) FROM peering_history"), 1);
}

TEST(ConcurrentCreates, QuotaAdmitsExactlyTheLimit) {
    TestDatabase test_db;
    constexpr int kThreads = 12;
    constexpr long long kQuota = 5;
    RepositoryPolicy policy;
    policy.quota.per_project[kProjectA] = kQuota;

    const auto outcomes = race(test_db.path, kThreads, policy, [](int i, PeeringRepository& repo) {
        return repo.create(create_command(2 * i + 1, 2 * i + 2, kProjectB), actor(kProjectA), kNow);
    });

    long long successes = 0;
    for (const auto& o : outcomes) {
        ASSERT_FALSE(o.engine_error.has_value()) << "engine error " << *o.engine_error;
        ASSERT_TRUE(o.result.has_value());
        if (o.result->has_value()) {
            ++successes;
        } else {
            EXPECT_TRUE(fails_with(*o.result, ErrorCode::over_quota));
        }
    }
    EXPECT_EQ(successes, kQuota);
    EXPECT_EQ(count_rows(test_db.db(), "SELECT count(*) FROM peerings"), kQuota);
}

TEST(ConcurrentAnswers, AcceptAndRejectRaceHasOneWinner) {
    TestDatabase test_db;
    Autocommit<PeeringRepository> setup{test_db.db(), RepositoryPolicy{}};
    const auto p = setup->create(create_command(1, 2, kProjectB), actor(kProjectA), kNow);
    ASSERT_TRUE(succeeded(p));
    const std::string id = p.value().id;

    const auto outcomes = race(test_db.path, 8, {}, [&id](int i, PeeringRepository& repo) {
        return i % 2 == 0 ? repo.accept(id, actor(kProjectB), kNow)
                          : repo.reject(id, actor(kProjectB), kNow);
    });

    int winners = 0;
    for (const auto& o : outcomes) {
        ASSERT_FALSE(o.engine_error.has_value()) << "engine error " << *o.engine_error;
        if (o.result->has_value()) {
            ++winners;
        } else {
            EXPECT_TRUE(fails_with(*o.result, ErrorCode::status_invalid));
        }
    }
    EXPECT_EQ(winners, 1);
    EXPECT_EQ(history_of(test_db.db(), id).size(), 2U);
}

// --- DbWorker ------------------------------------------------------------------------------------

StorageOptions worker_options(const std::string& path, std::chrono::milliseconds busy_timeout) {
    StorageOptions options;
    options.path = path;
    options.busy_timeout = busy_timeout;
    options.readers = 2;
    options.policy = policy_with_ttl(1h);
    return options;
}

/// Spawns `task` on a fresh io_context, runs it to completion and rethrows what escaped it.
void run_coroutine(asio::awaitable<void> task) {
    asio::io_context io;
    std::exception_ptr failure;
    asio::co_spawn(io, std::move(task), [&failure](std::exception_ptr e) { failure = e; });
    io.run();
    if (failure) std::rethrow_exception(failure);
}

struct RoundTrip {
    std::optional<Result<domain::Peering>> created;
    std::optional<Result<domain::Peering>> accepted;
    std::optional<Result<domain::Peering>> found;
    std::optional<Result<ListPage>> listed;
    std::optional<Result<void>> removed;
};

// The lambdas are built outside the co_await expressions (GCC 12 relocates lambda temporaries
// that capture non-trivial objects bytewise).
asio::awaitable<void> round_trip(DbWorker& db, RoundTrip& out) {
    const auto cmd = create_command(1, 2, kProjectB, "through-the-worker");
    const auto requester = actor(kProjectA, "req-1");
    auto create = db.write([cmd, requester](Repositories& repos) {
        return repos.peerings.create(cmd, requester, kNow);
    });
    out.created = co_await std::move(create);
    if (!out.created->has_value()) co_return;
    const std::string id = out.created->value().id;

    const auto accepter = actor(kProjectB, "req-2");
    auto accept = db.write([id, accepter](Repositories& repos) {
        return repos.peerings.accept(id, accepter, kNow + 1min);
    });
    out.accepted = co_await std::move(accept);

    const std::optional<std::string> caller = kProjectA;
    auto find = db.read([id, caller](Repositories& repos) {
        return repos.peerings.find(id, caller, kNow + 2min);
    });
    out.found = co_await std::move(find);

    ListQuery query;
    query.visible_to = kProjectB;
    auto list = db.read([query](Repositories& repos) { return repos.peerings.list(query, kNow + 2min); });
    out.listed = co_await std::move(list);

    auto remove = db.write([id, accepter](Repositories& repos) {
        return repos.peerings.remove(id, accepter, kNow + 3min);
    });
    out.removed = co_await std::move(remove);
}

TEST(DbWorker, WritesAndReadsFromCoroutines) {
    TestDatabase test_db;
    DbWorker db{worker_options(test_db.path, 2000ms)};
    RoundTrip out;

    run_coroutine(round_trip(db, out));

    ASSERT_TRUE(out.created.has_value());
    ASSERT_TRUE(succeeded(*out.created));
    EXPECT_EQ(out.created->value().status, PeeringStatus::pending_acceptance);
    EXPECT_EQ(out.created->value().name, "through-the-worker");
    ASSERT_TRUE(out.accepted.has_value());
    ASSERT_TRUE(succeeded(*out.accepted));
    EXPECT_EQ(out.accepted->value().status, PeeringStatus::active);
    ASSERT_TRUE(out.found.has_value());
    ASSERT_TRUE(succeeded(*out.found));
    EXPECT_EQ(out.found->value(), out.accepted->value());
    ASSERT_TRUE(out.listed.has_value());
    ASSERT_TRUE(succeeded(*out.listed));
    ASSERT_EQ(out.listed->value().items.size(), 1U);
    EXPECT_EQ(out.listed->value().items[0].id, out.created->value().id);
    ASSERT_TRUE(out.removed.has_value());
    EXPECT_TRUE(succeeded(*out.removed));
    EXPECT_GE(db.writer_jobs_done(), 3U);
    db.stop();
    EXPECT_EQ(stored_row(test_db.db(), out.created->value().id)->status, "DELETED");
}

asio::awaitable<void> create_one(DbWorker& db, int n, std::optional<Result<domain::Peering>>& out) {
    const auto cmd = create_command(2 * n + 1, 2 * n + 2, kProjectB, "p" + std::to_string(n));
    auto pending = db.write([cmd](Repositories& repos) {
        return repos.peerings.create(cmd, actor(kProjectA), kNow);
    });
    out = co_await std::move(pending);
}

TEST(DbWorker, ConcurrentCoroutinesAllGetTheirOwnResults) {
    TestDatabase test_db;
    DbWorker db{worker_options(test_db.path, 2000ms)};
    constexpr int kCoroutines = 16;
    std::vector<std::optional<Result<domain::Peering>>> results(kCoroutines);
    std::vector<std::exception_ptr> failures(kCoroutines);

    asio::io_context io;
    for (int i = 0; i < kCoroutines; ++i) {
        const auto slot = static_cast<std::size_t>(i);
        asio::co_spawn(io, create_one(db, i, results[slot]),
                       [&failures, slot](std::exception_ptr e) { failures[slot] = e; });
    }
    io.run();

    for (int i = 0; i < kCoroutines; ++i) {
        const auto slot = static_cast<std::size_t>(i);
        ASSERT_FALSE(failures[slot]) << i;
        ASSERT_TRUE(results[slot].has_value()) << i;
        ASSERT_TRUE(succeeded(*results[slot])) << i;
        EXPECT_EQ(results[slot]->value().name, "p" + std::to_string(i));
        EXPECT_EQ(results[slot]->value().request.vpc_id, vpc(2 * i + 1));
    }
    EXPECT_EQ(db.writer_jobs_done(), static_cast<std::uint64_t>(kCoroutines));
    EXPECT_EQ(count_rows(test_db.db(), "SELECT count(*) FROM peerings"), kCoroutines);
}

struct LockedOutcome {
    std::optional<Result<domain::Peering>> write;
    std::optional<Result<ListPage>> read;
};

asio::awaitable<void> write_and_read(DbWorker& db, LockedOutcome& out) {
    const auto cmd = create_command(5, 6, kProjectB);
    auto write = db.write([cmd](Repositories& repos) {
        return repos.peerings.create(cmd, actor(kProjectA), kNow);
    });
    out.write = co_await std::move(write);
    auto read = db.read([](Repositories& repos) { return repos.peerings.list(ListQuery{}, kNow); });
    out.read = co_await std::move(read);
}

TEST(DbWorker, HeldWriteLockMakesWritesUnavailableButNotReads) {
    TestDatabase test_db;
    Autocommit<PeeringRepository> setup{test_db.db(), RepositoryPolicy{}};
    ASSERT_TRUE(succeeded(setup->create(create_command(1, 2, ""), actor(kProjectA), kNow)));
    DbWorker db{worker_options(test_db.path, 100ms)};
    // Another connection holds the write lock (SQLite's file lock, PostgreSQL's feed_head row).
    auto blocker = test_db.open();
    blocker->begin_write();

    LockedOutcome locked;
    run_coroutine(write_and_read(db, locked));

    ASSERT_TRUE(locked.write.has_value());
    EXPECT_TRUE(fails_with(*locked.write, ErrorCode::unavailable));
    ASSERT_TRUE(locked.read.has_value());
    ASSERT_TRUE(succeeded(*locked.read));
    EXPECT_EQ(locked.read->value().items.size(), 1U);

    // Once the lock is gone the same worker writes again.
    blocker->exec("ROLLBACK");
    LockedOutcome unlocked;
    run_coroutine(write_and_read(db, unlocked));
    ASSERT_TRUE(unlocked.write.has_value());
    EXPECT_TRUE(succeeded(*unlocked.write));
    ASSERT_TRUE(unlocked.read.has_value());
    ASSERT_TRUE(succeeded(*unlocked.read));
    EXPECT_EQ(unlocked.read->value().items.size(), 2U);
}

asio::awaitable<void> throwing_job(DbWorker& db, std::string& caught) {
    auto pending = db.write([](Repositories&) -> Result<domain::Peering> {
        throw std::runtime_error("bug in a job");
    });
    try {
        [[maybe_unused]] auto never = co_await std::move(pending);
    } catch (const std::runtime_error& e) {
        caught = e.what();
    }
}

TEST(DbWorker, NonSqliteExceptionsComeBackToTheCaller) {
    TestDatabase test_db;
    DbWorker db{worker_options(test_db.path, 2000ms)};
    std::string caught;

    run_coroutine(throwing_job(db, caught));

    EXPECT_EQ(caught, "bug in a job");
    // The worker survives and keeps serving.
    const auto after = db.write_blocking([](Repositories& repos) {
        return repos.peerings.create(create_command(1, 2, ""), actor(kProjectA), kNow);
    });
    EXPECT_TRUE(succeeded(after));
}

TEST(DbWorker, WriteBlockingTranslatesBusyToUnavailable) {
    TestDatabase test_db;
    DbWorker db{worker_options(test_db.path, 100ms)};
    // Another connection holds the write lock (SQLite's file lock, PostgreSQL's feed_head row).
    auto blocker = test_db.open();
    blocker->begin_write();

    const auto r = db.write_blocking([](Repositories& repos) { return repos.peerings.expire_due(kNow, 10); });

    EXPECT_TRUE(fails_with(r, ErrorCode::unavailable));
    blocker->exec("ROLLBACK");
}

}  // namespace
}  // namespace peeringd::storage::test
