#pragma once
/// The accept loop: one coroutine that hands each new connection to its own session strand.

#include "daemon/connection_tracker.hpp"
#include "daemon/frontend.hpp"
#include "daemon/http_session.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <string>

namespace peeringd::daemon {

class Listener {
public:
    /// Binds and listens at once (so a taken port fails start-up); throws on failure. Beyond
    /// `max_connections` open sessions a new connection gets a 503 and is closed.
    Listener(boost::asio::io_context& io, const std::string& host, unsigned short port,
             Frontend& frontend, ConnectionTracker& tracker, SessionLimits limits,
             std::size_t max_connections);

    /// The bound address, with the real port when 0 was asked for.
    boost::asio::ip::tcp::endpoint local_endpoint() const;

    /// Starts accepting on the io_context.
    void start();
    /// Stops accepting; thread-safe.
    void stop();

private:
    boost::asio::awaitable<void> accept_loop();

    boost::asio::io_context& io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    Frontend& frontend_;
    ConnectionTracker& tracker_;
    SessionLimits limits_;
    std::size_t max_connections_;
};

}  // namespace peeringd::daemon
