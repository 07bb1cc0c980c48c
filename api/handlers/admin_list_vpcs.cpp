#include "api/handlers/handler.hpp"

#include "api/handlers/admin_support.hpp"
#include "api/json/registry_codec.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace peeringd::api {

/// GET /v2.0/peeringd/vpcs: every registered VPC, by id (admin only).
HandlerResult admin_list_vpcs(RequestContext& ctx) {
    if (auto ok = require_admin(ctx.identity); !ok) co_return ok.error();
    auto vpcs = co_await ctx.db.read([](storage::Repositories& repos) {
        return repos.registry.list_vpcs();  // capture-free: safe inside the co_await expression
    });
    if (!vpcs) co_return vpcs.error();
    boost::json::array out;
    for (const auto& vpc : *vpcs) out.push_back(json::to_json(vpc));
    co_return Reply{http::status::ok, boost::json::object{{"vpcs", std::move(out)}}};
}

}  // namespace peeringd::api
