#pragma once
/// Keeps the -wal file small. SQLite's automatic checkpoints copy frames back but never shrink
/// the file, and a long admin read (sqlite3 holding a snapshot) lets it grow without bound. This
/// task checks the WAL size periodically and, above a threshold, runs a TRUNCATE checkpoint on
/// the writer thread; once the long reader lets go the next tick brings the file back to zero.

#include "storage/db_worker.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace peeringd::daemon {

class WalCheckpointTask {
public:
    static constexpr std::uintmax_t kTruncateAbove = 4u << 20;  ///< RELIABILITY.md §2: < 4 MiB
    static constexpr std::uintmax_t kWarnAbove = 64u << 20;     ///< warn once per growth episode

    WalCheckpointTask(boost::asio::io_context& io, storage::DbWorker& db, std::string db_path,
                      std::chrono::seconds interval = std::chrono::seconds(5));

    void start();
    void stop();  ///< thread-safe

private:
    boost::asio::awaitable<void> loop();
    boost::asio::awaitable<void> tick();

    boost::asio::strand<boost::asio::io_context::executor_type> strand_;
    boost::asio::steady_timer timer_;
    storage::DbWorker& db_;
    std::string wal_path_;
    std::chrono::seconds interval_;
    bool stopped_ = false;  ///< strand_ only
    bool warned_ = false;   ///< strand_ only
};

}  // namespace peeringd::daemon
