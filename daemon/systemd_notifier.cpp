#include "daemon/systemd_notifier.hpp"

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <cstdint>

namespace peeringd::daemon {
namespace {

/// STATUS= is one line; a newline inside would start a new (bogus) assignment.
std::string one_line(std::string text) {
    for (auto& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return text;
}

}  // namespace

void SystemdNotifier::send(const std::string& message) const {
    // unset_environment=0: the watchdog and later notices need NOTIFY_SOCKET again.
    const int r = sd_notify(0, message.c_str());
    if (r < 0) spdlog::warn("sd_notify failed: error {}", -r);
}

void SystemdNotifier::ready(const std::string& status) const {
    send("READY=1\nSTATUS=" + one_line(status));
}

void SystemdNotifier::status(const std::string& status) const { send("STATUS=" + one_line(status)); }

void SystemdNotifier::reloading(const std::string& status) const {
    send("RELOADING=1\nSTATUS=" + one_line(status));
}

void SystemdNotifier::stopping(const std::string& status) const {
    send("STOPPING=1\nSTATUS=" + one_line(status));
}

void SystemdNotifier::watchdog() const { send("WATCHDOG=1"); }

std::optional<std::chrono::microseconds> SystemdNotifier::watchdog_timeout() {
    std::uint64_t usec = 0;
    // > 0 only when WATCHDOG_USEC is set and WATCHDOG_PID (if set) names this process.
    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
    return std::chrono::microseconds{static_cast<std::chrono::microseconds::rep>(usec)};
}

}  // namespace peeringd::daemon
