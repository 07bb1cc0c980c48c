#include "api/handlers/handler.hpp"

#include "api/handlers/admin_support.hpp"
#include "api/handlers/handler_support.hpp"
#include "api/json/registry_codec.hpp"

#include <boost/json/object.hpp>

namespace peeringd::api {

/// POST /v2.0/peeringd/clusters {"cluster": {...}}: 201 with the stored entry; 409 when the
/// id is taken (admin only).
HandlerResult admin_add_cluster(RequestContext& ctx) {
    if (auto ok = require_admin(ctx.identity); !ok) co_return ok.error();
    auto body = parse_json_body(ctx.request);
    if (!body) co_return body.error();
    auto cluster = json::cluster_from_json(*body);
    if (!cluster) co_return cluster.error();
    const auto now = ctx.clock.now();  // read before the hop to the DB thread
    // Built outside the co_await (GCC 12 coroutine bug, see cs_create_peering.cpp).
    auto pending = ctx.db.write([cluster = *cluster, now](storage::Repositories& repos) {
        return repos.registry.add_cluster(cluster, now);
    });
    auto added = co_await std::move(pending);
    if (!added) co_return added.error();
    co_return Reply{http::status::created, boost::json::object{{"cluster", json::to_json(*added)}}};
}

}  // namespace peeringd::api
