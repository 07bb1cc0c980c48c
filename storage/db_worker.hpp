#pragma once
/// The only door to SQLite from the network side. `co_await db.write(fn)` runs fn on the one
/// writer thread (one read-write connection), `co_await db.read(fn)` on a small pool of threads
/// with read-only WAL connections, and resumes the caller on its own executor. Writes are
/// therefore serialized; reads never wait for the writer.
///
/// fn takes a PeeringRepository& (or a CredentialRepository& or RegistryRepository&) and returns Result<T>. It must capture by value, must not
/// co_await, and must read the time before the hop. SQLite's transient failures (busy after the
/// timeout, disk full, read-only, I/O error) come back as Error{unavailable}; anything else is
/// rethrown in the caller.

#include "domain/error.hpp"
#include "storage/credential_repository.hpp"
#include "storage/peering_repository.hpp"
#include "storage/registry_repository.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace SQLite {
class Database;
}

namespace peeringd::storage {

struct StorageOptions {
    std::string path;
    std::chrono::milliseconds busy_timeout{2000};
    std::size_t readers = 2;
    RepositoryPolicy policy;
    /// Key for the SKs at rest; null when the daemon runs without signed requests.
    std::shared_ptr<const crypto::SecretBox> secrets;
};

/// One connection and the repositories bound to it.
struct Connection;

struct Connection {
    std::unique_ptr<SQLite::Database> db;
    std::unique_ptr<PeeringRepository> peerings;
    std::unique_ptr<CredentialRepository> credentials;
    std::unique_ptr<RegistryRepository> registry;
    ~Connection();
};

/// What a job returns: fn is called with whichever repository it accepts.
template <class F>
using JobResult = typename std::conditional_t<
    std::is_invocable_v<F&, CredentialRepository&>, std::invoke_result<F&, CredentialRepository&>,
    std::conditional_t<std::is_invocable_v<F&, RegistryRepository&>,
                       std::invoke_result<F&, RegistryRepository&>,
                       std::invoke_result<F&, PeeringRepository&>>>::type;

namespace detail {
/// Runs `body`; returns Error{unavailable} for SQLite's transient errors, rethrows the rest.
std::optional<domain::Error> run_translating_errors(const std::function<void()>& body);
}  // namespace detail

class DbWorker {
public:
    /// Opens the connections; the schema must already be migrated (prepare_database).
    explicit DbWorker(StorageOptions options);
    ~DbWorker();
    DbWorker(const DbWorker&) = delete;
    DbWorker& operator=(const DbWorker&) = delete;

    // read()/write() are plain functions returning the awaitable of co_spawn, not coroutines:
    // GCC 12 mishandles lambda temporaries captured into coroutine frames (double destruction).
    template <class F>
    auto write(F fn) -> boost::asio::awaitable<JobResult<F>> {
        return boost::asio::co_spawn(writer_pool_, run_job(std::make_unique<WriterJob<F>>(WriterJob<F>{this, std::move(fn)}), &writer_jobs_done_),
                                     boost::asio::use_awaitable);
    }

    template <class F>
    auto read(F fn) -> boost::asio::awaitable<JobResult<F>> {
        return boost::asio::co_spawn(reader_pool_, run_job(std::make_unique<ReaderJob<F>>(ReaderJob<F>{this, std::move(fn)}), nullptr),
                                     boost::asio::use_awaitable);
    }

    /// Synchronous write for start-up and shutdown code that owns no coroutine.
    template <class F>
    auto write_blocking(F fn) -> JobResult<F> {
        using R = JobResult<F>;
        std::optional<R> out;
        if (auto error = detail::run_translating_errors([&] { out.emplace(call(fn, *writer_)); }))
            return *error;
        return std::move(*out);
    }

    /// Count of jobs the writer finished; the watchdog checks that it moves.
    std::uint64_t writer_jobs_done() const noexcept { return writer_jobs_done_.load(); }

    /// Called on the writer thread after every write() job with its duration (the job's whole
    /// transaction: busy wait, statements and COMMIT). Lets the daemon feed a latency metric
    /// without storage knowing about metrics. Set it before the first write; not thread-safe.
    void observe_writes(std::function<void(std::chrono::steady_clock::duration)> observer) {
        write_observer_ = std::move(observer);
    }

    /// Called on the writer thread after every write() job, once its transaction has committed
    /// or rolled back, with the writer's repository (e.g. to read and announce what committed).
    /// Its exceptions are swallowed: a committed write must never be reported as failed.
    /// Set it before the first write; not thread-safe.
    void after_writes(std::function<void(PeeringRepository&)> hook) { after_write_ = std::move(hook); }

    /// Waits for queued jobs and joins the threads. Idempotent.
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

    /// Hands fn the repository it asks for, bound to `connection`.
    template <class F>
    static auto call(F& fn, Connection& connection);

    /// Reports one writer job's duration to the observer, also when the job throws.
    class WriteTimer {
    public:
        explicit WriteTimer(const DbWorker& owner) : owner_(owner), started_(std::chrono::steady_clock::now()) {}
        ~WriteTimer() {
            if (owner_.write_observer_) owner_.write_observer_(std::chrono::steady_clock::now() - started_);
        }
        WriteTimer(const WriteTimer&) = delete;
        WriteTimer& operator=(const WriteTimer&) = delete;

    private:
        const DbWorker& owner_;
        std::chrono::steady_clock::time_point started_;
    };

    template <class F>
    struct WriterJob {
        DbWorker* owner;
        F fn;
        auto operator()() {
            const WriteTimer timer{*owner};
            auto result = call(fn, *owner->writer_);
            owner->run_after_write();
            return result;
        }
    };
    template <class F>
    struct ReaderJob {
        DbWorker* owner;
        F fn;
        auto operator()() {
            auto lease = owner->lease_reader();
            return call(fn, lease.connection());
        }
    };

    /// Runs on a pool thread. The job comes in a unique_ptr: GCC 12 relocates class-type
    /// coroutine parameters bytewise, which breaks std::string's small-buffer pointer.
    template <class Job>
    static auto run_job(std::unique_ptr<Job> job, std::atomic<std::uint64_t>* done)
        -> boost::asio::awaitable<std::invoke_result_t<Job&>> {
        using R = std::invoke_result_t<Job&>;
        std::optional<R> out;
        auto error = detail::run_translating_errors([&] { out.emplace((*job)()); });
        if (done != nullptr) ++*done;
        if (error) co_return R{*error};
        co_return std::move(*out);
    }

    ReaderLease lease_reader();
    void run_after_write() noexcept;

    StorageOptions options_;
    std::unique_ptr<Connection> open(bool read_only) const;

    std::unique_ptr<Connection> writer_;
    std::mutex readers_mutex_;
    std::vector<std::unique_ptr<Connection>> idle_readers_;
    boost::asio::thread_pool writer_pool_{1};
    boost::asio::thread_pool reader_pool_;
    std::atomic<std::uint64_t> writer_jobs_done_{0};
    std::function<void(std::chrono::steady_clock::duration)> write_observer_;
    std::function<void(PeeringRepository&)> after_write_;
    bool stopped_ = false;
};

template <class F>
auto DbWorker::call(F& fn, Connection& connection) {
    if constexpr (std::is_invocable_v<F&, CredentialRepository&>)
        return fn(*connection.credentials);
    else if constexpr (std::is_invocable_v<F&, RegistryRepository&>)
        return fn(*connection.registry);
    else
        return fn(*connection.peerings);
}

}  // namespace peeringd::storage
