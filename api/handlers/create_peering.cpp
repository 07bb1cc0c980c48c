#include "api/handlers/handler.hpp"

#include "api/handlers/handler_support.hpp"
#include "api/idempotency_key.hpp"
#include "api/json/peering_codec.hpp"

#include <boost/json/object.hpp>

namespace peeringd::api {

/// POST /v2.0/vpc/peerings (spec §3.1): 201 wrapped. The repository applies the domain's
/// create rule (E9/E10, ACTIVE vs PENDING), pair uniqueness (E13) and quota (E16). With an
/// Idempotency-Key a retry replays the first create (docs/API.md).
HandlerResult create_peering(RequestContext& ctx) {
    auto project = caller_project(ctx.identity);
    if (!project) co_return project.error();
    auto body = parse_json_body(ctx.request);
    if (!body) co_return body.error();
    auto cmd = json::create_command_from_json(*body);
    if (!cmd) co_return cmd.error();
    auto key = idempotency_key_of(ctx.request);
    if (!key) co_return key.error();
    const auto now = ctx.clock.now();  // read before the hop to the DB thread
    const storage::Actor actor{*project, ctx.request_id};
    // Built outside the co_await: GCC 12 relocates lambda temporaries that live across a
    // suspension bytewise, which corrupts captured std::strings.
    auto pending = ctx.db.write(
        [cmd = *cmd, actor, now, key = *key](storage::Repositories& repos) {
            return repos.peerings.create(cmd, actor, now, key);
        });
    auto created = co_await std::move(pending);
    if (!created) co_return created.error();
    co_return Reply{http::status::created,
                    boost::json::object{{"peering", json::to_json(*created)}}};
}

}  // namespace peeringd::api
