#include "tests/support/notify_socket.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace peeringd::test {

NotifySocket::NotifySocket(std::filesystem::path path) : path_(std::move(path)) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const auto text = path_.string();
    if (text.size() >= sizeof address.sun_path) throw std::runtime_error("notify socket path too long");
    std::memcpy(address.sun_path, text.c_str(), text.size() + 1);
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket(AF_UNIX, SOCK_DGRAM) failed");
    // sockaddr_un is the documented way to pass an AF_UNIX address to bind().
    if (::bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        throw std::runtime_error("bind " + text + ": " + std::strerror(errno));
}

NotifySocket::~NotifySocket() {
    if (fd_ >= 0) ::close(fd_);
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
}

std::optional<std::string> NotifySocket::receive(std::chrono::milliseconds deadline) {
    pollfd fd{fd_, POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(deadline.count())) <= 0) return std::nullopt;
    char buf[4096];
    const auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n < 0) return std::nullopt;
    return std::string(buf, static_cast<std::size_t>(n));
}

std::optional<std::string> NotifySocket::wait_for(const std::string& line, std::chrono::milliseconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        auto message = receive(left);
        if (!message) return std::nullopt;
        if (has_line(*message, line)) return message;
    }
}

bool has_line(const std::string& message, const std::string& line) {
    std::istringstream lines(message);
    for (std::string l; std::getline(lines, l);)
        if (l == line) return true;
    return false;
}

std::optional<std::string> field(const std::string& message, const std::string& name) {
    std::istringstream lines(message);
    for (std::string l; std::getline(lines, l);)
        if (l.rfind(name + "=", 0) == 0) return l.substr(name.size() + 1);
    return std::nullopt;
}

}  // namespace peeringd::test
