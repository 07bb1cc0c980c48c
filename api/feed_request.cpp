#include "api/feed_request.hpp"

#include "domain/untrusted_text.hpp"
#include "domain/validation.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

namespace peeringd::api {
namespace {

/// A decimal number of at most 18 digits (fits int64), or nullopt.
std::optional<std::int64_t> parse_count(std::string_view text) {
    if (text.empty() || text.size() > 18 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return std::stoll(std::string(text));
}

domain::Error invalid(std::string_view name, std::string_view value, std::string_view expected) {
    return domain::bad_request("Invalid input for " + std::string(name) + ". Reason: '" +
                               domain::echo(value) + "' is not " + std::string(expected) + ".");
}

/// The parameter's value if given once; E1 if repeated.
domain::Result<std::optional<std::string>> single(const QueryParams& query, std::string_view name) {
    std::optional<std::string> found;
    for (const auto& [key, value] : query) {
        if (key != name) continue;
        if (found) return domain::bad_request("Parameter " + std::string(name) + " given twice.");
        found = value;
    }
    return found;
}

bool wants_event_stream(const Request& request) {
    const auto accept = request[http::field::accept];
    return std::string_view(accept.data(), accept.size()).find("text/event-stream") !=
           std::string_view::npos;
}

/// Parses `name` within [min, max] into `out`; leaves `out` alone when absent.
domain::Result<void> bounded(const QueryParams& query, std::string_view name, std::int64_t min,
                             std::int64_t max, std::string_view expected, std::int64_t& out) {
    auto raw = single(query, name);
    if (!raw) return raw.error();
    if (!*raw) return {};
    const auto value = parse_count(**raw);
    if (!value || *value < min || *value > max) return invalid(name, **raw, expected);
    out = *value;
    return {};
}

}  // namespace

domain::Result<FeedRequest> parse_feed_request(const QueryParams& query, const Request& request) {
    FeedRequest out;
    std::int64_t since = 0;
    std::int64_t limit = static_cast<std::int64_t>(kDefaultFeedLimit);
    std::int64_t wait = 0;
    constexpr std::int64_t kMaxRevision = 999'999'999'999'999'999;
    if (auto ok = bounded(query, "since", 0, kMaxRevision, "a revision", since); !ok) return ok.error();
    if (auto ok = bounded(query, "limit", 1, static_cast<std::int64_t>(kMaxFeedLimit),
                          "an integer from 1 to 1000", limit);
        !ok)
        return ok.error();
    if (auto ok = bounded(query, "wait", 0, kMaxFeedWait.count(), "a number of seconds from 0 to 60",
                          wait);
        !ok)
        return ok.error();
    out.stream = wants_event_stream(request);
    if (out.stream) {
        const auto last = request["Last-Event-ID"];
        if (!last.empty()) {
            const std::string_view text(last.data(), last.size());
            const auto value = parse_count(text);
            if (!value) return invalid("Last-Event-ID", text, "a revision");
            since = *value;
        }
    }
    out.since = since;
    out.limit = static_cast<std::size_t>(limit);
    out.wait = std::chrono::seconds{wait};
    return out;
}

}  // namespace peeringd::api
