#include "api/handlers/answer_peering.hpp"

#include "api/handlers/handler_support.hpp"
#include "api/json/peering_codec.hpp"

namespace peeringd::api {

HandlerResult answer_peering(RequestContext& ctx, Answer answer) {
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
    auto pending = ctx.db.write([id = *id, actor, now, answer,
                                 expected = *expected](storage::Repositories& repos) {
        return answer == Answer::accept ? repos.peerings.accept(id, actor, now, expected)
                                        : repos.peerings.reject(id, actor, now, expected);
    });
    auto answered = co_await std::move(pending);
    if (!answered) co_return answered.error();
    co_return Reply{http::status::ok, json::to_bare_json(*answered, *project),
                    etag_header(answered->revision)};
}

}  // namespace peeringd::api
