#pragma once
/// The real peeringd binary as a child process on 127.0.0.1:0: started, waited for until it
/// prints "listening on HOST:PORT", stopped with a signal, its exit code read back.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace peeringd::test {

/// Paths of the built binaries (set by CMake).
std::string peeringd_binary();
std::string peeringctl_binary();

/// Environment for the child on top of the test's own. NOTIFY_SOCKET and WATCHDOG_* are never
/// inherited (a test run under systemd must not notify the real manager).
struct ChildEnv {
    std::vector<std::string> vars;  ///< "NAME=value"
    /// Sets WATCHDOG_PID to the child's own pid (known only after fork), which
    /// sd_watchdog_enabled(3) requires before it honours WATCHDOG_USEC.
    bool watchdog_pid_is_child = false;
};

class DaemonProcess {
public:
    /// Starts `peeringd --listen 127.0.0.1:0 --db <db> <extra...>`; stderr goes to `log_file`.
    DaemonProcess(const std::filesystem::path& db, std::vector<std::string> extra_args,
                  const std::filesystem::path& log_file, const ChildEnv& env = {});
    ~DaemonProcess();  ///< SIGKILLs a child that is still running
    DaemonProcess(const DaemonProcess&) = delete;
    DaemonProcess& operator=(const DaemonProcess&) = delete;

    /// Waits for the listening line; false if the process exited or the deadline passed.
    bool wait_listening(std::chrono::milliseconds deadline = std::chrono::seconds(10));
    unsigned short port() const { return port_; }
    int pid() const { return pid_; }

    /// Sends `signal` and waits for the exit; returns the exit code (128+n when killed by n),
    /// nullopt if it did not exit within the deadline.
    std::optional<int> stop(int signal, std::chrono::milliseconds deadline = std::chrono::seconds(15));
    /// Waits for an exit the process makes on its own.
    std::optional<int> wait_exit(std::chrono::milliseconds deadline = std::chrono::seconds(10));

private:
    int pid_ = -1;
    int stdout_fd_ = -1;
    unsigned short port_ = 0;
    std::string stdout_text_;
};

/// Runs peeringd with `args` to completion (for --help and failing start-ups); returns the exit
/// code and fills `output` with stdout+stderr.
int run_peeringd(const std::vector<std::string>& args, std::string& output,
                 std::chrono::milliseconds deadline = std::chrono::seconds(10));
/// The same for any program.
int run_program(const std::string& binary, const std::vector<std::string>& args, std::string& output,
                std::chrono::milliseconds deadline = std::chrono::seconds(10));

}  // namespace peeringd::test
