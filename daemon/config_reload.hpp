#pragma once
/// SIGHUP (`systemctl reload peeringd`): parse the command line and the --config file again
/// and apply what can change live, without touching the listener or any connection.
///
/// Live: quota, project-quota, pending-ttl (the write rules; swapped on the writer thread
/// between two jobs), sweep-interval and history-retention. Everything else is logged as "needs a restart" and
/// keeps its running value. Credentials and tokens need no reload: every request reads them
/// from the database. A file that does not parse is reported and changes nothing.

#include "daemon/config.hpp"
#include "daemon/expiry_task.hpp"
#include "daemon/history_pruner.hpp"
#include "daemon/systemd_notifier.hpp"
#include "storage/db_worker.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <string>
#include <vector>

namespace peeringd::daemon {

/// What a reload from `running` to `next` does; pure, so it is unit-tested.
struct ReloadPlan {
    std::vector<std::string> applied;       ///< "quota 50 -> 80", ...
    std::vector<std::string> need_restart;  ///< option names that changed but are not live
    bool policy_changed = false;            ///< quota, project-quota or pending-ttl
    bool interval_changed = false;          ///< sweep-interval
    bool retention_changed = false;         ///< history-retention
};
ReloadPlan plan_reload(const Config& running, const Config& next);

class ConfigReloader {
public:
    ConfigReloader(boost::asio::io_context& io, storage::DbWorker& db, ExpiryTask& expiry,
                   HistoryPruner& pruner, const SystemdNotifier& notifier, Config running);

    /// Handles SIGHUP from now on; `serving_status` is the STATUS= line to restore afterwards.
    void start(std::string serving_status);
    /// Stops listening for SIGHUP (shutdown).
    void stop();

private:
    void arm();
    boost::asio::awaitable<void> reload();

    boost::asio::signal_set signals_;  ///< on its own strand, like every member below
    storage::DbWorker& db_;
    ExpiryTask& expiry_;
    HistoryPruner& pruner_;
    const SystemdNotifier& notifier_;
    Config running_;  ///< the effective settings; touched only by the (serialized) reloads
    std::string serving_status_;
    bool stopped_ = false;  ///< a reload that ends after stop() must not wait for SIGHUP again
};

}  // namespace peeringd::daemon
