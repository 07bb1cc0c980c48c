#pragma once
/// Mapping between a peerings row and domain::Peering, and the history insert. Internal to
/// storage: SQLite types never leave this folder.

#include "domain/peering.hpp"

#include <string>
#include <string_view>

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace peeringd::storage {

/// Column list every peering SELECT uses, in the order read_peering expects.
inline constexpr std::string_view kPeeringColumns =
    "id, name, description, status, request_vpc_id, request_tenant_id, accept_vpc_id, "
    "accept_tenant_id, created_at, updated_at, expires_at";

/// Reads the current row of a statement that selected kPeeringColumns first.
domain::Peering read_peering(SQLite::Statement& statement);

/// One peering_history row. Empty project/request id are stored as NULL (system actions).
struct HistoryEntry {
    std::string_view peering_id;
    std::string_view action;  ///< create, accept, reject, expire, update, delete
    const domain::PeeringStatus* from;  ///< nullptr for a create
    domain::PeeringStatus to;
    std::string_view actor_project;
    std::string_view request_id;
    domain::Timestamp at;
};

void insert_history(SQLite::Database& db, const HistoryEntry& entry);

/// Binds a possibly-empty string as NULL when empty.
void bind_text_or_null(SQLite::Statement& statement, int index, std::string_view value);

}  // namespace peeringd::storage
