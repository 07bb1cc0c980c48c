#include "api/handlers/handler.hpp"

#include "api/handlers/handler_support.hpp"
#include "api/json/peering_codec.hpp"

namespace peeringd::api {

/// PUT /v2.0/vpc/peerings/{id}/reject (spec §3.6): same rules as accept, moves to REJECTED.
/// Any body is ignored; the answer is the bare object plus the caller's tenant_id.
HandlerResult reject_peering(RequestContext& ctx) {
    auto id = canonical_path_id(ctx.path_id);
    if (!id) co_return id.error();
    auto project = caller_project(ctx.identity);
    if (!project) co_return project.error();
    const auto now = ctx.clock.now();  // read before the hop to the DB thread
    const storage::Actor actor{*project, ctx.request_id};
    // Built outside the co_await: GCC 12 relocates lambda temporaries that live across a
    // suspension bytewise, which corrupts captured std::strings.
    auto pending = ctx.db.write(
        [id = *id, actor,
         now](storage::PeeringRepository& repo) { return repo.reject(id, actor, now); });
    auto rejected = co_await std::move(pending);
    if (!rejected) co_return rejected.error();
    co_return Reply{http::status::ok, json::to_bare_json(*rejected, *project)};
}

}  // namespace peeringd::api
