#pragma once
/// The daemon's side of systemd's notify protocol (sd_notify(3)): readiness, status lines,
/// reload and stop notices, watchdog pings. Every call is a no-op when NOTIFY_SOCKET is unset,
/// so the daemon behaves the same outside systemd. Thread-safe (each call is one datagram).

#include <chrono>
#include <optional>
#include <string>

namespace peeringd::daemon {

class SystemdNotifier {
public:
    /// READY=1 plus STATUS=; send only once migrations ran and the port accepts connections.
    void ready(const std::string& status) const;
    void status(const std::string& status) const;
    /// RELOADING=1; systemd shows "reloading" until the next ready().
    void reloading(const std::string& status) const;
    /// STOPPING=1 at the start of shutdown.
    void stopping(const std::string& status) const;
    /// WATCHDOG=1.
    void watchdog() const;
    /// WatchdogSec= of the unit (WATCHDOG_USEC, when WATCHDOG_PID is ours), or nullopt.
    static std::optional<std::chrono::microseconds> watchdog_timeout();

private:
    void send(const std::string& message) const;
};

}  // namespace peeringd::daemon
