#include "daemon/http_session.hpp"

#include "daemon/request_guard.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <spdlog/spdlog.h>

#include <optional>

namespace peeringd::daemon {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::as_tuple;
using asio::use_awaitable;

namespace {

/// Maps a parser failure to the answer the client gets before the connection closes.
std::optional<domain::Error> parse_failure(const beast::error_code& ec) {
    using domain::ErrorCode;
    if (ec == http::error::body_limit)
        return domain::Error{ErrorCode::payload_too_large, "Request body too large."};
    if (ec == http::error::header_limit)
        return domain::Error{ErrorCode::header_too_large, "Request header fields too large."};
    if (ec.category() == make_error_code(http::error::end_of_stream).category() &&
        ec != http::error::end_of_stream &&
        ec != http::error::partial_message)
        return domain::Error{ErrorCode::bad_request, "Malformed HTTP request."};
    return std::nullopt;  // closed, reset or timed out: nobody is listening for an answer
}

struct Session {
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    explicit Session(asio::ip::tcp::socket socket) : stream(std::move(socket)) {}
};

asio::awaitable<void> write_response(Session& s, api::Response& response, const SessionLimits& limits) {
    response.prepare_payload();
    s.stream.expires_after(limits.write_timeout);
    co_await http::async_write(s.stream, response, as_tuple(use_awaitable));
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
    auto session = std::make_shared<Session>(std::move(socket));
    const std::string peer = peer_of(session->stream);
    const auto executor = co_await asio::this_coro::executor;
    const auto id = tracker.add(executor, [weak = std::weak_ptr<Session>(session)] {
        if (auto s = weak.lock()) s->stream.socket().close();
    });
    try {
        for (std::size_t served = 0; served < limits.max_requests; ++served) {
            http::request_parser<http::string_body> parser;
            parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
            parser.body_limit(limits.body_limit);
            tracker.set_idle(id, true);
            if (tracker.stopping()) break;
            session->stream.expires_after(limits.idle_timeout);
            auto [ec, n] = co_await http::async_read_header(session->stream, session->buffer, parser,
                                                            as_tuple(use_awaitable));
            tracker.set_idle(id, false);
            std::optional<domain::Error> refusal;
            if (ec) {
                refusal = parse_failure(ec);
            } else {
                refusal = check_request_header(parser.get().base());
                if (!refusal && parser.get()[http::field::expect] == "100-continue" && !parser.is_done()) {
                    http::response<http::empty_body> go_on{http::status::continue_, parser.get().version()};
                    co_await http::async_write(session->stream, go_on, as_tuple(use_awaitable));
                }
                if (!refusal && !parser.is_done()) {
                    session->stream.expires_after(limits.request_timeout);
                    auto [body_ec, m] = co_await http::async_read(session->stream, session->buffer, parser,
                                                                  as_tuple(use_awaitable));
                    if (body_ec) {
                        refusal = parse_failure(body_ec);
                        if (!refusal) break;
                    }
                }
            }
            if (ec && !refusal) break;
            if (refusal) {
                // Framing is broken: answer once, then close, never trusting the rest of the bytes.
                auto response = frontend.refuse(*refusal, peer);
                co_await write_response(*session, response, limits);
                spdlog::info("request refused status={} reason=\"{}\"", response.result_int(), refusal->message);
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
            co_await write_response(*session, response, limits);
            if (!response.keep_alive()) break;
        }
    } catch (const std::exception& e) {
        spdlog::error("connection ended by an unexpected error: {}", e.what());
    }
    beast::error_code ignored;
    session->stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    tracker.remove(id);
}

}  // namespace peeringd::daemon
