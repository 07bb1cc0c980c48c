#include "api/handlers/handler.hpp"

#include "api/handlers/admin_support.hpp"
#include "api/json/registry_codec.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace peeringd::api {

/// GET /v2.0/peeringd/clusters: every registered cluster, by id (admin only).
HandlerResult admin_list_clusters(RequestContext& ctx) {
    if (auto ok = require_admin(ctx.identity); !ok) co_return ok.error();
    auto clusters = co_await ctx.db.read([](storage::Repositories& repos) {
        return repos.registry.list_clusters();  // capture-free: safe inside the co_await expression
    });
    if (!clusters) co_return clusters.error();
    boost::json::array out;
    for (const auto& cluster : *clusters) out.push_back(json::to_json(cluster));
    co_return Reply{http::status::ok, boost::json::object{{"clusters", std::move(out)}}};
}

}  // namespace peeringd::api
