#pragma once
/// Retention of the change feed (docs/API.md "Change feed"): a timer task that deletes history
/// rows older than --history-retention in bounded batches, one short write transaction each
/// (like the expiry sweeper), so API writes queued behind it wait for one batch at most. The
/// newest change of a peering that is not DELETED is kept however old it is.

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

class HistoryPruner {
public:
    HistoryPruner(boost::asio::io_context& io, storage::DbWorker& db, const domain::Clock& clock,
                  std::chrono::seconds retention, std::chrono::seconds interval, std::size_t batch);

    void start();
    /// Keeps `retention` from the next tick on (SIGHUP); thread-safe.
    void set_retention(std::chrono::seconds retention);
    /// Called on the task's strand with the rows each tick pruned (for metrics). Set before start().
    void on_pruned(std::function<void(std::size_t)> observer) { on_pruned_ = std::move(observer); }
    /// Ends the loop after the current batch; thread-safe.
    void stop();

private:
    boost::asio::awaitable<void> loop();
    boost::asio::awaitable<std::size_t> prune();

    boost::asio::strand<boost::asio::io_context::executor_type> strand_;
    boost::asio::steady_timer timer_;
    storage::DbWorker& db_;
    const domain::Clock& clock_;
    std::chrono::seconds retention_;  ///< strand_ only
    std::chrono::seconds interval_;
    std::size_t batch_;
    bool stopped_ = false;  ///< strand_ only
    std::function<void(std::size_t)> on_pruned_;
};

}  // namespace peeringd::daemon
