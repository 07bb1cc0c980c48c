#include "daemon/config.hpp"

#include "storage/database.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace peeringd::daemon {
namespace po = boost::program_options;
namespace {

constexpr long long kMaxSeconds = 10LL * 365 * 24 * 3600;

void parse_listen(const std::string& value, Config& config) {
    const auto colon = value.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == value.size())
        throw std::invalid_argument("--listen expects HOST:PORT, got '" + value + "'");
    std::string host = value.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string port = value.substr(colon + 1);
    std::size_t used = 0;
    unsigned long number = 0;
    try {
        number = std::stoul(port, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != port.size() || number > 65535)
        throw std::invalid_argument("--listen: invalid port '" + port + "'");
    config.listen_host = host;
    config.listen_port = static_cast<unsigned short>(number);
}

std::chrono::seconds seconds_option(const po::variables_map& vm, const char* name, long long min) {
    const auto value = vm[name].as<long long>();
    if (value < min || value > kMaxSeconds)
        throw std::invalid_argument(std::string("--") + name + " must be between " +
                                    std::to_string(min) + " and " + std::to_string(kMaxSeconds));
    return std::chrono::seconds{value};
}

/// "PROJECT=N" entries of --project-quota.
void parse_project_quotas(const std::vector<std::string>& entries, domain::QuotaPolicy& quota) {
    for (const auto& entry : entries) {
        const auto eq = entry.find('=');
        long long limit = -1;
        if (eq != std::string::npos && eq > 0) {
            try {
                std::size_t used = 0;
                limit = std::stoll(entry.substr(eq + 1), &used);
                if (used != entry.size() - eq - 1) limit = -1;
            } catch (const std::exception&) {
                limit = -1;
            }
        }
        if (limit < 0) throw std::invalid_argument("--project-quota expects PROJECT=N, got '" + entry + "'");
        quota.per_project[entry.substr(0, eq)] = limit;
    }
}

po::options_description describe_options() {
    po::options_description options("peeringd options");
    options.add_options()
        ("help,h", "print this help and exit")
        ("listen", po::value<std::string>()->default_value("127.0.0.1:9696"),
         "HOST:PORT to listen on; port 0 picks a free port")
        ("db", po::value<std::string>()->default_value("./var/peeringd.db"),
         "SQLite database file (PATH or sqlite:PATH), or a PostgreSQL libpq URI "
         "(postgresql://USER@HOST:PORT/DBNAME?..., several hosts with target_session_attrs=primary) "
         "that any number of replicas share (docs/REPLICAS.md)")
        ("pending-ttl", po::value<long long>()->default_value(7 * 24 * 3600),
         "seconds a request waits for acceptance before it expires")
        ("sweep-interval", po::value<long long>()->default_value(60),
         "seconds between expiry sweeps (minimum 1)")
        ("sweep-batch", po::value<long long>()->default_value(32),
         "peerings expired per transaction")
        ("history-retention", po::value<long long>()->default_value(7 * 24 * 3600),
         "seconds the change feed keeps history (pruned every sweep interval; the newest change "
         "of a live peering is always kept)")
        ("quota", po::value<long long>()->default_value(50), "default peerings per project")
        ("project-quota", po::value<std::vector<std::string>>()->composing(),
         "PROJECT=N quota override; repeatable")
        ("public-base-url", po::value<std::string>(),
         "base of absolute pagination links, e.g. https://vpc.example.com")
        ("busy-timeout-ms", po::value<long long>()->default_value(2000),
         "how long a write waits for a database lock before answering 503")
        ("startup-check-max-mib", po::value<long long>()->default_value(128),
         "database files up to this size are integrity-checked before listening; larger ones "
         "just after start-up, beside the traffic (exit 4 on failure)")
        ("io-threads", po::value<long long>()->default_value(2), "network threads")
        ("db-readers", po::value<long long>()->default_value(2), "read-only database connections")
        ("auth-cache-ms", po::value<long long>()->default_value(2000),
         "how long a verified AK or token is reused without a database read; a revocation takes "
         "effect within this time (0 = read the database on every request)")
        ("shutdown-grace", po::value<long long>()->default_value(10),
         "seconds in-flight requests get to finish on SIGTERM")
        ("header-timeout", po::value<long long>()->default_value(10),
         "seconds from a request's first byte to the end of its header block")
        ("request-timeout", po::value<long long>()->default_value(30),
         "seconds from a request's first byte to the end of its body")
        ("idle-timeout", po::value<long long>()->default_value(60),
         "seconds a kept-alive connection may wait for its next request")
        ("write-timeout", po::value<long long>()->default_value(30),
         "seconds to write one response (closes clients that do not read)")
        ("max-connections", po::value<long long>()->default_value(1024),
         "open connections served at once; beyond it: 503 and close")
        ("max-requests-per-connection", po::value<long long>()->default_value(1000),
         "requests served on one connection before it is closed")
        ("max-header-bytes", po::value<long long>()->default_value(8 * 1024),
         "request line and header fields; beyond it: 431")
        ("max-header-fields", po::value<long long>()->default_value(64), "header fields; beyond it: 431")
        ("max-target-bytes", po::value<long long>()->default_value(4 * 1024),
         "request target; beyond it: 414")
        ("max-body-bytes", po::value<long long>()->default_value(64 * 1024), "request body; beyond it: 413")
        ("idempotency-ttl", po::value<long long>()->default_value(24 * 3600),
         "seconds an Idempotency-Key replays its create")
        ("insecure-dev-auth", po::bool_switch(),
         "DEVELOPMENT ONLY: take the caller's project from X-Project-Id without any proof; "
         "refused unless listening on loopback")
        ("enforce-vpc-registry", po::bool_switch(),
         "creates must name VPCs registered (peeringctl vpc add) to the right projects; "
         "otherwise any well-formed VPC id is accepted")
        ("secret-key-file", po::value<std::string>(),
         "32-byte key that encrypts SKs at rest (default: peeringd.key beside the database; "
         "created when missing)")
        ("config", po::value<std::string>(), "INI-style file with the same option names");
    return options;
}

bool is_loopback(const std::string& host) {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(host, ec);
    return !ec && address.is_loopback();
}

long long ranged(const po::variables_map& vm, const char* name, long long min, long long max) {
    const auto value = vm[name].as<long long>();
    if (value < min || value > max)
        throw std::invalid_argument(std::string("--") + name + " must be between " +
                                    std::to_string(min) + " and " + std::to_string(max));
    return value;
}

void parse_session_limits(const po::variables_map& vm, Config& config) {
    constexpr long long kHour = 3600;
    auto& limits = config.session;
    limits.header_timeout = std::chrono::seconds{ranged(vm, "header-timeout", 1, kHour)};
    limits.request_timeout = std::chrono::seconds{ranged(vm, "request-timeout", 1, kHour)};
    limits.idle_timeout = std::chrono::seconds{ranged(vm, "idle-timeout", 1, kHour)};
    limits.write_timeout = std::chrono::seconds{ranged(vm, "write-timeout", 1, kHour)};
    limits.max_requests = static_cast<std::size_t>(ranged(vm, "max-requests-per-connection", 1, 1000000));
    limits.header_limit = static_cast<std::size_t>(ranged(vm, "max-header-bytes", 1024, 1024 * 1024));
    limits.max_header_fields = static_cast<std::size_t>(ranged(vm, "max-header-fields", 8, 10000));
    limits.max_target = static_cast<std::size_t>(ranged(vm, "max-target-bytes", 64, 1024 * 1024));
    limits.body_limit = static_cast<std::size_t>(ranged(vm, "max-body-bytes", 1024, 64 * 1024 * 1024));
    // The read buffer must hold a whole header block; past that it only bounds pipelining.
    limits.read_buffer_limit = std::max(limits.read_buffer_limit, limits.header_limit);
    if (limits.header_timeout > limits.request_timeout)
        throw std::invalid_argument("--header-timeout must not exceed --request-timeout");
    config.max_connections = static_cast<std::size_t>(ranged(vm, "max-connections", 1, 1000000));
}

}  // namespace

