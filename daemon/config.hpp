#pragma once
/// Daemon settings from the command line and an optional INI-style config file
/// (same option names, `key = value`; command line wins).

#include "daemon/session_limits.hpp"
#include "domain/peering_rules.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace peeringd::daemon {

struct Config {
    std::string listen_host = "127.0.0.1";
    unsigned short listen_port = 9696;
    std::string db_path = "./var/peeringd.db";
    std::chrono::seconds pending_ttl{7 * 24 * 3600};
    std::chrono::seconds sweep_interval{60};
    /// Rows per expiry job. Group commit puts API writes in the same transaction, so this bounds
    /// how long they wait for the sweeper. In the 100k-row expiry bench (BENCHMARKS.md) 256-row
    /// jobs put create p99 at 175 ms and cut creates to ~220/s during the sweep; 32-row jobs gave
    /// 58 ms and ~1,200/s, and the sweep still expires ~6,000 rows/s.
    std::size_t sweep_batch = 32;
    /// How long the change feed keeps history rows (docs/API.md); pruned every sweep interval
    /// in sweep-batch sized jobs.
    std::chrono::seconds history_retention{7 * 24 * 3600};
    domain::QuotaPolicy quota;
    std::optional<std::string> public_base_url;
    std::chrono::milliseconds busy_timeout{2000};
    std::size_t io_threads = 2;
    std::size_t db_readers = 2;
    /// How long a verified credential is reused from memory (revocation takes this long).
    std::chrono::milliseconds auth_cache_ttl{2000};
    std::chrono::seconds shutdown_grace{10};
    /// Files up to this size get `PRAGMA quick_check` before the daemon listens; bigger ones
    /// right after READY, beside the traffic (exit 4 if it fails), so that start-up stays
    /// within a second at a million peerings (the check reads ~250 MB/s here).
    std::uintmax_t startup_check_max_bytes = 128ull << 20;
    /// Per-connection limits and deadlines (RELIABILITY.md §4).
    SessionLimits session;
    /// Open connections served at once; more get 503 and are closed.
    std::size_t max_connections = 1024;
    /// How long an Idempotency-Key replays its create (docs/API.md).
    std::chrono::seconds idempotency_ttl{24 * 3600};
    /// Trust X-Project-Id without proof (development only; loopback listen addresses only).
    bool insecure_dev_auth = false;
    /// Key that encrypts SKs at rest; empty means peeringd.key beside the database.
    std::string secret_key_file;
    /// Creates must name VPCs registered to the right projects (spec §6.7; off = trust them).
    bool enforce_vpc_registry = false;
    /// The --config file, if any, and the arguments this came from: SIGHUP parses them again.
    std::optional<std::string> config_file;
    std::vector<std::string> command_line;
};

/// What the command line asks for: run with a config, or print text (help) and exit 0.
struct HelpRequested {
    std::string text;
};

/// Throws std::invalid_argument with a one-line message on a bad flag or value.
std::variant<Config, HelpRequested> parse_command_line(int argc, const char* const argv[]);

}  // namespace peeringd::daemon
