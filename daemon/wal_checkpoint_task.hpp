#pragma once
/// Does the WAL checkpoints: the writer runs with automatic checkpoints off, so that no COMMIT
/// of a group-commit batch stalls on copying the WAL back. Every tick with more than 1 MiB in
/// the WAL runs a PASSIVE checkpoint on a connection of its own, beside the writer; once the
/// WAL passes 4 MiB and the writer was idle for a tick (or the WAL passed 64 MiB) it runs a
/// TRUNCATE checkpoint on the writer thread instead, which resets the file to zero bytes. A
/// long admin read (sqlite3 holding a snapshot) makes both fail; once it lets go the next
/// ticks bring the file back to zero.

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
    static constexpr std::uintmax_t kPassiveAbove = 1u << 20;
    static constexpr std::uintmax_t kTruncateAbove = 4u << 20;  ///< RELIABILITY.md §2: < 4 MiB
    static constexpr std::uintmax_t kWarnAbove = 64u << 20;     ///< warn once per growth episode

    WalCheckpointTask(boost::asio::io_context& io, storage::DbWorker& db, std::string db_path,
                      std::chrono::milliseconds interval = std::chrono::seconds(1));

    void start();
    void stop();  ///< thread-safe

private:
    boost::asio::awaitable<void> loop();
    boost::asio::awaitable<void> tick();

    boost::asio::strand<boost::asio::io_context::executor_type> strand_;
    boost::asio::steady_timer timer_;
    storage::DbWorker& db_;
    std::string wal_path_;
    std::chrono::milliseconds interval_;
    std::uint64_t transactions_at_last_tick_ = 0;  ///< strand_ only
    bool stopped_ = false;  ///< strand_ only
    bool warned_ = false;   ///< strand_ only
};

}  // namespace peeringd::daemon
