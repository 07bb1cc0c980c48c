#include "daemon/app.hpp"

#include "api/api.hpp"
#include "api/auth/signed_request_authenticator.hpp"
#include "crypto/secret_box.hpp"
#include "daemon/connection_tracker.hpp"
#include "daemon/expiry_task.hpp"
#include "daemon/http_session.hpp"
#include "daemon/listener.hpp"
#include "storage/database.hpp"
#include "storage/db_worker.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

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
    return std::make_unique<api::auth::SignedRequestAuthenticator>(db, clock);
}

std::string key_file_for(const Config& config) {
    if (!config.secret_key_file.empty()) return config.secret_key_file;
    return (std::filesystem::path(config.db_path).parent_path() / "peeringd.key").string();
}

/// Everything that lives while the daemon serves, in construction order.
struct Running {
    Running(const Config& config, storage::DbWorker& db, const domain::Clock& clock)
        : io(static_cast<int>(config.io_threads)),
          api(db, clock, make_authenticator(config, db, clock), api::ApiOptions{config.public_base_url}),
          listener(io, config.listen_host, config.listen_port, api, tracker, SessionLimits{}),
          expiry(io, db, clock, config.sweep_interval, config.sweep_batch),
          signals(io, SIGINT, SIGTERM),
          grace(io) {}

    asio::io_context io;
    ConnectionTracker tracker;
    api::Api api;
    Listener listener;
    ExpiryTask expiry;
    asio::signal_set signals;
    asio::steady_timer grace;
};

/// SIGTERM/SIGINT: stop accepting, stop the sweeper, close idle connections, let busy ones
/// finish within the grace period, then close whatever is left. io.run() returns once all
/// connections are gone.
void arm_shutdown(Running& r, std::chrono::seconds grace_period) {
    r.signals.async_wait([&r, grace_period](const boost::system::error_code& ec, int signal) {
        if (ec) return;
        spdlog::info("signal {} received: shutting down (grace {}s)", signal, grace_period.count());
        r.listener.stop();
        r.expiry.stop();
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
    const int schema = storage::prepare_database(config.db_path, config.busy_timeout);
    spdlog::info("database {} ready at schema version {}", config.db_path, schema);

    std::shared_ptr<const crypto::SecretBox> secrets;
    try {
        secrets = std::make_shared<crypto::SecretBox>(crypto::SecretBox::from_key_file(key_file_for(config), true));
    } catch (const std::exception& e) {
        throw storage::StartupError(storage::StartupFailure::unusable, e.what());
    }
    storage::DbWorker db{storage::StorageOptions{config.db_path, config.busy_timeout, config.db_readers,
                                                 storage::RepositoryPolicy{config.quota, config.pending_ttl},
                                                 secrets}};
    const domain::SystemClock clock;
    std::unique_ptr<Running> running;
    try {
        running = std::make_unique<Running>(config, db, clock);
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
    r.api.on_due_peering_seen([&r] { r.expiry.wake(); });
    arm_shutdown(r, config.shutdown_grace);
    r.expiry.start();
    r.listener.start();
    const auto endpoint = r.listener.local_endpoint();
    std::cout << "listening on " << format_endpoint(endpoint) << std::endl;
    spdlog::info("listening on {}", format_endpoint(endpoint));

    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < config.io_threads; ++i) threads.emplace_back([&r] { r.io.run(); });
    r.io.run();
    for (auto& t : threads) t.join();
    running.reset();
    db.stop();
    spdlog::info("stopped cleanly");
    return kExitOk;
}

}  // namespace peeringd::daemon
