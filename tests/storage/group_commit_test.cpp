// Group commit in DbWorker: the write jobs queued together run in one transaction, each in its
// own savepoint. A gate job holds the writer thread while the test queues the jobs, so they
// form one batch deterministically (no sleeps, no timing).
#include "storage/db_worker.hpp"
#include "storage/peering_repository.hpp"
#include "tests/storage/storage_test_support.hpp"

#include <SQLiteCpp/Database.h>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace peeringd::storage::test {
namespace {

namespace asio = boost::asio;
using domain::ErrorCode;

using Job = std::function<Result<domain::Peering>(Repositories&)>;

/// What one caller got back, and whether its row was durable when it was resumed.
struct Outcome {
    std::optional<Result<domain::Peering>> result;
    std::string exception;
    std::optional<bool> visible_on_resume;
};

StorageOptions options(const std::string& path, std::chrono::milliseconds busy_timeout = 2000ms) {
    StorageOptions o;
    o.path = path;
    o.busy_timeout = busy_timeout;
    o.readers = 1;
    o.policy = policy_with_ttl(1h);
    return o;
}

/// Whether a fresh connection (not the writer's) sees the peering: it is committed.
bool committed(const std::string& path, const std::string& id) {
    auto fresh = open_session(path, OpenMode::read_only, 2000ms);
    return stored_row(*fresh, id).has_value();
}

// The job travels in a shared_ptr: GCC 12 relocates class-type coroutine parameters bytewise.
asio::awaitable<void> submit(DbWorker& db, std::shared_ptr<const Job> job, Outcome& out,
                             const std::string& path) {
    auto pending = db.write([job](Repositories& repos) { return (*job)(repos); });
    try {
        out.result = co_await std::move(pending);
        if (out.result->has_value()) out.visible_on_resume = committed(path, out.result->value().id);
    } catch (const std::exception& e) {
        out.exception = e.what();
    }
}

asio::awaitable<void> hold_writer(DbWorker& db, std::shared_future<void> released) {
    auto pending = db.write_alone([released](Repositories&) {
        released.wait();
        return Result<void>{};
    });
    (void)co_await std::move(pending);
}

/// Queues `jobs` while a gate job holds the writer, then lets the writer take them all at once.
std::vector<Outcome> run_as_one_batch(DbWorker& db, const std::string& path,
                                      const std::vector<Job>& jobs) {
    std::vector<Outcome> outcomes(jobs.size());
    asio::io_context io;
    std::promise<void> gate;
    asio::co_spawn(io, hold_writer(db, gate.get_future().share()), asio::detached);
    for (std::size_t i = 0; i < jobs.size(); ++i)
        asio::co_spawn(io, submit(db, std::make_shared<const Job>(jobs[i]), outcomes[i], path),
                       asio::detached);
    io.poll();  // every coroutine runs up to its co_await: all jobs are queued behind the gate
    gate.set_value();
    io.run();
    return outcomes;
}

Job create_job(int n) {
    return [n](Repositories& repos) {
        return repos.peerings.create(create_command(2 * n + 1, 2 * n + 2, kProjectB, "p" + std::to_string(n)),
                           actor(kProjectA), kNow);
    };
}

TEST(GroupCommit, AFailingJobRollsBackOnlyItsOwnSavepoint) {
    TestDatabase test_db;
    DbWorker db{options(test_db.path)};
    const std::vector<Job> jobs{
        create_job(0),
        // Its use case commits (RELEASE), then the job throws: the job's savepoint undoes it.
        [](Repositories& repos) -> Result<domain::Peering> {
            (void)repos.peerings.create(create_command(101, 102, kProjectB, "thrower"), actor(kProjectA), kNow);
            throw std::runtime_error("bug after a write");
        },
        // An error value whose use case rolled back its own work.
        [](Repositories& repos) {
            return repos.peerings.update("11111111-2222-4333-8444-555555555555", domain::UpdateCommand{"x", {}},
                               actor(kProjectA), kNow);
        },
        create_job(3),
    };

    const auto out = run_as_one_batch(db, test_db.path, jobs);

    EXPECT_EQ(db.writer_transactions(), 2U) << "the gate, then one batch";
    EXPECT_EQ(db.writer_jobs_done(), 5U);
    ASSERT_TRUE(out[0].result && succeeded(*out[0].result));
    EXPECT_EQ(out[1].exception, "bug after a write");
    ASSERT_TRUE(out[2].result.has_value());
    EXPECT_TRUE(fails_with(*out[2].result, ErrorCode::not_found));
    ASSERT_TRUE(out[3].result && succeeded(*out[3].result));
    EXPECT_EQ(count_rows(test_db.db(), "SELECT count(*) FROM peerings"), 2);
    EXPECT_EQ(count_rows(test_db.db(), "SELECT count(*) FROM peerings WHERE name = 'thrower'"), 0);
    EXPECT_EQ(count_rows(test_db.db(), "SELECT count(*) FROM peering_history"), 2);
}

TEST(GroupCommit, NobodyIsResumedBeforeTheCommitThatHoldsTheirChange) {
    TestDatabase test_db;
    DbWorker db{options(test_db.path)};
    std::vector<Job> jobs;
    for (int i = 0; i < 20; ++i) jobs.push_back(create_job(i));

    const auto out = run_as_one_batch(db, test_db.path, jobs);

    // The gate job's transaction, then the 20 in as few batches as the engine allows.
    const std::size_t batch = on_postgresql() ? DbWorker::kMaxPostgresqlBatch : DbWorker::kMaxBatch;
    EXPECT_EQ(db.writer_transactions(), 1 + (jobs.size() + batch - 1) / batch);
    for (const auto& o : out) {
        ASSERT_TRUE(o.result && succeeded(*o.result)) << o.exception;
        EXPECT_EQ(o.visible_on_resume, true) << o.result->value().id;
    }
}

TEST(GroupCommit, JobsOfABatchRunInQueueOrder) {
    TestDatabase test_db;
    Autocommit<PeeringRepository> setup{test_db.db(), RepositoryPolicy{}};
    const auto p = setup->create(create_command(1, 2, kProjectB), actor(kProjectA), kNow);
    ASSERT_TRUE(succeeded(p));
    const std::string id = p.value().id;
    DbWorker db{options(test_db.path)};
    std::vector<Job> jobs;
    for (int i = 0; i < 10; ++i)
        jobs.push_back([id, i](Repositories& repos) {
            return repos.peerings.update(id, domain::UpdateCommand{"n" + std::to_string(i), {}},
                               actor(kProjectA, "req-" + std::to_string(i)), kNow);
        });

    const auto out = run_as_one_batch(db, test_db.path, jobs);

    EXPECT_EQ(db.writer_transactions(), 2U);
    for (std::size_t i = 0; i < out.size(); ++i) {
        ASSERT_TRUE(out[i].result && succeeded(*out[i].result));
        EXPECT_EQ(out[i].result->value().name, "n" + std::to_string(i));
    }
    const auto history = history_of(test_db.db(), id);
    ASSERT_EQ(history.size(), 11U);
    for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(history[i + 1].request_id, "req-" + std::to_string(i));
    EXPECT_EQ(count_rows(test_db.db(), "SELECT count(*) FROM peerings WHERE name = 'n9'"), 1);
}

TEST(GroupCommit, WhenTheBatchCannotCommitEveryJobIsUnavailable) {
    TestDatabase test_db;
    DbWorker db{options(test_db.path, 100ms)};
    auto blocker = test_db.open();
    blocker->begin_write();  // another process holds the write lock past the timeout
    const std::vector<Job> jobs{create_job(0), create_job(1), create_job(2)};

    const auto out = run_as_one_batch(db, test_db.path, jobs);

    for (const auto& o : out) {
        ASSERT_TRUE(o.result.has_value()) << o.exception;
        EXPECT_TRUE(fails_with(*o.result, ErrorCode::unavailable));
    }
    blocker->exec("ROLLBACK");
    EXPECT_EQ(count_rows(test_db.db(), "SELECT count(*) FROM peerings"), 0);
    // The writer recovers: the next batch commits.
    const auto again = run_as_one_batch(db, test_db.path, jobs);
    for (const auto& o : again) EXPECT_TRUE(o.result && succeeded(*o.result));
}

TEST(GroupCommit, WriteBlockingIsATransactionOfItsOwn) {
    TestDatabase test_db;
    DbWorker db{options(test_db.path)};
    // write_blocking runs outside the writer's batches, in a sql::Transaction of its own that
    // has committed, visible to other connections, when it returns.
    const auto r = db.write_blocking([](Repositories& repos) {
        return repos.peerings.create(create_command(1, 2, kProjectB), actor(kProjectA), kNow);
    });
    ASSERT_TRUE(succeeded(r));
    EXPECT_TRUE(committed(test_db.path, r.value().id));
    EXPECT_EQ(db.writer_transactions(), 0U);
}

}  // namespace
}  // namespace peeringd::storage::test
