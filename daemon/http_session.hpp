#pragma once
/// One coroutine per TCP connection: reads requests with limits and deadlines, hands each to
/// the Frontend, writes the response, and honours keep-alive and shutdown.

#include "daemon/connection_tracker.hpp"
#include "daemon/frontend.hpp"
#include "daemon/session_limits.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>


namespace peeringd::daemon {

/// Runs on the socket's strand until the connection ends. Never throws.
boost::asio::awaitable<void> run_session(boost::asio::ip::tcp::socket socket, Frontend& frontend,
                                         ConnectionTracker& tracker, SessionLimits limits);

}  // namespace peeringd::daemon
