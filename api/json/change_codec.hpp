#pragma once
/// JSON for the change feed (docs/API.md): one recorded change of a peering, as the history
/// endpoint lists it and as the events endpoint and the SSE stream carry it.

#include "storage/change.hpp"

#include <boost/json/object.hpp>

#include <string>

namespace peeringd::api::json {

/// revision, changed_at, action, from_status (null for a create), to_status, actor_project
/// and request_id (null when the system acted); with `with_peering` also the snapshot under
/// "peering" in the §1.1 shape.
boost::json::object to_json(const storage::Change& change, bool with_peering);

/// One Server-Sent Event: `id: <revision>`, `event: <action>`, `data: <one-line JSON>`.
std::string to_sse_event(const storage::Change& change);

}  // namespace peeringd::api::json
