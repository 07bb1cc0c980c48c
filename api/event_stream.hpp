#pragma once
/// Streamed responses (Server-Sent Events, docs/API.md "Change feed") without sockets: the api
/// hands the daemon a producer, and the daemon's session runs it after writing the head,
/// giving it a sink that writes to the connection.

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <string>

namespace peeringd::api {

/// Where a streamed body goes. Implemented by the daemon's session over its socket.
class EventSink {
public:
    virtual ~EventSink() = default;
    /// Writes `text` within the write timeout; false once the client is gone or stopped reading.
    /// `text` must stay alive until the call completes (it is not copied).
    virtual boost::asio::awaitable<bool> send(const std::string& text) = 0;
};

/// Writes the body of a streamed response to the sink until the stream ends (client gone,
/// shutdown, or the stream's position fell out of the retained history).
using StreamProducer = std::function<boost::asio::awaitable<void>(EventSink&)>;

}  // namespace peeringd::api
