#include "daemon/wal_checkpoint_task.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <filesystem>

namespace peeringd::daemon {
namespace asio = boost::asio;

WalCheckpointTask::WalCheckpointTask(asio::io_context& io, storage::DbWorker& db, std::string db_path,
                                     std::chrono::milliseconds interval)
    : strand_(asio::make_strand(io)), timer_(strand_), db_(db), wal_path_(std::move(db_path) + "-wal"),
      interval_(interval) {}

void WalCheckpointTask::start() {
    asio::co_spawn(strand_, loop(), [](std::exception_ptr e) {
        if (!e) return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            spdlog::critical("WAL checkpoint task ended: {}", ex.what());
        }
    });
}

void WalCheckpointTask::stop() {
    asio::post(strand_, [this] {
        stopped_ = true;
        timer_.cancel();
    });
}

asio::awaitable<void> WalCheckpointTask::tick() {
    std::error_code ec;
    const auto size = std::filesystem::file_size(wal_path_, ec);
    const auto transactions = db_.writer_transactions();
    const bool idle = transactions == transactions_at_last_tick_;
    transactions_at_last_tick_ = transactions;
    if (ec || size <= kPassiveAbove) {
        warned_ = false;
        co_return;
    }
    if (size > kWarnAbove && !warned_) {
        spdlog::warn("WAL {} is {} MiB: a long-running reader (an open sqlite3 transaction?) "
                     "keeps it from being reset", wal_path_, size >> 20);
        warned_ = true;
    }
    if (size > kTruncateAbove && (idle || size > kWarnAbove)) {
        // Alone on the writer: TRUNCATE must not run inside a batch, and it briefly holds
        // writers back while it resets the file, which is cheap when little is left to copy.
        auto pending = db_.write_alone(
            [](storage::PeeringRepository& repo) { return repo.checkpoint_wal(storage::CheckpointMode::truncate); });
        auto reset = co_await std::move(pending);
        if (!reset)
            spdlog::warn("WAL checkpoint failed: {}", reset.error().message);
        else if (*reset)
            spdlog::info("WAL checkpoint: {} MiB reset to 0", size >> 20);
        co_return;
    }
    // Under load: copy what readers no longer need, beside the writer. SQLite then reuses the
    // WAL from its start, so the file stops growing without anybody waiting for the copy.
    auto pending = db_.checkpoint(
        [](storage::PeeringRepository& repo) { return repo.checkpoint_wal(storage::CheckpointMode::passive); });
    auto copied = co_await std::move(pending);
    if (!copied) spdlog::warn("WAL checkpoint failed: {}", copied.error().message);
}

asio::awaitable<void> WalCheckpointTask::loop() {
    while (!stopped_) {
        timer_.expires_after(interval_);
        co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
        if (stopped_) break;
        try {
            co_await tick();
        } catch (const std::exception& e) {
            spdlog::error("WAL checkpoint failed: {}", e.what());  // the next tick tries again
        }
    }
}

}  // namespace peeringd::daemon
