#include "api/handlers/handler.hpp"

#include "api/handlers/admin_support.hpp"
#include "domain/registry.hpp"

namespace peeringd::api {

/// DELETE /v2.0/peeringd/clusters/{id}: 204; 404 unknown, 409 while peerings still name it
/// (admin only).
HandlerResult admin_remove_cluster(RequestContext& ctx) {
    if (auto ok = require_admin(ctx.identity); !ok) co_return ok.error();
    auto id = domain::parse_cluster_id(ctx.path_id);
    if (!id) co_return id.error();
    // Built outside the co_await (GCC 12 coroutine bug, see cs_create_peering.cpp).
    auto pending = ctx.db.write(
        [id = *id](storage::Repositories& repos) { return repos.registry.remove_cluster(id); });
    auto removed = co_await std::move(pending);
    if (!removed) co_return removed.error();
    co_return Reply{http::status::no_content, std::nullopt};
}

}  // namespace peeringd::api
