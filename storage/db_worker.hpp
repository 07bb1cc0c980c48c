#pragma once
/// The only door to SQLite from the network side. `co_await db.write(fn)` runs fn on the one
/// writer thread (one read-write connection), `co_await db.read(fn)` on a small pool of threads
/// with read-only WAL connections, and resumes the caller on its own executor. Writes are
/// therefore serialized; reads never wait for the writer.
///
/// fn takes a PeeringRepository& and returns Result<T>. It must capture by value, must not
/// co_await, and must read the time before the hop. SQLite's transient failures (busy after the
/// timeout, disk full, read-only, I/O error) come back as Error{unavailable}; anything else is
/// rethrown in the caller.

#include "domain/error.hpp"
#include "storage/peering_repository.hpp"

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
};

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

    template <class F>
    auto write(F fn) -> boost::asio::awaitable<std::invoke_result_t<F&, PeeringRepository&>> {
        co_return co_await hop(writer_pool_, [this, fn = std::move(fn)]() mutable {
            return fn(*writer_);
        });
    }

    template <class F>
    auto read(F fn) -> boost::asio::awaitable<std::invoke_result_t<F&, PeeringRepository&>> {
        co_return co_await hop(reader_pool_, [this, fn = std::move(fn)]() mutable {
            auto lease = lease_reader();
            return fn(lease.repository());
        });
    }

    /// Synchronous write for start-up and shutdown code that owns no coroutine.
    template <class F>
    auto write_blocking(F fn) -> std::invoke_result_t<F&, PeeringRepository&> {
        using R = std::invoke_result_t<F&, PeeringRepository&>;
        std::optional<R> out;
        if (auto error = detail::run_translating_errors([&] { out.emplace(fn(*writer_)); }))
            return *error;
        return std::move(*out);
    }

    /// Count of jobs the writer finished; the watchdog checks that it moves.
    std::uint64_t writer_jobs_done() const noexcept { return writer_jobs_done_.load(); }

    /// Waits for queued jobs and joins the threads. Idempotent.
    void stop();

private:
    struct Reader;
    class ReaderLease {
    public:
        ReaderLease(DbWorker& owner, std::unique_ptr<Reader> reader);
        ~ReaderLease();
        ReaderLease(const ReaderLease&) = delete;
        ReaderLease& operator=(const ReaderLease&) = delete;
        PeeringRepository& repository();

    private:
        DbWorker& owner_;
        std::unique_ptr<Reader> reader_;
    };

    template <class Job>
    auto hop(boost::asio::thread_pool& pool, Job job)
        -> boost::asio::awaitable<std::invoke_result_t<Job&>> {
        using R = std::invoke_result_t<Job&>;
        // co_spawn runs the job on the pool and completes on the awaiting coroutine's executor.
        co_return co_await boost::asio::co_spawn(
            pool,
            [this, &pool, job = std::move(job)]() mutable -> boost::asio::awaitable<R> {
                std::optional<R> out;
                auto error = detail::run_translating_errors([&] { out.emplace(job()); });
                if (&pool == &writer_pool_) ++writer_jobs_done_;
                if (error) co_return R{*error};
                co_return std::move(*out);
            },
            boost::asio::use_awaitable);
    }

    ReaderLease lease_reader();

    StorageOptions options_;
    std::unique_ptr<SQLite::Database> writer_db_;
    std::unique_ptr<PeeringRepository> writer_;
    std::mutex readers_mutex_;
    std::vector<std::unique_ptr<Reader>> idle_readers_;
    boost::asio::thread_pool writer_pool_{1};
    boost::asio::thread_pool reader_pool_;
    std::atomic<std::uint64_t> writer_jobs_done_{0};
    bool stopped_ = false;
};

}  // namespace peeringd::storage
