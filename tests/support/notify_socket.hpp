#pragma once
/// The manager's end of systemd's notify protocol for tests: an AF_UNIX datagram socket that
/// a child finds through NOTIFY_SOCKET, and receive-with-deadline of its messages.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace peeringd::test {

class NotifySocket {
public:
    /// Binds a datagram socket at `path` (must not exist; under 108 bytes).
    explicit NotifySocket(std::filesystem::path path);
    ~NotifySocket();
    NotifySocket(const NotifySocket&) = delete;
    NotifySocket& operator=(const NotifySocket&) = delete;

    /// "NOTIFY_SOCKET=<path>" for ChildEnv.
    std::string env() const { return "NOTIFY_SOCKET=" + path_.string(); }

    /// The next datagram (e.g. "READY=1\nSTATUS=..."), or nullopt when none came in time.
    std::optional<std::string> receive(std::chrono::milliseconds deadline);
    /// Receives until a datagram has the line `line` (e.g. "READY=1"); returns that datagram.
    std::optional<std::string> wait_for(const std::string& line, std::chrono::milliseconds deadline);

private:
    std::filesystem::path path_;
    int fd_ = -1;
};

/// True when `message` has `line` as one of its newline-separated assignments.
bool has_line(const std::string& message, const std::string& line);
/// The value of `NAME=` in `message`, or nullopt.
std::optional<std::string> field(const std::string& message, const std::string& name);

}  // namespace peeringd::test
