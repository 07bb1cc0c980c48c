#pragma once
/// The query of GET /v2.0/vpc/peering-events (docs/API.md "Change feed"), validated.

#include "api/http_types.hpp"
#include "api/query_string.hpp"
#include "domain/error.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace peeringd::api {

/// Changes per answer when `limit` is absent, and the most one answer carries: a page of 1,000
/// events with their snapshots stays well under a megabyte and one short read.
inline constexpr std::size_t kDefaultFeedLimit = 100;
inline constexpr std::size_t kMaxFeedLimit = 1000;
/// The longest long poll: below common proxy and client idle timeouts (60-100 s).
inline constexpr std::chrono::seconds kMaxFeedWait{60};

struct FeedRequest {
    std::int64_t since = 0;  ///< changes after this revision
    std::size_t limit = kDefaultFeedLimit;
    std::chrono::seconds wait{0};  ///< long poll when > 0
    bool stream = false;           ///< Accept: text/event-stream (SSE)
};

/// since (revision >= 0), limit (1..1000), wait (0..60 seconds); each at most once. With
/// `Accept: text/event-stream` the answer is an SSE stream and `Last-Event-ID`, when sent,
/// replaces `since`. Other parameters are ignored. Bad values are E1 (400).
domain::Result<FeedRequest> parse_feed_request(const QueryParams& query, const Request& request);

}  // namespace peeringd::api
