#include "daemon/http_session.hpp"

#include "daemon/request_reader.hpp"
#include "domain/untrusted_text.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace peeringd::daemon {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::as_tuple;
using asio::use_awaitable;

namespace {

struct Session {
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    Session(asio::ip::tcp::socket socket, std::size_t buffer_limit)
        : stream(std::move(socket)), buffer(std::max(buffer_limit, std::size_t{1})) {}
};

/// False when the write failed or missed the write deadline (a client that does not read).
asio::awaitable<bool> write_response(Session& s, api::Response& response, const SessionLimits& limits) {
    response.prepare_payload();
    s.stream.expires_after(limits.write_timeout);
    auto [ec, n] = co_await http::async_write(s.stream, response, as_tuple(use_awaitable));
    co_return !ec;
}

/// The body of a streamed answer goes straight to the socket, each write bounded by the write
/// timeout, so a client that stops reading is dropped once the kernel buffers are full.
class SocketSink final : public api::EventSink {
public:
    SocketSink(Session& session, std::chrono::seconds timeout) : session_(session), timeout_(timeout) {}
    asio::awaitable<bool> send(const std::string& text) override {
        session_.stream.expires_after(timeout_);
        auto [ec, n] = co_await asio::async_write(session_.stream, asio::buffer(text),
                                                  as_tuple(use_awaitable));
        co_return !ec;
    }

private:
    Session& session_;
    std::chrono::seconds timeout_;
};

/// Writes the head of a streamed answer (no Content-Length; the body ends with the connection),
/// then lets the producer write the body. The connection counts as idle meanwhile, so shutdown
/// closes it at once instead of waiting out the grace period.
asio::awaitable<void> run_stream(Session& s, api::Outcome& outcome, const SessionLimits& limits,
                                 ConnectionTracker& tracker, std::uint64_t id) {
    http::response_serializer<http::string_body> head{outcome.response};
    s.stream.expires_after(limits.write_timeout);
    auto [ec, n] = co_await http::async_write_header(s.stream, head, as_tuple(use_awaitable));
    if (ec) co_return;
    tracker.set_idle(id, true);
    SocketSink sink{s, limits.write_timeout};
    co_await outcome.stream(sink);
}

/// "address:port" of the client, for the access log; empty when the socket is already gone.
std::string peer_of(const beast::tcp_stream& stream) {
    beast::error_code ec;
    const auto endpoint = stream.socket().remote_endpoint(ec);
    if (ec) return {};
    const auto address = endpoint.address().to_string();
    return (endpoint.address().is_v6() ? "[" + address + "]" : address) + ":" + std::to_string(endpoint.port());
}

}  // namespace

asio::awaitable<void> run_session(asio::ip::tcp::socket socket, Frontend& frontend,
                                  ConnectionTracker& tracker, SessionLimits limits) {
    auto session = std::make_shared<Session>(std::move(socket), limits.read_buffer_limit);
    const std::string peer = peer_of(session->stream);
    const auto executor = co_await asio::this_coro::executor;
    const auto id = tracker.add(executor, [weak = std::weak_ptr<Session>(session)] {
        if (auto s = weak.lock()) s->stream.socket().close();
    });
    try {
        for (std::size_t served = 0; served < limits.max_requests; ++served) {
            RequestParser parser;
            parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
            parser.body_limit(limits.body_limit);
            tracker.set_idle(id, true);
            if (tracker.stopping()) break;
            const bool arrived = co_await await_first_byte(session->stream, session->buffer, limits);
            tracker.set_idle(id, false);
            if (!arrived) break;
            const auto read = co_await read_request(session->stream, session->buffer, parser, limits);
            if (read.status == RequestRead::Status::closed) break;
            if (read.status == RequestRead::Status::refused) {
                // Framing is broken: answer once, then close, never trusting the rest of the bytes.
                auto response = frontend.refuse(*read.refusal, peer);
                if (co_await write_response(*session, response, limits))
                    co_await linger_before_close(session->stream);
                spdlog::info("request refused request_id={} peer={} status={} reason={}",
                             domain::log_value(response["X-Request-Id"]), domain::log_value(peer),
                             response.result_int(), domain::log_value(read.refusal->message));
                break;
            }
            const auto request = parser.release();
            auto outcome = co_await frontend.serve(request, peer);
            if (outcome.stream) {
                co_await run_stream(*session, outcome, limits, tracker, id);
                break;
            }
            auto& response = outcome.response;
            if (tracker.stopping() || served + 1 == limits.max_requests) response.keep_alive(false);
            if (!co_await write_response(*session, response, limits) || !response.keep_alive()) break;
        }
    } catch (const std::exception& e) {
        spdlog::error("connection failed peer={} error={}", domain::log_value(peer), domain::log_value(e.what()));
    }
    beast::error_code ignored;
    session->stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    tracker.remove(id);
}

}  // namespace peeringd::daemon
