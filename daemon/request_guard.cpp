#include "daemon/request_guard.hpp"

#include <boost/beast/core/string.hpp>

#include <algorithm>
#include <iterator>

namespace peeringd::daemon {
namespace http = boost::beast::http;

std::optional<domain::Error> check_request_header(const http::request_header<http::fields>& h,
                                                  const SessionLimits& limits) {
    auto bad = [](const char* why) { return domain::Error{domain::ErrorCode::bad_request, why}; };
    if (h.version() != 11 && h.version() != 10) return bad("Unsupported HTTP version.");
    if (h.target().size() > limits.max_target)
        return domain::Error{domain::ErrorCode::uri_too_long, "Request target too long."};
    const auto hosts = std::distance(h.equal_range(http::field::host).first,
                                     h.equal_range(http::field::host).second);
    // HTTP/1.1 requires exactly one Host (RFC 9112 §3.2); two could route differently upstream.
    if (hosts > 1 || (h.version() == 11 && hosts == 0)) return bad("Exactly one Host header is required.");
    const auto lengths = std::distance(h.equal_range(http::field::content_length).first,
                                       h.equal_range(http::field::content_length).second);
    if (lengths > 1) return bad("Duplicate Content-Length header.");
    // Only 1*DIGIT: Beast also takes a comma list of equal values ("2, 2"), which a proxy in
    // front may frame differently.
    if (lengths == 1) {
        const auto value = h.find(http::field::content_length)->value();
        if (value.empty() || !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return bad("Content-Length must be a plain decimal number.");
    }
    const auto encodings = h.equal_range(http::field::transfer_encoding);
    const auto te_count = std::distance(encodings.first, encodings.second);
    if (te_count > 0) {
        // Only plain "chunked" is understood; anything else would leave the body bytes to be
        // parsed as a next request (request smuggling).
        if (te_count > 1 || !boost::beast::iequals(encodings.first->value(), "chunked"))
            return bad("Unsupported Transfer-Encoding.");
        if (lengths > 0) return bad("Content-Length and Transfer-Encoding must not both be present.");
    }
    return std::nullopt;
}

}  // namespace peeringd::daemon
