#include "tests/reliability/notified_daemon.hpp"

#include <atomic>
#include <fstream>
#include <sstream>

namespace peeringd::test {

NotifiedDaemon::NotifiedDaemon(const std::filesystem::path& dir, const std::filesystem::path& db,
                               std::vector<std::string> extra_args, std::vector<std::string> env) {
    // A fresh socket per start: a datagram the previous (killed) child left must not count.
    static std::atomic<int> serial{0};
    socket_path_ = dir / ("notify-" + std::to_string(++serial) + ".sock");
    socket_ = std::make_unique<NotifySocket>(socket_path_);
    ChildEnv child_env;
    child_env.vars = std::move(env);
    child_env.vars.push_back(socket_->env());
    extra_args.emplace_back("--insecure-dev-auth");
    started_ = std::chrono::steady_clock::now();
    process_ = std::make_unique<DaemonProcess>(db, std::move(extra_args), dir / "peeringd.log", child_env);
}

NotifiedDaemon::~NotifiedDaemon() {
    process_.reset();  // SIGKILLs a child that still runs
    socket_.reset();
    std::error_code ignored;
    std::filesystem::remove(socket_path_, ignored);
}

bool NotifiedDaemon::wait_ready(std::chrono::milliseconds deadline) {
    if (!socket_->wait_for("READY=1", deadline)) return false;
    ready_after_ = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_);
    // READY comes after the listening line, so this returns at once.
    return process_->wait_listening(deadline);
}

std::string daemon_log(const std::filesystem::path& dir) {
    std::ifstream log(dir / "peeringd.log");
    std::stringstream text;
    text << log.rdbuf();
    return text.str();
}

}  // namespace peeringd::test
