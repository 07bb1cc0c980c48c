#include "api/handlers/handler.hpp"

#include "api/handlers/cs_support.hpp"
#include "api/handlers/handler_support.hpp"
#include "api/idempotency_key.hpp"
#include "api/json/cs_codec.hpp"
#include "api/json/peering_codec.hpp"

#include <boost/json/object.hpp>

namespace peeringd::api {

/// POST /v1.0/{project}/reserved_cluster/{cluster}/peering (spec §4.1): 201 wrapped, always
/// PENDING_ACCEPTANCE; the user accepts it through the v2.0 accept. Honours Idempotency-Key
/// like the v2.0 create (docs/API.md).
HandlerResult cs_create_peering(RequestContext& ctx) {
    auto scope = cs_scope(ctx);
    if (!scope) co_return scope.error();
    auto body = parse_json_body(ctx.request);
    if (!body) co_return body.error();
    auto cmd = json::cs_create_command_from_json(*body);
    if (!cmd) co_return cmd.error();
    auto key = idempotency_key_of(ctx.request);
    if (!key) co_return key.error();
    const auto now = ctx.clock.now();  // read before the hop to the DB thread
    const storage::Actor actor{scope->project, ctx.request_id};
    // Built outside the co_await: GCC 12 relocates lambda temporaries that live across a
    // suspension bytewise, which corrupts captured std::strings.
    auto pending = ctx.db.write([cluster = scope->cluster_id, cmd = *cmd, actor, now,
                                 key = *key](storage::Repositories& repos) {
        return repos.peerings.cs_create(cluster, cmd, actor, now, key);
    });
    auto created = co_await std::move(pending);
    if (!created) co_return created.error();
    co_return Reply{http::status::created,
                    boost::json::object{{"peering", json::to_json(*created)}}};
}

}  // namespace peeringd::api
