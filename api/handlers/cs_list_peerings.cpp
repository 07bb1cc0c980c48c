#include "api/handlers/handler.hpp"

#include "api/handlers/cs_support.hpp"
#include "api/handlers/handler_support.hpp"
#include "api/json/cs_codec.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace peeringd::api {

/// GET /v1.0/{project}/reserved_cluster/{cluster}/peering (spec §4.2): the cluster's peerings,
/// each request_vpc_info with the cluster's vpc_cidr and subnet_cidr. No paging (none documented).
HandlerResult cs_list_peerings(RequestContext& ctx) {
    auto scope = cs_scope(ctx);
    if (!scope) co_return scope.error();
    const auto now = ctx.clock.now();  // read before the hop to the DB thread
    // Built outside the co_await (GCC 12 coroutine bug, see cs_create_peering.cpp).
    auto pending = ctx.db.read([cluster = scope->cluster_id, owner = scope->project,
                                now](storage::Repositories& repos) {
        return repos.peerings.cs_list(cluster, owner, now);
    });
    auto found = co_await std::move(pending);
    if (!found) co_return found.error();
    note_expired_peerings(ctx, found->items, now);
    boost::json::array peerings;
    for (const auto& peering : found->items)
        peerings.push_back(json::cs_list_entry(peering, found->cluster));
    co_return Reply{http::status::ok, boost::json::object{{"peerings", std::move(peerings)}}};
}

}  // namespace peeringd::api
