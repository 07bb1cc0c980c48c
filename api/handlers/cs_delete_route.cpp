#include "api/handlers/handler.hpp"

#include "api/handlers/cs_support.hpp"
#include "api/handlers/handler_support.hpp"
#include "domain/validation.hpp"

namespace peeringd::api {

/// DELETE …/peering/{id}/route/{route} (spec §4.5): 204; an unknown route is 400 CS.22107.
HandlerResult cs_delete_route(RequestContext& ctx) {
    auto scope = cs_scope(ctx);
    if (!scope) co_return scope.error();
    auto id = canonical_path_id(ctx.path_id);
    if (!id) co_return id.error();
    const storage::Actor actor{scope->project, ctx.request_id};
    // Built outside the co_await (GCC 12 coroutine bug, see cs_create_peering.cpp).
    auto pending = ctx.db.write([cluster = scope->cluster_id, id = *id,
                                 // A non-UUID names no route; it is echoed in the error as given.
                                 route = domain::canonical_uuid(ctx.cs_path.route)
                                             .value_or(ctx.cs_path.route),
                                 actor](storage::Repositories& repos) {
        return repos.peerings.cs_remove_route(cluster, id, route, actor);
    });
    auto removed = co_await std::move(pending);
    if (!removed) co_return removed.error();
    co_return Reply{http::status::no_content, std::nullopt};
}

}  // namespace peeringd::api
