#pragma once
/// One coroutine per TCP connection: reads requests with limits and deadlines, hands each to
/// the Frontend, writes the response, and honours keep-alive and shutdown.

#include "daemon/connection_tracker.hpp"
#include "daemon/frontend.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>

namespace peeringd::daemon {

/// RELIABILITY.md §4 defaults.
struct SessionLimits {
    std::size_t header_limit = 8 * 1024;
    std::size_t body_limit = 64 * 1024;
    std::chrono::seconds idle_timeout{60};     ///< waiting for the next request's header
    std::chrono::seconds request_timeout{30};  ///< header seen -> body complete
    std::chrono::seconds write_timeout{30};
    std::size_t max_requests = 1000;  ///< per connection, then close (bounds a pipelining client)
};

/// Runs on the socket's strand until the connection ends. Never throws.
boost::asio::awaitable<void> run_session(boost::asio::ip::tcp::socket socket, Frontend& frontend,
                                         ConnectionTracker& tracker, SessionLimits limits);

}  // namespace peeringd::daemon
