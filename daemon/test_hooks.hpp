#pragma once
/// TEST-ONLY fault injection, enabled by the environment and never by a flag or the config
/// file, so that a production unit cannot turn it on by accident:
///
///   PEERINGD_TEST_HOOKS=wedge_db_on_sigusr1[=SECONDS]
///       every SIGUSR1 queues a job that blocks the database writer thread for SECONDS
///       (default 5); the watchdog test uses it to prove that pings stop.
///
/// Without the variable SIGUSR1 keeps its default action and nothing here runs.

#include "storage/db_worker.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <chrono>
#include <optional>

namespace peeringd::daemon {

/// The wedge duration asked for by PEERINGD_TEST_HOOKS, or nullopt when the hook is off.
/// Throws std::invalid_argument on an unknown hook or a bad number.
std::optional<std::chrono::seconds> wedge_hook_from_env(const char* value);

class TestHooks {
public:
    TestHooks(boost::asio::io_context& io, storage::DbWorker& db);

    void start();
    /// Stops listening for SIGUSR1 (shutdown).
    void stop();

private:
    void arm();
    boost::asio::awaitable<void> wedge();

    boost::asio::signal_set signals_;  ///< on its own strand, with stopped_
    storage::DbWorker& db_;
    std::optional<std::chrono::seconds> wedge_;
    bool stopped_ = false;
};

}  // namespace peeringd::daemon
