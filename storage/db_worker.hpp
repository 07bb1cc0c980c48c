#pragma once
/// The only door to the database from the network side. `co_await db.write(fn)` queues fn for the one
/// writer thread (one read-write connection), `co_await db.read(fn)` runs it on a small pool of
/// threads with read-only WAL connections, and both resume the caller on its own executor.
/// Reads never wait for the writer.
///
/// Group commit: the writer takes every queued write job (up to kMaxBatch) and runs them in one
/// sql::Transaction, each in its own sql::Savepoint, so one fsync covers them all. A job that
/// throws undoes its savepoint; a use case that returns an error undoes its own (every use
/// case runs in one); nobody is resumed before the COMMIT that holds their change has
/// succeeded, and if that COMMIT fails every job of the batch gets Error{unavailable}.
/// write_alone() jobs run outside any transaction.
///
/// fn takes the connection's Repositories& and returns Result<T>. It must capture by value,
/// must not co_await, and must read the time before the hop. Transient engine failures (busy
/// after the timeout, disk full, read-only, I/O error, a lost PostgreSQL connection) come back
/// as Error{unavailable}; anything else is rethrown in the caller.

#include "domain/error.hpp"
#include "storage/connection.hpp"
#include "storage/sql/transaction.hpp"
#include "storage/write_job.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace peeringd::storage {

struct StorageOptions {
    /// A SQLite file path, or a postgresql:// URI (storage/database.hpp: is_postgresql).
    std::string path;
    std::chrono::milliseconds busy_timeout{2000};
    std::size_t readers = 2;
    RepositoryPolicy policy;
    /// Key for the SKs at rest; null when the daemon runs without signed requests.
    std::shared_ptr<const crypto::SecretBox> secrets;
};

namespace detail {
/// Runs `body`; returns Error{unavailable} for SQLite's transient errors, rethrows the rest.
std::optional<domain::Error> run_translating_errors(const std::function<void()>& body);
}  // namespace detail

class DbWorker {
public:
    /// Most write jobs in one transaction: bounds how long the first job of a batch waits for
    /// the last one and the size of the batch's WAL append.
    static constexpr std::size_t kMaxBatch = 256;
    /// On PostgreSQL: each job runs in two savepoints (the batch's and its use case's), and a
    /// backend caches only 64 subtransaction ids; past that every snapshot on the server slows.
    static constexpr std::size_t kMaxPostgresqlBatch = 16;

    /// WAL frames after which the writer checkpoints itself between two transactions. The
    /// checkpoint connection's PASSIVE copies run beside a busy writer but can never finish
    /// while it keeps appending, so under sustained writes the WAL was never reused and grew
    /// by ~70 MiB/s (every append then also paid the kernel for new file pages). Run by the
    /// only appender, the copy finishes, and the next transaction starts the WAL over.
    static constexpr int kWriterCheckpointFrames = 2048;

    /// Opens the connections; the schema must already be migrated (prepare_database).
    explicit DbWorker(StorageOptions options);
    ~DbWorker();
    DbWorker(const DbWorker&) = delete;
    DbWorker& operator=(const DbWorker&) = delete;

    // read()/write() are plain functions returning an awaitable, not coroutines: GCC 12
    // mishandles lambda temporaries captured into coroutine frames (double destruction), and
    // relocates class-type coroutine parameters bytewise, so fn travels in a unique_ptr.

    /// Runs fn on the writer, batched with other writes (see above).
    template <class F>
    auto write(F fn) -> boost::asio::awaitable<JobResult<F>> {
        return submit(std::make_unique<F>(std::move(fn)), false);
    }

    /// Runs fn on the writer outside any transaction, for work that must begin its own
    /// (BEGIN IMMEDIATE probes) or cannot run inside one (WAL checkpoints).
    template <class F>
    auto write_alone(F fn) -> boost::asio::awaitable<JobResult<F>> {
        return submit(std::make_unique<F>(std::move(fn)), true);
    }

