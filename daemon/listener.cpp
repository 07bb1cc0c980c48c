#include "daemon/listener.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

namespace peeringd::daemon {
namespace asio = boost::asio;
using asio::ip::tcp;

Listener::Listener(asio::io_context& io, const std::string& host, unsigned short port, Frontend& frontend,
                   ConnectionTracker& tracker, SessionLimits limits)
    : io_(io), acceptor_(io), frontend_(frontend), tracker_(tracker), limits_(limits) {
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
        asio::co_spawn(strand, run_session(std::move(socket), frontend_, tracker_, limits_), asio::detached);
    }
}

}  // namespace peeringd::daemon
