#include "api/handlers/handler.hpp"

#include "api/handlers/answer_peering.hpp"

namespace peeringd::api {

/// PUT /v2.0/vpc/peerings/{id}/accept (spec §3.5): -> ACTIVE; the accepter's quota is checked.
HandlerResult accept_peering(RequestContext& ctx) { return answer_peering(ctx, Answer::accept); }

}  // namespace peeringd::api
