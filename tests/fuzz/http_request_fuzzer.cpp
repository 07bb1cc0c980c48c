// Raw request bytes -> the daemon's raw-head checks, Beast's request parser, the framing guard
// and the router: what a socket would feed them, without the socket. Property: no crash or
// sanitizer report, and a head the checks accept parses to a request the guard can judge.
#include "api/query_string.hpp"
#include "api/router.hpp"
#include "daemon/request_guard.hpp"
#include "daemon/request_reader.hpp"
#include "tests/fuzz/fuzz_check.hpp"

#include <boost/asio/buffer.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

using peeringd::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const peeringd::daemon::SessionLimits limits;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const auto end = bytes.substr(0, limits.header_limit).find("\r\n\r\n");
    if (end == std::string_view::npos) return 0;
    const auto head = bytes.substr(0, end + 4);
    if (peeringd::daemon::check_raw_head(head, limits.max_header_fields)) return 0;

    peeringd::daemon::RequestParser parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
    parser.body_limit(limits.body_limit);
    boost::beast::error_code ec;
    const auto used = parser.put(boost::asio::buffer(head.data(), head.size()), ec);
    if (ec) return 0;
    check(used == head.size() && parser.is_header_done(), "a complete head is consumed whole");
    if (peeringd::daemon::check_request_header(parser.get().base(), limits)) return 0;

    // The body, as far as it goes; eager parsing as the session's async_read would do.
    parser.eager(true);
    auto body = bytes.substr(head.size());
    while (!body.empty() && !parser.is_done()) {
        const auto n = parser.put(boost::asio::buffer(body.data(), body.size()), ec);
        if (ec || n == 0) break;
        body.remove_prefix(n);
    }
    const auto& request = parser.get();
    const auto target = peeringd::api::split_target(request.target());
    const auto routed = peeringd::api::route(request.method(), target.path);
    check(!routed.match || routed.allow.empty(), "a matched route carries no Allow list");
    peeringd::api::parse_query(target.query);
    return 0;
}
