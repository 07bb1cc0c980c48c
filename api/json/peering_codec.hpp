#pragma once
/// JSON for the peering resource (spec §1.1, §3): the wire object, and the create/update
/// request bodies turned into validated domain commands (§6, errors E2-E8).

#include "domain/error.hpp"
#include "domain/peering.hpp"
#include "domain/peering_rules.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string_view>

namespace peeringd::api::json {

/// The §1.1 object: id, name, description, status, request_vpc_info, accept_vpc_info,
/// created_at, updated_at; plus peeringd's `revision` extension (docs/API.md).
boost::json::object to_json(const domain::Peering& peering);

/// The accept/reject shape (§3.5): the same fields unwrapped plus a top-level `tenant_id`
/// naming the calling project.
boost::json::object to_bare_json(const domain::Peering& peering, std::string_view caller);

/// `{"peering": {...}}` of a create; vpc ids come back canonical, absent or empty tenant ids
/// as "". Caller-dependent checks (E9, E10) are the domain's.
domain::Result<domain::CreateCommand> create_command_from_json(const boost::json::value& body);

/// `{"peering": {...}}` of an update: only name/description, at least one of them.
domain::Result<domain::UpdateCommand> update_command_from_json(const boost::json::value& body);

}  // namespace peeringd::api::json
