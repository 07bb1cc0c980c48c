#pragma once
/// Wires the daemon together and runs it until SIGTERM/SIGINT: database checks and migrations,
/// the DB worker, the API, the listener, the expiry task and graceful shutdown.

#include "daemon/config.hpp"

namespace peeringd::daemon {

/// Process exit codes besides the storage::StartupFailure ones (3, 4, 5).
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitListenFailed = 6;

/// Runs the daemon; returns the process exit code.
int run_daemon(const Config& config);

}  // namespace peeringd::daemon
