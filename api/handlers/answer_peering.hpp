#pragma once
/// The shared body of the accept and reject endpoints (spec §3.5-§3.6): identical rules,
/// different target status.

#include "api/handlers/handler.hpp"

namespace peeringd::api {

enum class Answer { accept, reject };

/// Accepter only, PENDING_ACCEPTANCE only; any body is ignored; the answer is the bare object
/// plus the caller's tenant_id.
HandlerResult answer_peering(RequestContext& ctx, Answer answer);

}  // namespace peeringd::api
