#include "api/handlers/handler.hpp"

#include "api/handlers/handler_support.hpp"
#include "api/json/peering_codec.hpp"

#include <boost/json/object.hpp>

namespace peeringd::api {

/// GET /v2.0/vpc/peerings/{id} (spec §3.3): 200 wrapped, 404 when the caller is no party.
HandlerResult show_peering(RequestContext& ctx) {
    auto id = canonical_path_id(ctx.path_id);
    if (!id) co_return id.error();
    auto scope = read_scope(ctx.identity);
    if (!scope) co_return scope.error();
    const auto now = ctx.clock.now();  // read before the hop to the DB thread
    // Built outside the co_await: GCC 12 relocates lambda temporaries that live across a
    // suspension bytewise, which corrupts captured std::strings.
    auto pending = ctx.db.read_point(
        [id = *id, scope = *scope, now](storage::Repositories& repos) {
            return repos.peerings.find(id, scope, now);
        });
    auto peering = co_await std::move(pending);
    if (!peering) co_return peering.error();
    note_expired_peerings(ctx, {&*peering, 1}, now);
    co_return Reply{http::status::ok, boost::json::object{{"peering", json::to_json(*peering)}},
                    etag_header(peering->revision)};
}

}  // namespace peeringd::api
