#pragma once
/// Read-only questions peeringctl asks an admin's behalf: every peering including tombstones,
/// the change history, counts and due requests. Each method is one read transaction, so it sees
/// one snapshot and never takes the write lock (safe beside a running daemon in WAL mode).

#include "domain/peering.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace peeringd::storage::sql {
class Session;
class Statement;
}  // namespace peeringd::storage::sql

namespace peeringd::storage {

/// A stored peering as an admin sees it: the row as written, tombstones included.
struct AdminPeering {
    domain::Peering peering;
    std::optional<std::string> deleted_at;
};

/// One peering_history row.
struct HistoryRow {
    std::int64_t revision = 0;
    std::string peering_id;
    std::string action;
    std::optional<std::string> from_status;  ///< nullopt for a create
    std::string to_status;
    std::optional<std::string> actor_project;  ///< nullopt when the system acted (expiry)
    std::string changed_at;
    std::optional<std::string> request_id;
};

struct AdminFilter {
    std::optional<domain::PeeringStatus> status;
    std::optional<std::string> project;  ///< matches either side
};

struct StatusCount {
    std::string status;
    std::int64_t count = 0;
};

struct DatabaseStats {
    std::vector<StatusCount> by_status;  ///< every status but DELETED, in lifecycle order
    std::int64_t tombstones = 0;         ///< DELETED rows kept for the history
    std::int64_t pending_due = 0;        ///< pending with a passed deadline (sweeper not yet run)
    std::int64_t pending_expiring_24h = 0;  ///< pending, not yet due, due within 24 hours
    std::int64_t history_rows = 0;
    std::uintmax_t db_bytes = 0;
    std::uintmax_t wal_bytes = 0;  ///< 0 when there is no -wal file
    int schema_version = 0;
    int latest_schema_version = 0;  ///< newest version this binary knows
};

class AdminQueries {
public:
    explicit AdminQueries(sql::Session& db);

    /// Peerings matching `filter`, ordered by creation time then id.
    std::vector<AdminPeering> peerings(const AdminFilter& filter);
    /// One peering by id, tombstones included; nullopt if there is no such row.
    std::optional<AdminPeering> peering(std::string_view id);
    /// History rows, oldest first; optionally only one peering's, or only from `since` on
    /// ('YYYY-MM-DDTHH:MM:SS' UTC, inclusive).
    std::vector<HistoryRow> history(std::optional<std::string> peering_id,
                                    std::optional<domain::Timestamp> since);
    DatabaseStats stats(domain::Timestamp now);
    /// Pending peerings whose deadline is at or before `now`, in the order the sweeper takes them.
    std::vector<domain::Peering> due_pending(domain::Timestamp now);

private:
    sql::Session& db_;
};

}  // namespace peeringd::storage
