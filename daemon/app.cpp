#include "daemon/app.hpp"

#include "api/api.hpp"
#include "api/auth/signed_request_authenticator.hpp"
#include "crypto/secret_box.hpp"
#include "daemon/config_reload.hpp"
#include "daemon/connection_tracker.hpp"
#include "daemon/feed_poller.hpp"
#include "daemon/expiry_task.hpp"
#include "daemon/history_pruner.hpp"
#include "daemon/wal_checkpoint_task.hpp"
#include "daemon/frontend.hpp"
#include "daemon/http_session.hpp"
#include "daemon/listener.hpp"
#include "daemon/systemd_notifier.hpp"
#include "daemon/test_hooks.hpp"
#include "daemon/watchdog.hpp"
#include "storage/crash_point.hpp"
#include "storage/database.hpp"
#include "storage/db_worker.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <cstdio>
#include <iostream>
#include <thread>
#include <vector>

namespace peeringd::daemon {
namespace asio = boost::asio;

namespace {

std::string format_endpoint(const asio::ip::tcp::endpoint& endpoint) {
    const auto address = endpoint.address().to_string();
    const auto host = endpoint.address().is_v6() ? "[" + address + "]" : address;
    return host + ":" + std::to_string(endpoint.port());
}

std::unique_ptr<api::Authenticator> make_authenticator(const Config& config, storage::DbWorker& db,
                                                      const domain::Clock& clock) {
    if (config.insecure_dev_auth) return std::make_unique<api::HeaderProjectAuthenticator>();
    return std::make_unique<api::auth::SignedRequestAuthenticator>(db, clock, config.auth_cache_ttl);
}

std::string key_file_for(const Config& config) {
    if (!config.secret_key_file.empty()) return config.secret_key_file;
    return (std::filesystem::path(config.db_path).parent_path() / "peeringd.key").string();
}

/// Everything that lives while the daemon serves, in construction order.
struct Running {
    Running(const Config& config, storage::DbWorker& db, const domain::Clock& clock,
            const SystemdNotifier& notifier)
        : io(static_cast<int>(config.io_threads)),
          api(db, clock, make_authenticator(config, db, clock), api::ApiOptions{config.public_base_url}),
          frontend(api, db, tracker, config.db_path),
          listener(io, config.listen_host, config.listen_port, frontend, tracker, config.session,
                   config.max_connections),
          expiry(io, db, clock, config.sweep_interval, config.sweep_batch),
          pruner(io, db, clock, config.history_retention, config.sweep_interval, config.sweep_batch),
          checkpoints(io, db, config.db_path),
          feed_poller(io, db, api.feed()),
          watchdog(io, db, notifier),
          reloader(io, db, expiry, pruner, notifier, config),
          hooks(io, db),
          signals(io, SIGINT, SIGTERM),
          grace(io) {}

