#include "api/handlers/handler.hpp"

#include "api/handlers/cs_support.hpp"
#include "api/handlers/handler_support.hpp"
#include "api/json/cs_codec.hpp"

#include <boost/json/object.hpp>

namespace peeringd::api {

/// POST …/peering/{id}/route (spec §4.5): 201 {"route": {...}}; only on ACTIVE peerings
/// (409 CS.22105 otherwise), one route per destination (409 CS.22104).
HandlerResult cs_create_route(RequestContext& ctx) {
    auto scope = cs_scope(ctx);
    if (!scope) co_return scope.error();
    auto id = canonical_path_id(ctx.path_id);
    if (!id) co_return id.error();
    auto body = parse_json_body(ctx.request);
    if (!body) co_return body.error();
    auto destination = json::route_destination_from_json(*body);
    if (!destination) co_return destination.error();
    const auto now = ctx.clock.now();  // read before the hop to the DB thread
    const storage::Actor actor{scope->project, ctx.request_id};
    // Built outside the co_await (GCC 12 coroutine bug, see cs_create_peering.cpp).
    auto pending = ctx.db.write([cluster = scope->cluster_id, id = *id,
                                 destination = *destination, actor,
                                 now](storage::Repositories& repos) {
        return repos.peerings.cs_add_route(cluster, id, destination, actor, now);
    });
    auto route = co_await std::move(pending);
    if (!route) co_return route.error();
    co_return Reply{http::status::created, boost::json::object{{"route", json::to_json(*route)}}};
}

}  // namespace peeringd::api
