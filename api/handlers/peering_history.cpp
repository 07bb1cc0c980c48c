#include "api/handlers/handler.hpp"

#include "api/handlers/handler_support.hpp"
#include "api/json/change_codec.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace peeringd::api {

/// GET /v2.0/vpc/peerings/{id}/history (peeringd extension): the peering's retained changes
/// in revision order, for both parties and admins; 404 like show for anyone else.
HandlerResult peering_history(RequestContext& ctx) {
    auto id = canonical_path_id(ctx.path_id);
    if (!id) co_return id.error();
    auto scope = read_scope(ctx.identity);
    if (!scope) co_return scope.error();
    // Built outside the co_await (GCC 12 coroutine bug, see show_peering.cpp).
    auto pending = ctx.db.read([id = *id, scope = *scope](storage::Repositories& repos) {
        return repos.peerings.history(id, scope);
    });
    auto changes = co_await std::move(pending);
    if (!changes) co_return changes.error();
    boost::json::array out;
    for (const auto& change : *changes) out.push_back(json::to_json(change, false));
    co_return Reply{http::status::ok, boost::json::object{{"history", std::move(out)}}};
}

}  // namespace peeringd::api
