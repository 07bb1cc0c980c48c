#include "api/handlers/handler.hpp"

#include "api/handlers/cs_support.hpp"
#include "api/handlers/handler_support.hpp"
#include "api/json/peering_codec.hpp"

#include <boost/json/object.hpp>

namespace peeringd::api {

/// GET /v1.0/{project}/reserved_cluster/{cluster}/peering/{id} (spec §4.3): 200 wrapped;
/// unknown or deleted → HTTP 400 CS.22103, which Terraform's delete waiter reads as "gone".
HandlerResult cs_show_peering(RequestContext& ctx) {
    auto scope = cs_scope(ctx);
    if (!scope) co_return scope.error();
    auto id = canonical_path_id(ctx.path_id);
    if (!id) co_return id.error();
    const auto now = ctx.clock.now();  // read before the hop to the DB thread
    // Built outside the co_await (GCC 12 coroutine bug, see cs_create_peering.cpp).
    auto pending = ctx.db.read_point([cluster = scope->cluster_id, owner = scope->project, id = *id,
                                now](storage::Repositories& repos) {
        return repos.peerings.cs_find(cluster, owner, id, now);
    });
    auto peering = co_await std::move(pending);
    if (!peering) co_return peering.error();
    note_expired_peerings(ctx, {&*peering, 1}, now);
    co_return Reply{http::status::ok, boost::json::object{{"peering", json::to_json(*peering)}},
                    etag_header(peering->revision)};
}

}  // namespace peeringd::api
