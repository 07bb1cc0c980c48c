#include "daemon/expiry_task.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

namespace peeringd::daemon {
namespace asio = boost::asio;

ExpiryTask::ExpiryTask(asio::io_context& io, storage::DbWorker& db, const domain::Clock& clock,
                       std::chrono::seconds interval, std::size_t batch)
    : strand_(asio::make_strand(io)), timer_(strand_), db_(db), clock_(clock), interval_(interval),
      batch_(batch) {}

void ExpiryTask::start() {
    asio::co_spawn(strand_, loop(), [](std::exception_ptr e) {
        if (!e) return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            spdlog::critical("expiry task ended: {}", ex.what());
        }
    });
}

void ExpiryTask::wake() {
    asio::post(strand_, [this] {
        woken_ = true;
        timer_.cancel();
    });
}

void ExpiryTask::set_interval(std::chrono::seconds interval) {
    asio::post(strand_, [this, interval] {
        interval_ = interval;
        woken_ = true;  // a long wait under the old interval must not delay the new one
        timer_.cancel();
    });
}

void ExpiryTask::stop() {
    asio::post(strand_, [this] {
        stopped_ = true;
        timer_.cancel();
    });
}

asio::awaitable<std::size_t> ExpiryTask::sweep() {
    std::size_t total = 0;
    for (;;) {
        const auto now = clock_.now();
        const auto batch = batch_;
        auto moved = co_await db_.write(
            [now, batch](storage::Repositories& repos) { return repos.peerings.expire_due(now, batch); });
        if (!moved) {
            spdlog::warn("expiry sweep failed: {}", moved.error().message);
            if (on_sweep_) on_sweep_(false, total);
            co_return total;
        }
        total += *moved;
        // A full batch means more may be due; the queue lets API writes in between batches.
        if (*moved < batch_ || stopped_) {
            if (on_sweep_) on_sweep_(true, total);
            co_return total;
        }
    }
}

asio::awaitable<std::size_t> ExpiryTask::prune_idempotency_keys() {
    std::size_t total = 0;
    for (;;) {
        const auto now = clock_.now();
        const auto batch = batch_;
        auto pruned = co_await db_.write(
            [now, batch](storage::Repositories& repos) { return repos.peerings.prune_idempotency_keys(now, batch); });
        if (!pruned) {
            spdlog::warn("Idempotency-Key pruning failed: {}", pruned.error().message);
            co_return total;
        }
        total += *pruned;
        if (*pruned < batch_ || stopped_) co_return total;
    }
}

asio::awaitable<void> ExpiryTask::loop() {
    while (!stopped_) {
        try {
            if (const auto n = co_await sweep(); n > 0) spdlog::info("expired {} pending peerings", n);
        } catch (const std::exception& e) {
            spdlog::error("expiry sweep failed: {}", e.what());  // the next tick tries again
            if (on_sweep_) on_sweep_(false, 0);
        }
        try {
            if (const auto n = co_await prune_idempotency_keys(); n > 0)
                spdlog::info("pruned {} expired Idempotency-Keys", n);
        } catch (const std::exception& e) {
            spdlog::error("Idempotency-Key pruning failed: {}", e.what());
        }
        if (stopped_) break;
        if (!woken_) {
            timer_.expires_after(interval_);
            co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
        }
        woken_ = false;
    }
}

}  // namespace peeringd::daemon
