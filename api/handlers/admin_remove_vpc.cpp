#include "api/handlers/handler.hpp"

#include "api/handlers/admin_support.hpp"
#include "domain/error.hpp"
#include "domain/validation.hpp"

namespace peeringd::api {

/// DELETE /v2.0/peeringd/vpcs/{id}: 204; 404 unknown (admin only). Peerings already made stay.
HandlerResult admin_remove_vpc(RequestContext& ctx) {
    if (auto ok = require_admin(ctx.identity); !ok) co_return ok.error();
    auto id = domain::canonical_uuid(ctx.path_id);
    if (!id)
        co_return domain::Error{domain::ErrorCode::registry_not_found,
                                "VPC could not be found: not a valid UUID."};
    // Built outside the co_await (GCC 12 coroutine bug, see cs_create_peering.cpp).
    auto pending = ctx.db.write(
        [id = *id](storage::Repositories& repos) { return repos.registry.remove_vpc(id); });
    auto removed = co_await std::move(pending);
    if (!removed) co_return removed.error();
    co_return Reply{http::status::no_content, std::nullopt};
}

}  // namespace peeringd::api
