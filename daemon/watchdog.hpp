#pragma once
/// systemd's watchdog (WatchdogSec=): WATCHDOG=1 every half timeout, but only while both the
/// event loop and the database writer make progress. A timer on the io_context proves the
/// loop runs; each tick also queues a no-op job on the writer thread, and the next tick pings
/// only if that probe has come back. A wedged writer (stuck transaction, hung disk) thus stops
/// the pings and systemd restarts the daemon, which a loop-only heartbeat would never do.

#include "daemon/systemd_notifier.hpp"
#include "storage/db_worker.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>

namespace peeringd::daemon {

class Watchdog {
public:
    Watchdog(boost::asio::io_context& io, storage::DbWorker& db, const SystemdNotifier& notifier);

    /// Starts pinging when systemd asked for a watchdog (WATCHDOG_USEC); otherwise does nothing.
    void start();
    /// Ends the loop (shutdown); thread-safe.
    void stop();

private:
    boost::asio::awaitable<void> loop(std::chrono::microseconds period);
    boost::asio::awaitable<void> probe();

    boost::asio::strand<boost::asio::io_context::executor_type> strand_;
    boost::asio::steady_timer timer_;
    storage::DbWorker& db_;
    const SystemdNotifier& notifier_;
    // All three are touched only on strand_.
    bool stopped_ = false;
    bool probe_done_ = true;  ///< true at start so that the first tick pings
    bool withheld_ = false;   ///< a ping was skipped; log once per episode
};

}  // namespace peeringd::daemon
