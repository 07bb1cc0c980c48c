#pragma once
/// Small steps several handlers share.

#include "api/handlers/handler.hpp"
#include "domain/error.hpp"
#include "domain/peering.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace peeringd::api {

/// Canonical form of a path id; a non-UUID can name no peering, so it is E12 (404) with the
/// raw id echoed, answered without touching the database.
domain::Result<std::string> canonical_path_id(std::string_view raw);

/// The calling project, required by every mutation (G1 when the identity has none).
domain::Result<std::string> caller_project(const Identity& identity);

/// The visibility scope of a read: the caller's project, or nullopt (everything) for an admin
/// identity without one.
domain::Result<std::optional<std::string>> read_scope(const Identity& identity);

/// The body of a create/update as JSON (E1 for empty, malformed, too deep, duplicate keys or
/// non-finite numbers).
domain::Result<boost::json::value> parse_json_body(const Request& request);

/// The If-Match precondition of a mutation (docs/API.md): absent or `*` = unconditional, a
/// quoted revision `"17"` = only while the peering is at that revision (else 412). Anything
/// else (weak tags, lists, unquoted) is E1 (400).
domain::Result<storage::ExpectedRevision> parse_if_match(const Request& request);

/// `ETag: "<revision>"` for a reply about one peering.
http::fields etag_header(std::int64_t revision);

/// Wakes the sweeper when a read returned a peering that expired moments ago (see .cpp).
void note_expired_peerings(const RequestContext& ctx, std::span<const domain::Peering> seen,
                           domain::Timestamp now);

}  // namespace peeringd::api