    template <class F>
    auto read(F fn) -> boost::asio::awaitable<JobResult<F>> {
        return boost::asio::co_spawn(reader_pool_, run_read(std::make_unique<ReaderJob<F>>(ReaderJob<F>{this, std::move(fn)})),
                                     boost::asio::use_awaitable);
    }

    /// Like read(), but runs fn on the caller's own thread, on a read-only connection leased
    /// from the same pool: for lookups by key (one index probe, microseconds), where the two
    /// thread hops of read() cost more than the query (GET by id 1.14x faster side by side,
    /// BENCHMARKS.md). Unbounded reads (lists, counts, feeds) must use read(): here they would
    /// hold a network thread.
    template <class F>
    auto read_point(F fn) -> boost::asio::awaitable<JobResult<F>> {
        return run_read(std::make_unique<ReaderJob<F>>(ReaderJob<F>{this, std::move(fn)}));
    }

    /// Runs fn on a read-write connection and thread of their own, beside the writer, with no
    /// busy timeout: for WAL checkpoints (the writer runs with automatic checkpoints off, so that
    /// no COMMIT pays for copying the WAL back). fn must not write.
    template <class F>
    auto checkpoint(F fn) -> boost::asio::awaitable<JobResult<F>> {
        return boost::asio::co_spawn(checkpoint_pool_, run_read(std::make_unique<CheckpointJob<F>>(CheckpointJob<F>{this, std::move(fn)})),
                                     boost::asio::use_awaitable);
    }

    /// Synchronous write on the caller's thread, in a transaction of its own, for start-up
    /// code and tests that own no coroutine; the writer thread must be idle.
    template <class F>
    auto write_blocking(F fn) -> JobResult<F> {
        return run_blocking([&] {
            sql::Transaction tx{*writer_->session};
            auto out = fn(writer_->repositories);
            tx.commit();
            return out;
        });
    }

    /// Like write_blocking(), outside any transaction (the final WAL checkpoint at shutdown).
    template <class F>
    auto write_alone_blocking(F fn) -> JobResult<F> {
        return run_blocking([&] { return fn(writer_->repositories); });
    }

    /// Count of write jobs the writer finished; the watchdog checks that it moves.
    std::uint64_t writer_jobs_done() const noexcept { return writer_jobs_done_.load(); }

    /// Count of write transactions (a batch, or one job alone) the writer finished.
    std::uint64_t writer_transactions() const noexcept { return writer_transactions_.load(); }

    /// Called on the writer thread after every write transaction (a batch, or one job alone)
    /// with its duration: BEGIN IMMEDIATE (lock wait included), the jobs, and COMMIT. Lets the
    /// daemon feed a latency metric without storage knowing about metrics. Set it before the
    /// first write or while no write can be queued; not thread-safe.
    void observe_writes(std::function<void(std::chrono::steady_clock::duration)> observer) {
        write_observer_ = std::move(observer);
    }

    /// Called on the writer thread after every write transaction (a batch, or one job alone)
    /// has committed or rolled back, before any of its callers resumes, with the writer's
    /// repository (e.g. to read and announce what committed). Its exceptions are swallowed: a
    /// committed write must never be reported as failed. Set it before the first write; not
    /// thread-safe.
    void after_writes(std::function<void(Repositories&)> hook) { after_write_ = std::move(hook); }

    /// Runs the queued jobs and joins the threads. Idempotent.
    void stop();

private:
    class ReaderLease {
    public:
        ReaderLease(DbWorker& owner, std::unique_ptr<Connection> reader);
        ~ReaderLease();
        ReaderLease(const ReaderLease&) = delete;
        ReaderLease& operator=(const ReaderLease&) = delete;
        Connection& connection();

    private:
        DbWorker& owner_;
        std::unique_ptr<Connection> reader_;
    };

    template <class F>
    struct ReaderJob {
        DbWorker* owner;
        F fn;
        auto operator()() {
            auto lease = owner->lease_reader();
            return fn(lease.connection().repositories);
        }
    };

