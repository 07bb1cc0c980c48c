#include "api/handlers/handler.hpp"

#include "api/handlers/handler_support.hpp"

namespace peeringd::api {

/// DELETE /v2.0/vpc/peerings/{id} (spec §3.7): either party, any status; 204, then 404.
HandlerResult delete_peering(RequestContext& ctx) {
    auto id = canonical_path_id(ctx.path_id);
    if (!id) co_return id.error();
    auto project = caller_project(ctx.identity);
    if (!project) co_return project.error();
    auto expected = parse_if_match(ctx.request);
    if (!expected) co_return expected.error();
    const auto now = ctx.clock.now();  // read before the hop to the DB thread
    const storage::Actor actor{*project, ctx.request_id};
    // Built outside the co_await: GCC 12 relocates lambda temporaries that live across a
    // suspension bytewise, which corrupts captured std::strings.
    auto pending = ctx.db.write(
        [id = *id, actor, now, expected = *expected](storage::Repositories& repos) {
            return repos.peerings.remove(id, actor, now, expected);
        });
    auto removed = co_await std::move(pending);
    if (!removed) co_return removed.error();
    co_return Reply{http::status::no_content, std::nullopt};
}

}  // namespace peeringd::api
