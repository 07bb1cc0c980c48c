#include "daemon/listener.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/write.hpp>
#include <spdlog/spdlog.h>

#include <memory>

namespace peeringd::daemon {
namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;

namespace {

/// Answers a connection over the limit without reading from it, then closes it. The response
/// comes in a unique_ptr: GCC 12 relocates class-type coroutine parameters bytewise.
asio::awaitable<void> turn_away(tcp::socket socket, std::unique_ptr<api::Response> response,
                                std::chrono::seconds write_timeout) {
    beast::tcp_stream stream{std::move(socket)};
    response->prepare_payload();
    stream.expires_after(write_timeout);
    co_await beast::http::async_write(stream, *response, asio::as_tuple(asio::use_awaitable));
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace

Listener::Listener(asio::io_context& io, const std::string& host, unsigned short port, Frontend& frontend,
                   ConnectionTracker& tracker, SessionLimits limits, std::size_t max_connections)
    : io_(io), acceptor_(io), frontend_(frontend), tracker_(tracker), limits_(limits),
      max_connections_(max_connections) {
    const tcp::endpoint endpoint{asio::ip::make_address(host), port};
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
}

tcp::endpoint Listener::local_endpoint() const { return acceptor_.local_endpoint(); }

void Listener::start() {
    asio::co_spawn(acceptor_.get_executor(), accept_loop(), [](std::exception_ptr e) {
        if (!e) return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            spdlog::critical("accept loop failed: {}", ex.what());
        }
    });
}

void Listener::stop() {
    asio::post(acceptor_.get_executor(), [this] {
        boost::system::error_code ignored;
        acceptor_.close(ignored);
    });
}

asio::awaitable<void> Listener::accept_loop() {
    asio::steady_timer backoff{io_};
    while (acceptor_.is_open()) {
        auto strand = asio::make_strand(io_);
        auto [ec, socket] = co_await acceptor_.async_accept(strand, asio::as_tuple(asio::use_awaitable));
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) break;
        if (ec) {
            // Out of file descriptors and the like: back off instead of spinning on the error.
            spdlog::warn("accept failed: {}", ec.message());
            backoff.expires_after(std::chrono::milliseconds(100));
            co_await backoff.async_wait(asio::as_tuple(asio::use_awaitable));
            continue;
        }
        if (tracker_.size() >= max_connections_) {
            // Each session holds a descriptor and buffers; past the limit a client learns to
            // come back later instead of waiting in the kernel's backlog.
            auto response = std::make_unique<api::Response>(frontend_.refuse(
                {domain::ErrorCode::unavailable, "Too many open connections."}, ""));
            asio::co_spawn(strand, turn_away(std::move(socket), std::move(response), limits_.write_timeout),
                           asio::detached);
            continue;
        }
        asio::co_spawn(strand, run_session(std::move(socket), frontend_, tracker_, limits_), asio::detached);
    }
}

}  // namespace peeringd::daemon
