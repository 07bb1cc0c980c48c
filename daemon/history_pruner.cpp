#include "daemon/history_pruner.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

namespace peeringd::daemon {
namespace asio = boost::asio;

HistoryPruner::HistoryPruner(asio::io_context& io, storage::DbWorker& db, const domain::Clock& clock,
                             std::chrono::seconds retention, std::chrono::seconds interval,
                             std::size_t batch)
    : strand_(asio::make_strand(io)), timer_(strand_), db_(db), clock_(clock), retention_(retention),
      interval_(interval), batch_(batch) {}

void HistoryPruner::start() {
    asio::co_spawn(strand_, loop(), [](std::exception_ptr e) {
        if (!e) return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            spdlog::critical("history pruner ended: {}", ex.what());
        }
    });
}

void HistoryPruner::set_retention(std::chrono::seconds retention) {
    asio::post(strand_, [this, retention] { retention_ = retention; });
}

void HistoryPruner::stop() {
    asio::post(strand_, [this] {
        stopped_ = true;
        timer_.cancel();
    });
}

asio::awaitable<std::size_t> HistoryPruner::prune() {
    std::size_t total = 0;
    // One pass from the oldest row; every step reads at most `batch` rows, and API writes go
    // in between the steps.
    const auto cutoff = clock_.now() - retention_;
    storage::HistoryCursor cursor;
    while (!stopped_) {
        const auto batch = batch_;
        // Bound to a variable first: GCC 12 mishandles lambda temporaries inside co_await.
        auto pending = db_.write([cutoff, batch, cursor](storage::Repositories& repos) {
            return repos.peerings.prune_history(cutoff, batch, cursor);
        });
        const auto step = co_await std::move(pending);
        if (!step) {
            spdlog::warn("history pruning failed: {}", step.error().message);
            break;
        }
        total += step->pruned;
        if (!step->resume) break;
        cursor = *step->resume;
    }
    co_return total;
}

asio::awaitable<void> HistoryPruner::loop() {
    while (!stopped_) {
        try {
            const auto n = co_await prune();
            if (n > 0) spdlog::info("pruned {} history rows older than {}s", n, retention_.count());
            if (on_pruned_) on_pruned_(n);
        } catch (const std::exception& e) {
            spdlog::error("history pruning failed: {}", e.what());  // the next tick tries again
        }
        if (stopped_) break;
        timer_.expires_after(interval_);
        co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

}  // namespace peeringd::daemon
