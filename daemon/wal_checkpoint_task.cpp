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
    // On the checkpoint connection, which never waits. PASSIVE copies beside the writer; once
    // everything is copied SQLite reuses the WAL from its start, so the file stops growing.
    // TRUNCATE (which holds writers off while it works) only follows a complete PASSIVE, when
    // nothing is left to copy, and only when the writer rested for a tick or the file is big.
    auto passive = db_.checkpoint(
        [](storage::Repositories& repos) { return repos.peerings.checkpoint_wal(storage::CheckpointMode::passive); });
    auto copied = co_await std::move(passive);
    if (!copied) {
        spdlog::warn("WAL checkpoint failed: {}", copied.error().message);
        co_return;
    }
    if (!*copied || size <= kTruncateAbove || !(idle || size > kWarnAbove)) co_return;
    auto truncate = db_.checkpoint(
        [](storage::Repositories& repos) { return repos.peerings.checkpoint_wal(storage::CheckpointMode::truncate); });
    auto reset = co_await std::move(truncate);
    if (!reset)
        spdlog::warn("WAL checkpoint failed: {}", reset.error().message);
    else if (*reset)
        spdlog::info("WAL checkpoint: {} MiB reset to 0", size >> 20);
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
