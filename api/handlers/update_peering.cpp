#include "api/handlers/handler.hpp"

#include "api/handlers/handler_support.hpp"
#include "api/json/peering_codec.hpp"

#include <boost/json/object.hpp>

namespace peeringd::api {

/// PUT /v2.0/vpc/peerings/{id} (spec §3.4): name/description by either party, any status;
/// If-Match makes it conditional on the revision (412 when stale).
HandlerResult update_peering(RequestContext& ctx) {
    auto id = canonical_path_id(ctx.path_id);
    if (!id) co_return id.error();
    auto project = caller_project(ctx.identity);
    if (!project) co_return project.error();
    auto body = parse_json_body(ctx.request);
    if (!body) co_return body.error();
    auto cmd = json::update_command_from_json(*body);
    if (!cmd) co_return cmd.error();
    auto expected = parse_if_match(ctx.request);
    if (!expected) co_return expected.error();
    const auto now = ctx.clock.now();  // read before the hop to the DB thread
    const storage::Actor actor{*project, ctx.request_id};
    // Built outside the co_await: GCC 12 relocates lambda temporaries that live across a
    // suspension bytewise, which corrupts captured std::strings.
    auto pending = ctx.db.write(
        [id = *id, cmd = *cmd, actor, now, expected = *expected](storage::Repositories& repos) {
            return repos.peerings.update(id, cmd, actor, now, expected);
        });
    auto updated = co_await std::move(pending);
    if (!updated) co_return updated.error();
    co_return Reply{http::status::ok, boost::json::object{{"peering", json::to_json(*updated)}},
                    etag_header(updated->revision)};
}

}  // namespace peeringd::api
