#pragma once
/// Per-connection limits and deadlines (RELIABILITY.md §4). Each value is a `peeringd` option
/// (config.cpp); the defaults below are the catalogue's.

#include <chrono>
#include <cstddef>

namespace peeringd::daemon {

struct SessionLimits {
    std::size_t header_limit = 8 * 1024;  ///< request line + fields + CRLFs; over it: 431
    std::size_t max_header_fields = 64;   ///< over it: 431
    std::size_t max_target = 4 * 1024;    ///< request target; over it: 414
    std::size_t body_limit = 64 * 1024;   ///< declared or chunked; over it: 413
    /// Bytes buffered from the socket at once: bounds what a pipelining client or a huge chunk
    /// extension can make the daemon hold. At least header_limit.
    std::size_t read_buffer_limit = 64 * 1024;
    std::chrono::seconds idle_timeout{60};     ///< kept-alive connection waiting for a first byte
    std::chrono::seconds header_timeout{10};   ///< first byte -> end of the header block
    std::chrono::seconds request_timeout{30};  ///< first byte -> body complete
    std::chrono::seconds write_timeout{30};    ///< one response written (a client that never reads)
    std::size_t max_requests = 1000;  ///< per connection, then close (bounds a pipelining client)

    bool operator==(const SessionLimits&) const = default;
};

}  // namespace peeringd::daemon
