#include "api/handlers/handler.hpp"

#include "api/handlers/answer_peering.hpp"

namespace peeringd::api {

/// PUT /v2.0/vpc/peerings/{id}/reject (spec §3.6): same rules as accept, moves to REJECTED.
HandlerResult reject_peering(RequestContext& ctx) { return answer_peering(ctx, Answer::reject); }

}  // namespace peeringd::api
