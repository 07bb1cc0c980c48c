#pragma once
/// Mapping between a peerings row and domain::Peering, and the history insert. Internal to
/// storage: engine types never leave this folder.

#include "domain/peering.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace peeringd::storage::sql {
class Session;
class Statement;
}  // namespace peeringd::storage::sql

namespace peeringd::storage {

class StatementCache;

/// Column list every peering SELECT uses, in the order read_peering expects.
inline constexpr std::string_view kPeeringColumns =
    "id, name, description, status, request_vpc_id, request_tenant_id, accept_vpc_id, "
    "accept_tenant_id, created_at, updated_at, expires_at, revision";

/// Reads the current row of a statement that selected kPeeringColumns from column `first` on.
domain::Peering read_peering(sql::Statement& statement, int first = 0);

/// One peering_history row. Empty project/request id are stored as NULL (system actions).
struct HistoryEntry {
    std::string_view action;  ///< create, accept, reject, expire, update, delete
    const domain::PeeringStatus* from;  ///< nullptr for a create
    /// The peering right after the change (its status is the row's to_status): the row keeps
    /// its mutable fields as the change feed's snapshot.
    const domain::Peering& after;
    std::string_view actor_project;
    std::string_view request_id;
    domain::Timestamp at;
};

/// Writes the history row and stamps its revision on the peerings row, inside the caller's
/// transaction; returns the new revision for the caller's copy of the peering.
std::int64_t insert_history(StatementCache& sql, const HistoryEntry& entry);

/// The newest revision ever assigned (0 before the first change). Never decreases, not even
/// when retention prunes the newest rows (AUTOINCREMENT keeps its high-water mark).
std::int64_t head_revision(StatementCache& sql);

/// Binds a possibly-empty string as NULL when empty.
void bind_text_or_null(sql::Statement& statement, int index, std::string_view value);

}  // namespace peeringd::storage