    template <class F>
    struct CheckpointJob {
        DbWorker* owner;
        F fn;
        auto operator()() { return fn(owner->checkpointer_->repositories); }
    };

    using Batch = std::vector<std::unique_ptr<detail::WriteJob>>;

    /// Runs body on the caller's thread; transient failures become Error{unavailable}.
    template <class Body>
    static auto run_blocking(Body body) -> std::invoke_result_t<Body&> {
        using R = std::invoke_result_t<Body&>;
        std::optional<R> out;
        if (auto error = detail::run_translating_errors([&] { out.emplace(body()); })) return R{*error};
        return std::move(*out);
    }

    template <class F>
    auto submit(std::unique_ptr<F> fn, bool alone) -> boost::asio::awaitable<JobResult<F>> {
        return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&,
                                           void(std::exception_ptr, JobResult<F>)>(
            [this, alone](auto handler, std::unique_ptr<F> job_fn) {
                enqueue(std::make_unique<detail::TypedWriteJob<F, decltype(handler)>>(
                    std::move(job_fn), std::move(handler), alone));
            },
            boost::asio::use_awaitable, std::move(fn));
    }

    /// Runs on a reader or the checkpoint thread. The job comes in a unique_ptr (see above).
    template <class Job>
    static auto run_read(std::unique_ptr<Job> job) -> boost::asio::awaitable<std::invoke_result_t<Job&>> {
        using R = std::invoke_result_t<Job&>;
        std::optional<R> out;
        auto error = detail::run_translating_errors([&] { out.emplace((*job)()); });
        if (error) co_return R{*error};
        co_return std::move(*out);
    }

    void enqueue(std::unique_ptr<detail::WriteJob> job);
    void writer_loop();
    /// The next jobs to run: one alone job, or up to kMaxBatch batchable ones in queue order.
    /// queue_mutex_ held.
    Batch take_next();
    void run_alone(detail::WriteJob& job);
    /// Runs jobs[begin, ...) in one transaction and completes them; returns where it stopped
    /// (before jobs.size() only when SQLite rolled the transaction back under a job).
    std::size_t run_transaction(Batch& jobs, std::size_t begin);
    /// false when the batch's transaction did not survive the job.
    bool run_in_savepoint(detail::WriteJob& job);
    void finish(Batch& jobs, std::size_t begin, std::size_t end);
    void observe(std::chrono::steady_clock::time_point started);
    /// After a transaction's callers resumed: a PASSIVE checkpoint on the writer when the WAL
    /// holds more than kWriterCheckpointFrames frames.
    void checkpoint_if_wal_big() noexcept;

    /// The writer's and checkpointer's pragmas and hooks that only SQLite has.
    void configure_sqlite_connections();
    ReaderLease lease_reader();
    std::unique_ptr<Connection> open_reader() const;
    void run_after_write() noexcept;

    StorageOptions options_;
    bool sqlite_;  ///< the SQLite-only parts (WAL hook, checkpoints, crash hook) apply
    std::size_t max_batch_;
    std::unique_ptr<Connection> open(bool read_only) const;

    std::unique_ptr<Connection> writer_;
    std::mutex readers_mutex_;
    std::vector<std::unique_ptr<Connection>> idle_readers_;
    boost::asio::thread_pool reader_pool_;
    std::unique_ptr<Connection> checkpointer_;
    boost::asio::thread_pool checkpoint_pool_{1};

    std::mutex queue_mutex_;
    std::condition_variable queue_ready_;
    std::deque<std::unique_ptr<detail::WriteJob>> queue_;  ///< queue_mutex_
    bool stopping_ = false;                                ///< queue_mutex_
    std::thread writer_thread_;

    int wal_frames_ = 0;  ///< frames in the WAL after the writer's last commit (writer thread)
    std::atomic<std::uint64_t> writer_jobs_done_{0};
    std::atomic<std::uint64_t> writer_transactions_{0};
    std::function<void(std::chrono::steady_clock::duration)> write_observer_;
    std::function<void(Repositories&)> after_write_;
    bool stopped_ = false;
};

}  // namespace peeringd::storage
