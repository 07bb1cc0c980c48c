#include "daemon/config_reload.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <stdexcept>

namespace peeringd::daemon {
namespace asio = boost::asio;
namespace {

std::string describe(const domain::QuotaPolicy& quota) {
    std::string text = std::to_string(quota.default_limit);
    for (const auto& [project, limit] : quota.per_project) text += " " + project + "=" + std::to_string(limit);
    return text;
}

bool same_quota(const domain::QuotaPolicy& a, const domain::QuotaPolicy& b) {
    return a.default_limit == b.default_limit && a.per_project == b.per_project;
}

}  // namespace

ReloadPlan plan_reload(const Config& running, const Config& next) {
    ReloadPlan plan;
    if (!same_quota(running.quota, next.quota)) {
        plan.applied.push_back("quota " + describe(running.quota) + " -> " + describe(next.quota));
        plan.policy_changed = true;
    }
    if (running.pending_ttl != next.pending_ttl) {
        plan.applied.push_back("pending-ttl " + std::to_string(running.pending_ttl.count()) + "s -> " +
                               std::to_string(next.pending_ttl.count()) + "s");
        plan.policy_changed = true;
    }
    if (running.sweep_interval != next.sweep_interval) {
        plan.applied.push_back("sweep-interval " + std::to_string(running.sweep_interval.count()) + "s -> " +
                               std::to_string(next.sweep_interval.count()) + "s");
        plan.interval_changed = true;
    }
    if (running.history_retention != next.history_retention) {
        plan.applied.push_back("history-retention " + std::to_string(running.history_retention.count()) +
                               "s -> " + std::to_string(next.history_retention.count()) + "s");
        plan.retention_changed = true;
    }
    const auto restart_if = [&plan](bool changed, const char* name) {
        if (changed) plan.need_restart.emplace_back(name);
    };
    restart_if(running.listen_host != next.listen_host || running.listen_port != next.listen_port, "listen");
    restart_if(running.db_path != next.db_path, "db");
    restart_if(running.sweep_batch != next.sweep_batch, "sweep-batch");
    restart_if(running.public_base_url != next.public_base_url, "public-base-url");
    restart_if(running.busy_timeout != next.busy_timeout, "busy-timeout-ms");
    restart_if(running.io_threads != next.io_threads, "io-threads");
    restart_if(running.db_readers != next.db_readers, "db-readers");
    restart_if(running.shutdown_grace != next.shutdown_grace, "shutdown-grace");
    restart_if(running.insecure_dev_auth != next.insecure_dev_auth, "insecure-dev-auth");
    restart_if(running.secret_key_file != next.secret_key_file, "secret-key-file");
    restart_if(running.enforce_vpc_registry != next.enforce_vpc_registry, "enforce-vpc-registry");
    restart_if(running.session != next.session || running.max_connections != next.max_connections,
               "connection limits and timeouts");
    restart_if(running.idempotency_ttl != next.idempotency_ttl, "idempotency-ttl");
    return plan;
}

ConfigReloader::ConfigReloader(asio::io_context& io, storage::DbWorker& db, ExpiryTask& expiry,
                               HistoryPruner& pruner, const SystemdNotifier& notifier, Config running)
    // SIGHUP is registered here, at construction: one that arrives during start-up is queued
    // instead of killing the process (its default action).
    : signals_(asio::make_strand(io), SIGHUP), db_(db), expiry_(expiry), pruner_(pruner), notifier_(notifier), running_(std::move(running)) {}

void ConfigReloader::start(std::string serving_status) {
    asio::post(signals_.get_executor(), [this, status = std::move(serving_status)]() mutable {
        serving_status_ = std::move(status);
        arm();
    });
}

void ConfigReloader::stop() {
    asio::post(signals_.get_executor(), [this] {
        stopped_ = true;
        boost::system::error_code ignored;
        signals_.cancel(ignored);
    });
}

void ConfigReloader::arm() {
    if (stopped_) return;
    signals_.async_wait([this](const boost::system::error_code& ec, int) {
        if (ec) return;
        // The next SIGHUP is awaited only after this reload finished: reloads never overlap.
        asio::co_spawn(signals_.get_executor(), reload(), [this](std::exception_ptr e) {
            if (e) {
                spdlog::error("reload failed; the running settings stay");
                notifier_.ready(serving_status_);
            }
            arm();
        });
    });
}

asio::awaitable<void> ConfigReloader::reload() {
    notifier_.reloading("reloading configuration");
    spdlog::info("SIGHUP: reloading {}; credentials and tokens need no reload (they are read from "
                 "the database on every request)",
                 running_.config_file ? "config file " + *running_.config_file : "(no --config file)");
    std::vector<const char*> argv;
    for (const auto& arg : running_.command_line) argv.push_back(arg.c_str());
    Config next;
    try {
        auto parsed = parse_command_line(static_cast<int>(argv.size()), argv.data());
        if (!std::holds_alternative<Config>(parsed)) throw std::invalid_argument("unexpected --help");
        next = std::get<Config>(std::move(parsed));
    } catch (const std::invalid_argument& e) {
        spdlog::error("reload: {}; the running settings stay", e.what());
        notifier_.ready(serving_status_);
        co_return;
    }
    const auto plan = plan_reload(running_, next);
    for (const auto& name : plan.need_restart)
        spdlog::warn("reload: {} changed but takes effect only after a restart", name);
    if (plan.policy_changed) {
        storage::RepositoryPolicy policy{next.quota, next.pending_ttl, running_.enforce_vpc_registry,
                                         running_.idempotency_ttl};
        // Bound to a variable first: GCC 12 mishandles lambda temporaries inside co_await.
        auto pending = db_.write([policy](storage::Repositories& repos) {
            repos.peerings.set_policy(policy);
            return domain::Result<void>{};
        });
        const auto swapped = co_await std::move(pending);
        if (!swapped) {
            spdlog::error("reload: could not apply the write rules: {}", swapped.error().message);
            notifier_.ready(serving_status_);
            co_return;
        }
        running_.quota = next.quota;
        running_.pending_ttl = next.pending_ttl;
    }
    if (plan.interval_changed) {
        expiry_.set_interval(next.sweep_interval);
        running_.sweep_interval = next.sweep_interval;
    }
    if (plan.retention_changed) {
        pruner_.set_retention(next.history_retention);
        running_.history_retention = next.history_retention;
    }
    for (const auto& change : plan.applied) spdlog::info("reload: {}", change);
    spdlog::info("reload done: {} setting(s) changed live, {} need a restart", plan.applied.size(),
                 plan.need_restart.size());
    notifier_.ready(serving_status_);
}

}  // namespace peeringd::daemon
