#include "tests/support/daemon_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

namespace peeringd::test {
namespace {

bool is_systemd_variable(const std::string& entry) {
    for (const char* name : {"NOTIFY_SOCKET=", "WATCHDOG_USEC=", "WATCHDOG_PID="})
        if (entry.rfind(name, 0) == 0) return true;
    return false;
}

/// Writes `value` in decimal over the zeros at the end of `entry`; async-signal-safe (no
/// allocation), because it runs in the child between fork and exec.
void write_pid(std::string& entry, long value) {
    char digits[24];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value > 0);
    auto at = entry.find('=') + 1;
    while (n > 0) entry[at++] = digits[--n];
    entry[at] = '\0';
}

pid_t spawn(const std::vector<std::string>& args, int stdout_fd, int stderr_fd, const ChildEnv& env = {}) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    // Built before fork: the child may only do async-signal-safe things.
    std::vector<std::string> vars;
    for (char** e = environ; *e != nullptr; ++e)
        if (!is_systemd_variable(*e)) vars.emplace_back(*e);
    vars.insert(vars.end(), env.vars.begin(), env.vars.end());
    if (env.watchdog_pid_is_child) vars.push_back("WATCHDOG_PID=" + std::string(23, '0'));
    std::vector<char*> envp;
    for (auto& v : vars) envp.push_back(v.data());
    envp.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        if (env.watchdog_pid_is_child) write_pid(vars.back(), static_cast<long>(::getpid()));
        ::dup2(stdout_fd, STDOUT_FILENO);
        ::dup2(stderr_fd, STDERR_FILENO);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    return pid;
}

std::optional<int> wait_for(pid_t pid, std::chrono::milliseconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    for (;;) {
        int status = 0;
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (std::chrono::steady_clock::now() >= until) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

}  // namespace

std::string peeringd_binary() { return PEERINGD_BINARY; }
std::string peeringctl_binary() { return PEERINGCTL_BINARY; }

DaemonProcess::DaemonProcess(const std::filesystem::path& db, std::vector<std::string> extra,
                             const std::filesystem::path& log_file, const ChildEnv& env) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
    const int log_fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    std::vector<std::string> args{peeringd_binary(), "--listen", "127.0.0.1:0", "--db", db.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = spawn(args, pipe_fds[1], log_fd < 0 ? STDERR_FILENO : log_fd, env);
    ::close(pipe_fds[1]);
    if (log_fd >= 0) ::close(log_fd);
    stdout_fd_ = pipe_fds[0];
}

DaemonProcess::~DaemonProcess() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        wait_for(pid_, std::chrono::seconds(5));
    }
    if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

bool DaemonProcess::wait_listening(std::chrono::milliseconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    const std::string prefix = "listening on ";
    while (std::chrono::steady_clock::now() < until) {
        const auto newline = stdout_text_.find('\n');
        if (newline != std::string::npos) {
            const auto line = stdout_text_.substr(0, newline);
            if (line.rfind(prefix, 0) != 0) return false;
            port_ = static_cast<unsigned short>(std::stoi(line.substr(line.rfind(':') + 1)));
            return true;
        }
        pollfd fd{stdout_fd_, POLLIN, 0};
        if (::poll(&fd, 1, 50) > 0) {
            char buf[256];
            const auto n = ::read(stdout_fd_, buf, sizeof buf);
            if (n <= 0) return false;  // the process closed stdout: it exited
            stdout_text_.append(buf, static_cast<std::size_t>(n));
        }
    }
    return false;
}

std::optional<int> DaemonProcess::stop(int signal, std::chrono::milliseconds deadline) {
    if (pid_ <= 0) return std::nullopt;
    ::kill(pid_, signal);
    return wait_exit(deadline);
}

std::optional<int> DaemonProcess::wait_exit(std::chrono::milliseconds deadline) {
    auto code = wait_for(pid_, deadline);
    if (code) pid_ = -1;
    return code;
}

int run_peeringd(const std::vector<std::string>& args, std::string& output,
                 std::chrono::milliseconds deadline) {
    return run_program(peeringd_binary(), args, output, deadline);
}

int run_program(const std::string& binary, const std::vector<std::string>& args, std::string& output,
                std::chrono::milliseconds deadline) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
    std::vector<std::string> argv{binary};
    argv.insert(argv.end(), args.begin(), args.end());
    const pid_t pid = spawn(argv, pipe_fds[1], pipe_fds[1]);
    ::close(pipe_fds[1]);
    const auto until = std::chrono::steady_clock::now() + deadline;
    output.clear();
    for (;;) {
        pollfd fd{pipe_fds[0], POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            until - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) break;
        char buf[1024];
        const auto n = ::read(pipe_fds[0], buf, sizeof buf);
        if (n <= 0) break;
        output.append(buf, static_cast<std::size_t>(n));
    }
    ::close(pipe_fds[0]);
    auto code = wait_for(pid, std::chrono::milliseconds(2000));
    if (!code) {
        ::kill(pid, SIGKILL);
        wait_for(pid, std::chrono::seconds(5));
        return -1;
    }
    return *code;
}

}  // namespace peeringd::test
