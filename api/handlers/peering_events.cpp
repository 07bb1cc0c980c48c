#include "api/handlers/handler.hpp"

#include "api/feed_reader.hpp"
#include "api/feed_request.hpp"
#include "api/handlers/handler_support.hpp"
#include "api/json/change_codec.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace peeringd::api {

/// GET /v2.0/vpc/peering-events (peeringd extension): the changes after `since` the caller may
/// see, as one JSON answer (optionally a long poll) or as a Server-Sent Events stream.
HandlerResult peering_events(RequestContext& ctx) {
    auto wanted = parse_feed_request(ctx.query, ctx.request);
    if (!wanted) co_return wanted.error();
    auto scope = read_scope(ctx.identity);
    if (!scope) co_return scope.error();
    const std::optional<std::string> who = *scope;  // lives in this frame for the whole call
    if (wanted->stream) {
        // The first page is read here so that a stale position is a plain 410, not a stream.
        auto first = co_await read_feed_page(ctx.db, wanted->since, wanted->limit, who);
        if (!first) co_return first.error();
        co_return Reply{http::status::ok, std::nullopt, {},
                        event_stream(ctx.db, ctx.feed, who, std::move(*first), wanted->limit)};
    }
    auto page = co_await long_poll(ctx.db, ctx.feed, wanted->since, wanted->limit, wanted->wait, who);
    if (!page) co_return page.error();
    boost::json::array events;
    for (const auto& change : page->changes) events.push_back(json::to_json(change, true));
    co_return Reply{http::status::ok,
                    boost::json::object{{"events", std::move(events)}, {"next_since", page->next_since}}};
}

}  // namespace peeringd::api
