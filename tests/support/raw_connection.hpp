#pragma once
/// A raw TCP connection to a loopback port for hostile-input tests: it sends arbitrary bytes,
/// at any pace, and tells whether the server closed. Every wait has a deadline.

#include <boost/beast/http/fields.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace peeringd::test {

/// One HTTP response cut out of the received bytes.
struct RawResponse {
    int status = 0;
    boost::beast::http::fields headers;
    std::string body;
    bool keep_alive = true;
};

/// The complete responses at the front of `bytes`, in order; an incomplete tail is ignored.
std::vector<RawResponse> parse_responses(std::string_view bytes);

class RawConnection {
public:
    /// Connects to 127.0.0.1:port. `receive_buffer` shrinks SO_RCVBUF before the connect (a
    /// client that reads slowly or never).
    explicit RawConnection(unsigned short port, std::optional<int> receive_buffer = std::nullopt);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    /// Writes all of `bytes`; false when the server closed or reset, or the deadline passed.
    bool send(std::string_view bytes, std::chrono::milliseconds deadline = std::chrono::seconds(5));
    /// Writes as much as the socket takes without blocking; returns the count.
    std::size_t send_some(std::string_view bytes);

    /// Everything received until the server closes or the deadline passes (see closed()).
    std::string read_until_closed(std::chrono::milliseconds deadline = std::chrono::seconds(5));
    /// Reads until `count` complete responses arrived, the server closed, or the deadline.
    std::vector<RawResponse> read_responses(std::size_t count,
                                            std::chrono::milliseconds deadline = std::chrono::seconds(5));
    /// True once a read saw end-of-stream or a reset.
    bool closed() const { return closed_; }

    /// One complete request with Host and, when `project` is set, X-Project-Id.
    static std::string request(std::string_view method, std::string_view target,
                               std::optional<std::string> project = std::nullopt,
                               std::string_view body = {}, std::string_view extra_headers = {});

private:
    /// Reads what is there within `until`; false on timeout.
    bool read_some(std::chrono::steady_clock::time_point until);

    int fd_ = -1;
    bool closed_ = false;
    std::string received_;
};

}  // namespace peeringd::test