std::variant<Config, HelpRequested> parse_command_line(int argc, const char* const argv[]) {
    const auto options = describe_options();
    po::variables_map vm;
    try {
        po::store(po::parse_command_line(argc, argv, options), vm);
        if (vm.count("help")) {
            std::ostringstream text;
            text << "Usage: peeringd [--listen HOST:PORT] [--db PATH] [--pending-ttl SECONDS]\n"
                    "                [--sweep-interval SECONDS] [--config FILE] [options]\n\n"
                 << options;
            return HelpRequested{text.str()};
        }
        if (vm.count("config")) {
            const auto path = vm["config"].as<std::string>();
            std::ifstream file(path);
            if (!file) throw std::invalid_argument("cannot read config file '" + path + "'");
            po::store(po::parse_config_file(file, options), vm);
        }
        po::notify(vm);
    } catch (const po::error& e) {
        throw std::invalid_argument(e.what());
    }
    Config config;
    config.command_line.assign(argv, argv + argc);
    if (vm.count("config")) config.config_file = vm["config"].as<std::string>();
    parse_listen(vm["listen"].as<std::string>(), config);
    config.db_path = storage::normalize_database(vm["db"].as<std::string>());
    if (config.db_path.empty()) throw std::invalid_argument("--db must not be empty");
    config.pending_ttl = seconds_option(vm, "pending-ttl", 1);
    config.sweep_interval = seconds_option(vm, "sweep-interval", 1);
    config.sweep_batch = static_cast<std::size_t>(ranged(vm, "sweep-batch", 1, 100000));
    config.history_retention = seconds_option(vm, "history-retention", 1);
    config.quota.default_limit = ranged(vm, "quota", 0, 1000000);
    if (vm.count("project-quota"))
        parse_project_quotas(vm["project-quota"].as<std::vector<std::string>>(), config.quota);
    if (vm.count("public-base-url")) config.public_base_url = vm["public-base-url"].as<std::string>();
    config.busy_timeout = std::chrono::milliseconds{ranged(vm, "busy-timeout-ms", 0, 60000)};
    config.startup_check_max_bytes =
        static_cast<std::uintmax_t>(ranged(vm, "startup-check-max-mib", 0, 1 << 20)) << 20;
    config.io_threads = static_cast<std::size_t>(ranged(vm, "io-threads", 1, 64));
    config.db_readers = static_cast<std::size_t>(ranged(vm, "db-readers", 1, 64));
    config.auth_cache_ttl = std::chrono::milliseconds{ranged(vm, "auth-cache-ms", 0, 10000)};
    config.shutdown_grace = std::chrono::seconds{ranged(vm, "shutdown-grace", 0, 600)};
    parse_session_limits(vm, config);
    config.idempotency_ttl = std::chrono::seconds{ranged(vm, "idempotency-ttl", 60, 30LL * 24 * 3600)};
    config.insecure_dev_auth = vm["insecure-dev-auth"].as<bool>();
    config.enforce_vpc_registry = vm["enforce-vpc-registry"].as<bool>();
    if (vm.count("secret-key-file"))
        config.secret_key_file = vm["secret-key-file"].as<std::string>();
    else if (const char* env = std::getenv("PEERINGD_SECRET_KEY_FILE"); env && *env)
        config.secret_key_file = env;  // e.g. from a systemd EnvironmentFile shared by replicas
    // Every replica must open the SKs with the same key, so there is no per-host default.
    if (storage::is_postgresql(config.db_path) && config.secret_key_file.empty() && !config.insecure_dev_auth)
        throw std::invalid_argument("--db postgresql://... needs --secret-key-file: the key that encrypts SKs "
                                    "at rest, the same file on every replica");
    if (config.insecure_dev_auth && !is_loopback(config.listen_host))
        throw std::invalid_argument("--insecure-dev-auth refuses the non-loopback listen address '" +
                                    config.listen_host + "'");
    return config;
}

}  // namespace peeringd::daemon
