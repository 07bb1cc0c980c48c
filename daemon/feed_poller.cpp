#include "daemon/feed_poller.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

namespace peeringd::daemon {
namespace asio = boost::asio;

FeedPoller::FeedPoller(asio::io_context& io, storage::DbWorker& db, api::FeedNotifier& feed,
                       std::chrono::milliseconds interval)
    : strand_(asio::make_strand(io)), timer_(strand_), db_(db), feed_(feed), interval_(interval) {}

void FeedPoller::start() {
    asio::co_spawn(strand_, loop(), [](std::exception_ptr e) {
        if (!e) return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            spdlog::critical("feed poller ended: {}", ex.what());
        }
    });
}

void FeedPoller::stop() {
    asio::post(strand_, [this] {
        stopped_ = true;
        timer_.cancel();
    });
}

asio::awaitable<void> FeedPoller::loop() {
    bool failing = false;
    while (!stopped_) {
        timer_.expires_after(interval_);
        co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
        if (stopped_) break;
        auto read = db_.read([after = feed_.published()](storage::Repositories& repos) {
            return repos.peerings.notices_after(after);
        });
        auto notices = co_await std::move(read);
        if (!notices) {
            // The database is away (restart, failover): say so once; watchers still time out.
            if (!failing) spdlog::warn("feed poller: {}", notices.error().message);
            failing = true;
            continue;
        }
        failing = false;
        if (!notices->empty()) feed_.publish(std::move(*notices));
    }
}

}  // namespace peeringd::daemon
