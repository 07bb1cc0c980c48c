#include "api/handlers/handler.hpp"

#include "api/handlers/handler_support.hpp"
#include "api/json/peering_codec.hpp"
#include "api/list_request.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace peeringd::api {
namespace {

/// scheme://authority for absolute links (§8): the configured public URL, else the Host header.
std::string base_url(const RequestContext& ctx) {
    if (ctx.options.public_base_url) {
        std::string base = *ctx.options.public_base_url;
        while (!base.empty() && base.back() == '/') base.pop_back();
        return base;
    }
    const auto host = ctx.request[http::field::host];
    return "http://" + (host.empty() ? std::string("localhost") : std::string(host));
}

}  // namespace

/// GET /v2.0/vpc/peerings (spec §3.2, §8): the caller's peerings in id order, one page.
HandlerResult list_peerings(RequestContext& ctx) {
    auto wanted = parse_list_request(ctx.query);
    if (!wanted) co_return wanted.error();
    auto scope = read_scope(ctx.identity);
    if (!scope) co_return scope.error();
    wanted->query.visible_to = *scope;
    const auto now = ctx.clock.now();  // read before the hop to the DB thread
    // Built outside the co_await: GCC 12 relocates lambda temporaries that live across a
    // suspension bytewise, which corrupts captured std::strings.
    auto pending = ctx.db.read([query = wanted->query, now](storage::Repositories& repos) {
        return repos.peerings.list(query, now);
    });
    auto page = co_await std::move(pending);
    if (!page) co_return page.error();
    note_expired_peerings(ctx, page->items, now);

    boost::json::array peerings;
    for (const auto& peering : page->items) peerings.push_back(json::to_json(peering));
    boost::json::object body{{"peerings", std::move(peerings)}};
    if (auto links = pagination_links(*wanted, *page, ctx.query, base_url(ctx)))
        body["peerings_links"] = std::move(*links);
    // The head revision read with the page: following the change feed from it misses nothing.
    http::fields headers;
    headers.set("X-Peeringd-Revision", std::to_string(page->head_revision));
    co_return Reply{http::status::ok, std::move(body), std::move(headers)};
}

}  // namespace peeringd::api
