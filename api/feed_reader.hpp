#pragma once
/// The change feed's two ways of waiting for news (docs/API.md "Change feed"): a long poll that
/// answers once, and the Server-Sent Events producer that keeps answering. Both read pages
/// through the DbWorker and sleep on the FeedNotifier in between.

#include "api/event_stream.hpp"
#include "api/feed_notifier.hpp"
#include "storage/db_worker.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace peeringd::api {

/// Heartbeat comment interval of an idle stream: keeps proxies from closing it and finds
/// clients that went away.
inline constexpr std::chrono::seconds kHeartbeat{15};

/// One page of the feed read on a reader connection. `scope` must outlive the call.
boost::asio::awaitable<domain::Result<storage::FeedPage>> read_feed_page(
    storage::DbWorker& db, std::int64_t since, std::size_t limit,
    const std::optional<std::string>& scope);

/// A page with changes after `since`, or after `wait` the (possibly empty) page read last.
/// `scope` must outlive the call.
boost::asio::awaitable<domain::Result<storage::FeedPage>> long_poll(
    storage::DbWorker& db, FeedNotifier& feed, std::int64_t since, std::size_t limit,
    std::chrono::seconds wait, const std::optional<std::string>& scope);

/// The SSE body: `first` at once, then every later change `scope` may see, with a heartbeat
/// comment every kHeartbeat; ends when the client is gone or the notifier closes.
StreamProducer event_stream(storage::DbWorker& db, FeedNotifier& feed,
                            std::optional<std::string> scope, storage::FeedPage first,
                            std::size_t limit);

}  // namespace peeringd::api
