#include "tests/support/raw_connection.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <utility>

namespace peeringd::test {
namespace http = boost::beast::http;

std::vector<RawResponse> parse_responses(std::string_view bytes) {
    std::vector<RawResponse> out;
    while (!bytes.empty()) {
        http::response_parser<http::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        parser.eager(true);
        boost::beast::error_code ec;
        const auto used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
        if (ec || !parser.is_done()) break;
        const auto& message = parser.get();
        out.push_back({static_cast<int>(message.result_int()), message.base(), message.body(), message.keep_alive()});
        bytes.remove_prefix(used);
    }
    return out;
}

namespace {

int remaining_ms(std::chrono::steady_clock::time_point until) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<long long>(0, left.count()));
}

/// EAGAIN and EWOULDBLOCK are the same value on Linux, so they are compared once.
bool retryable(int error) { return error == EAGAIN || error == EINTR; }

}  // namespace

RawConnection::RawConnection(unsigned short port, std::optional<int> receive_buffer) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    if (receive_buffer) ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &*receive_buffer, sizeof(int));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
        ::close(fd_);
        throw std::runtime_error("connect to 127.0.0.1 failed");
    }
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
}

RawConnection::~RawConnection() { ::close(fd_); }

bool RawConnection::send(std::string_view bytes, std::chrono::milliseconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (!bytes.empty()) {
        const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n > 0) {
            bytes.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && !retryable(errno)) return false;
        pollfd p{fd_, POLLOUT, 0};
        if (::poll(&p, 1, remaining_ms(until)) <= 0) return false;
    }
    return true;
}

std::size_t RawConnection::send_some(std::string_view bytes) {
    const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    return n > 0 ? static_cast<std::size_t>(n) : 0;
}

bool RawConnection::read_some(std::chrono::steady_clock::time_point until) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, remaining_ms(until)) <= 0) return false;
    char chunk[16384];
    const auto n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n > 0) received_.append(chunk, static_cast<std::size_t>(n));
    else if (n == 0 || !retryable(errno)) closed_ = true;
    return true;
}

std::string RawConnection::read_until_closed(std::chrono::milliseconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (!closed_ && read_some(until)) {
    }
    return std::exchange(received_, {});
}

std::vector<RawResponse> RawConnection::read_responses(std::size_t count, std::chrono::milliseconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (!closed_ && parse_responses(received_).size() < count && read_some(until)) {
    }
    return parse_responses(std::exchange(received_, {}));
}

std::string RawConnection::request(std::string_view method, std::string_view target,
                                   std::optional<std::string> project, std::string_view body,
                                   std::string_view extra_headers) {
    std::string text = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (project) text += "X-Project-Id: " + *project + "\r\n";
    if (!body.empty())
        text += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    text += extra_headers;
    text += "\r\n";
    text += body;
    return text;
}

}  // namespace peeringd::test
