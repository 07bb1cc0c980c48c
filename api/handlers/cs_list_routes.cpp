#include "api/handlers/handler.hpp"

#include "api/handlers/cs_support.hpp"
#include "api/handlers/handler_support.hpp"
#include "api/json/cs_codec.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace peeringd::api {

/// GET …/peering/{id}/route (spec §4.5): 200 {"routes": [...]}, oldest first.
HandlerResult cs_list_routes(RequestContext& ctx) {
    auto scope = cs_scope(ctx);
    if (!scope) co_return scope.error();
    auto id = canonical_path_id(ctx.path_id);
    if (!id) co_return id.error();
    const auto now = ctx.clock.now();  // read before the hop to the DB thread
    // Built outside the co_await (GCC 12 coroutine bug, see cs_create_peering.cpp).
    auto pending = ctx.db.read([cluster = scope->cluster_id, owner = scope->project, id = *id,
                                now](storage::Repositories& repos) {
        return repos.peerings.cs_routes(cluster, owner, id, now);
    });
    auto routes = co_await std::move(pending);
    if (!routes) co_return routes.error();
    boost::json::array out;
    for (const auto& route : *routes) out.push_back(json::to_json(route));
    co_return Reply{http::status::ok, boost::json::object{{"routes", std::move(out)}}};
}

}  // namespace peeringd::api