    asio::io_context io;
    ConnectionTracker tracker;
    api::Api api;
    Frontend frontend;
    Listener listener;
    ExpiryTask expiry;
    HistoryPruner pruner;
    WalCheckpointTask checkpoints;
    FeedPoller feed_poller;
    Watchdog watchdog;
    ConfigReloader reloader;
    TestHooks hooks;
    asio::signal_set signals;
    asio::steady_timer grace;
};

/// SIGTERM/SIGINT: stop accepting, stop the sweeper, close idle connections, let busy ones
/// finish within the grace period, then close whatever is left. io.run() returns once all
/// connections are gone.
void arm_shutdown(Running& r, std::chrono::seconds grace_period, const SystemdNotifier& notifier) {
    r.signals.async_wait([&r, grace_period, &notifier](const boost::system::error_code& ec, int signal) {
        if (ec) return;
        spdlog::info("signal {} received: shutting down (grace {}s)", signal, grace_period.count());
        notifier.stopping("shutting down");
        r.watchdog.stop();
        r.reloader.stop();
        r.hooks.stop();
        r.listener.stop();
        r.expiry.stop();
        r.pruner.stop();
        r.checkpoints.stop();
        r.feed_poller.stop();
        r.api.feed().close();  // long polls answer now, event streams end
        r.tracker.on_drained([&r] { asio::post(r.io, [&r] { r.grace.cancel(); }); });
        r.grace.expires_after(grace_period);
        r.grace.async_wait([&r](const boost::system::error_code& wait_ec) {
            if (wait_ec) return;
            if (r.tracker.size() > 0)
                spdlog::warn("grace period over: closing {} connections", r.tracker.size());
            r.tracker.close_all();
        });
        r.tracker.begin_stop();
    });
}

}  // namespace

int run_daemon(const Config& config) {
    const SystemdNotifier notifier;
    if (const auto armed = storage::armed_crash_point(); !armed.empty())
        spdlog::warn("PEERINGD_CRASH_POINT={}: this process will SIGKILL itself there. Test-only; "
                     "never set this in production.", armed);
    if (!storage::readonly_fault_flag().empty())
        spdlog::warn("PEERINGD_FAULT_READONLY_WHEN={}: database writes fail while that file exists. "
                     "Test-only; never set this in production.", storage::readonly_fault_flag());
    notifier.status("checking the database and applying migrations");
    // A big file is checked after READY instead (see Config::startup_check_max_bytes).
    std::error_code size_ec;
    const auto file_size = std::filesystem::file_size(config.db_path, size_ec);
    const auto startup_check = !size_ec && file_size > config.startup_check_max_bytes
                                   ? storage::StartupCheck::deferred
                                   : storage::StartupCheck::full;
    const int schema = storage::prepare_database(config.db_path, config.busy_timeout, startup_check);
    spdlog::info("database {} ready at schema version {}", storage::redact_database(config.db_path), schema);

    std::shared_ptr<const crypto::SecretBox> secrets;
    try {
        secrets = std::make_shared<crypto::SecretBox>(crypto::SecretBox::from_key_file(key_file_for(config), true));
    } catch (const std::exception& e) {
        throw storage::StartupError(storage::StartupFailure::unusable, e.what());
    }
    storage::DbWorker db{storage::StorageOptions{config.db_path, config.busy_timeout, config.db_readers,
                                                 storage::RepositoryPolicy{config.quota, config.pending_ttl, config.enforce_vpc_registry,
                                                                           config.idempotency_ttl},
                                                 secrets}};
    const domain::SystemClock clock;
    std::unique_ptr<Running> running;
    try {
        running = std::make_unique<Running>(config, db, clock, notifier);
    } catch (const boost::system::system_error& e) {
        spdlog::critical("cannot listen on {}:{}: {}", config.listen_host, config.listen_port,
                         e.code().message());
        return kExitListenFailed;
    }
    Running& r = *running;
    if (config.insecure_dev_auth)
        spdlog::warn("--insecure-dev-auth: requests are NOT authenticated; the caller's project is "
                     "taken from the X-Project-Id header. Never use this outside development.");
    else
        spdlog::info("authentication: AK/SK signed requests (SDK-HMAC-SHA256) and X-Auth-Token");
    const auto& limits = config.session;
    spdlog::info("connection limits: header {} B / {} fields, target {} B, body {} B, deadlines header {}s "
                 "request {}s idle {}s write {}s, {} requests per connection, {} connections",
                 limits.header_limit, limits.max_header_fields, limits.max_target, limits.body_limit,
                 limits.header_timeout.count(), limits.request_timeout.count(), limits.idle_timeout.count(),
                 limits.write_timeout.count(), limits.max_requests, config.max_connections);
    r.api.on_due_peering_seen([&r] { r.expiry.wake(); });
    arm_shutdown(r, config.shutdown_grace, notifier);
    r.expiry.on_sweep([&m = r.frontend.metrics()](bool ok, std::size_t n) { m.expiry_sweep(ok, n); });
    r.expiry.start();
    r.pruner.on_pruned([&m = r.frontend.metrics()](std::size_t n) { m.history_pruned(n); });
    r.pruner.start();
    if (storage::is_postgresql(config.db_path))
        r.feed_poller.start();  // other replicas' commits
    else
        r.checkpoints.start();  // a SQLite WAL only
    r.listener.start();
    const auto endpoint = r.listener.local_endpoint();
    std::cout << "listening on " << format_endpoint(endpoint) << std::endl;
    spdlog::info("listening on {}", format_endpoint(endpoint));
    // Migrations ran and the acceptor listens (the kernel completes connects from here on).
    const auto serving = "serving on " + format_endpoint(endpoint);
    r.reloader.start(serving);
    r.hooks.start();
    notifier.ready(serving);
    spdlog::info("READY=1 sent to systemd (when run under it)");
    r.watchdog.start();
    std::atomic<int> exit_code{kExitOk};
    std::thread integrity_check;
    if (startup_check == storage::StartupCheck::deferred) {
        spdlog::info("database is {} MiB: integrity check runs beside the traffic", file_size >> 20);
        integrity_check = std::thread([&config, &exit_code] {
            const auto problem = storage::check_integrity(config.db_path, config.busy_timeout);
            if (problem.empty()) {
                spdlog::info("integrity check: ok");
                return;
            }
            // Same exit code as a corrupt file found before listening; the shutdown is graceful.
            spdlog::critical("{}; shutting down", problem);
            exit_code = static_cast<int>(storage::StartupFailure::corrupt);
            std::raise(SIGTERM);
        });
    }

    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < config.io_threads; ++i) threads.emplace_back([&r] { r.io.run(); });
    r.io.run();
    for (auto& t : threads) t.join();
    // Connections are drained; the database is still open and its WAL not yet checkpointed.
    storage::crash_point("during_shutdown");
    running.reset();
    db.stop();
    // SQLite empties the WAL itself when the last connection closes, but an admin's sqlite3
    // left open would make ours not the last: truncate it now, so that the stopped database
    // file is complete on its own (RELIABILITY.md §2, clean shutdown).
    const auto truncated =
        db.write_alone_blocking([](storage::Repositories& repos) {
            return repos.peerings.checkpoint_wal(storage::CheckpointMode::truncate);
        });
    if (!truncated)
        spdlog::warn("final WAL checkpoint failed: {}", truncated.error().message);
    else if (!*truncated)
        spdlog::warn("final WAL checkpoint could not empty the WAL: a reader still holds an old snapshot");
    if (integrity_check.joinable()) integrity_check.join();
    spdlog::info("stopped cleanly");
    return exit_code.load();
}

}  // namespace peeringd::daemon
