#pragma once
/// The timer task that moves unanswered requests to EXPIRED (spec §5). Each tick expires due
/// peerings in bounded batches, one short write transaction each, so API writes queued behind
/// the sweep wait for one batch at most; then it deletes Idempotency-Keys past their TTL the
/// same way (lookups already ignore them, so this only bounds the table).

#include "domain/timestamp.hpp"
#include "storage/db_worker.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <cstddef>
#include <functional>

namespace peeringd::daemon {

class ExpiryTask {
public:
    ExpiryTask(boost::asio::io_context& io, storage::DbWorker& db, const domain::Clock& clock,
               std::chrono::seconds interval, std::size_t batch);

    void start();
    /// Runs a sweep soon instead of at the next tick; thread-safe.
    void wake();
    /// Uses `interval` from now on (SIGHUP): sweeps once at once, then every `interval`; thread-safe.
    void set_interval(std::chrono::seconds interval);
    /// Called on the task's strand after every sweep: whether it finished without error and
    /// how many rows it expired (for metrics). Set before start().
    void on_sweep(std::function<void(bool ok, std::size_t expired)> observer) { on_sweep_ = std::move(observer); }
    /// Ends the loop after the current batch; thread-safe.
    void stop();

private:
    boost::asio::awaitable<void> loop();
    boost::asio::awaitable<std::size_t> sweep();
    boost::asio::awaitable<std::size_t> prune_idempotency_keys();

    boost::asio::strand<boost::asio::io_context::executor_type> strand_;
    boost::asio::steady_timer timer_;
    storage::DbWorker& db_;
    const domain::Clock& clock_;
    std::chrono::seconds interval_;
    std::size_t batch_;
    bool stopped_ = false;  ///< touched only on strand_
    bool woken_ = false;    ///< touched only on strand_
    std::function<void(bool, std::size_t)> on_sweep_;
};

}  // namespace peeringd::daemon
