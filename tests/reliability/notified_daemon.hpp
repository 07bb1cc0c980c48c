#pragma once
/// peeringd as systemd starts it, for the crash tests: a child process with its own
/// NOTIFY_SOCKET, started on 127.0.0.1:0, and the time from fork to READY=1 measured.

#include "tests/support/daemon_process.hpp"
#include "tests/support/notify_socket.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace peeringd::test {

class NotifiedDaemon {
public:
    /// Starts `peeringd --insecure-dev-auth <extra_args>` on `db`, logging to `dir`/peeringd.log,
    /// with `env` ("NAME=value") added to its environment. Does not wait.
    NotifiedDaemon(const std::filesystem::path& dir, const std::filesystem::path& db,
                   std::vector<std::string> extra_args, std::vector<std::string> env = {});
    ~NotifiedDaemon();
    NotifiedDaemon(const NotifiedDaemon&) = delete;
    NotifiedDaemon& operator=(const NotifiedDaemon&) = delete;

    /// Waits for READY=1 and the listening line; false if the process exited first or the
    /// deadline passed. Records ready_after().
    bool wait_ready(std::chrono::milliseconds deadline = std::chrono::seconds(10));
    /// From fork to READY=1.
    std::chrono::milliseconds ready_after() const { return ready_after_; }
    unsigned short port() const { return process_->port(); }
    DaemonProcess& process() { return *process_; }

private:
    std::filesystem::path socket_path_;
    std::unique_ptr<NotifySocket> socket_;
    std::chrono::steady_clock::time_point started_;
    std::chrono::milliseconds ready_after_{0};
    std::unique_ptr<DaemonProcess> process_;
};

/// The log the daemons of `dir` wrote (for failure messages).
std::string daemon_log(const std::filesystem::path& dir);

}  // namespace peeringd::test
