#include "api/handlers/handler.hpp"

#include "api/handlers/cs_support.hpp"
#include "api/handlers/handler_support.hpp"

namespace peeringd::api {

/// DELETE /v1.0/{project}/reserved_cluster/{cluster}/peering/{id} (spec §4.4): 204; the
/// peering leaves both APIs, exactly as after a v2.0 delete.
HandlerResult cs_delete_peering(RequestContext& ctx) {
    auto scope = cs_scope(ctx);
    if (!scope) co_return scope.error();
    auto id = canonical_path_id(ctx.path_id);
    if (!id) co_return id.error();
    const auto now = ctx.clock.now();  // read before the hop to the DB thread
    const storage::Actor actor{scope->project, ctx.request_id};
    // Built outside the co_await (GCC 12 coroutine bug, see cs_create_peering.cpp).
    auto pending = ctx.db.write([cluster = scope->cluster_id, id = *id, actor,
                                 now](storage::Repositories& repos) {
        return repos.peerings.cs_remove(cluster, id, actor, now);
    });
    auto removed = co_await std::move(pending);
    if (!removed) co_return removed.error();
    co_return Reply{http::status::no_content, std::nullopt};
}

}  // namespace peeringd::api
