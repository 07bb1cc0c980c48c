#include "storage/admin_queries.hpp"
#include "storage/sql/session.hpp"
#include "storage/sql/transaction.hpp"

#include "storage/sql/sqlite_session.hpp"

#include <SQLiteCpp/Database.h>
#include "storage/migrator.hpp"
#include "storage/peering_row.hpp"


#include <array>
#include <filesystem>

namespace peeringd::storage {
namespace {

using domain::PeeringStatus;

/// kPeeringColumns is read by read_peering; deleted_at follows it at index 12.
const std::string kAdminSelect = "SELECT " + std::string(kPeeringColumns) + ", deleted_at FROM peerings";

AdminPeering read_admin_peering(sql::Statement& s) {
    AdminPeering row{read_peering(s), std::nullopt};
    if (!s.getColumn(12).isNull()) row.deleted_at = s.getColumn(12).getString();
    return row;
}

std::optional<std::string> text_or_null(sql::Statement& s, int index) {
    if (s.getColumn(index).isNull()) return std::nullopt;
    return s.getColumn(index).getString();
}

std::int64_t count(sql::Session& db, const std::string& sql, const std::string& param = {}) {
    auto q_owner = db.prepare(sql);
    sql::Statement& q = *q_owner;
    if (!param.empty()) q.bind(1, param);
    q.executeStep();
    return q.getColumn(0).getInt64();
}

std::uintmax_t size_or_zero(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    return ec ? 0 : size;
}

}  // namespace

AdminQueries::AdminQueries(sql::Session& db) : db_(db) {}

std::vector<AdminPeering> AdminQueries::peerings(const AdminFilter& filter) {
    // NULL parameters switch a condition off, so one statement serves every filter combination.
    auto q_owner = db_.prepare(kAdminSelect +
                                 " WHERE (?1 IS NULL OR status = ?1)"
                                 " AND (?2 IS NULL OR request_tenant_id = ?2 OR accept_tenant_id = ?2)"
                                 " ORDER BY created_at, id");
    sql::Statement& q = *q_owner;
    if (filter.status) q.bind(1, std::string(domain::to_string(*filter.status)));
    if (filter.project) q.bind(2, *filter.project);
    std::vector<AdminPeering> rows;
    while (q.executeStep()) rows.push_back(read_admin_peering(q));
    return rows;
}

std::optional<AdminPeering> AdminQueries::peering(std::string_view id) {
    auto q_owner = db_.prepare(kAdminSelect + " WHERE id = ?");
    sql::Statement& q = *q_owner;
    q.bind(1, std::string(id));
    if (!q.executeStep()) return std::nullopt;
    return read_admin_peering(q);
}

std::vector<HistoryRow> AdminQueries::history(std::optional<std::string> peering_id,
                                              std::optional<domain::Timestamp> since) {
    auto q_owner = db_.prepare("SELECT revision, peering_id, action, from_status, to_status, actor_project,"
        " changed_at, request_id FROM peering_history"
        " WHERE (?1 IS NULL OR peering_id = ?1) AND (?2 IS NULL OR changed_at >= ?2)"
        " ORDER BY revision");
    sql::Statement& q = *q_owner;
    if (peering_id) q.bind(1, *peering_id);
    if (since) q.bind(2, domain::format_timestamp(*since));
    std::vector<HistoryRow> rows;
    while (q.executeStep()) {
        rows.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                        text_or_null(q, 3), q.getColumn(4).getString(), text_or_null(q, 5),
                        q.getColumn(6).getString(), text_or_null(q, 7)});
    }
    return rows;
}

DatabaseStats AdminQueries::stats(domain::Timestamp now) {
    DatabaseStats out;
    // Sizes first: they are not part of the snapshot anyway, and reading them outside the
    // transaction keeps it as short as possible.
    if (db_.dialect() == sql::Dialect::sqlite) {
        const std::string path = sql::sqlite_database(db_).getFilename();
        out.db_bytes = size_or_zero(path);
        out.wal_bytes = size_or_zero(path + "-wal");
    }
    out.latest_schema_version = latest_schema_version();

    // One snapshot, so the counts add up even while the daemon writes.
    sql::ReadSnapshot tx{db_};
    static constexpr std::array kCounted{PeeringStatus::pending_acceptance, PeeringStatus::active,
                                         PeeringStatus::rejected, PeeringStatus::expired};
    for (const auto status : kCounted) {
        const std::string name(domain::to_string(status));
        out.by_status.push_back({name, count(db_, "SELECT count(*) FROM peerings WHERE status = ?", name)});
    }
    out.tombstones = count(db_, "SELECT count(*) FROM peerings WHERE status = 'DELETED'");
    const auto now_text = domain::format_timestamp(now);
    const auto day_text = domain::format_timestamp(now + std::chrono::hours(24));
    out.pending_due = count(db_,
                            "SELECT count(*) FROM peerings WHERE status = 'PENDING_ACCEPTANCE'"
                            " AND expires_at <= ?",
                            now_text);
    auto soon_owner = db_.prepare("SELECT count(*) FROM peerings WHERE status = 'PENDING_ACCEPTANCE'"
        " AND expires_at > ? AND expires_at <= ?");
    sql::Statement& soon = *soon_owner;
    soon.bind(1, now_text);
    soon.bind(2, day_text);
    soon.executeStep();
    out.pending_expiring_24h = soon.getColumn(0).getInt64();
    out.history_rows = count(db_, "SELECT count(*) FROM peering_history");
    out.schema_version = db_.schema_version();
    return out;
}

std::vector<domain::Peering> AdminQueries::due_pending(domain::Timestamp now) {
    // The same condition and order as PeeringRepository::expire_due, so a dry run names what
    // `expire --now` (or the sweeper) would move.
    auto q_owner = db_.prepare("SELECT " + std::string(kPeeringColumns) +
                                 " FROM peerings WHERE status = 'PENDING_ACCEPTANCE'"
                                 " AND expires_at <= ? ORDER BY expires_at, id");
    sql::Statement& q = *q_owner;
    q.bind(1, domain::format_timestamp(now));
    std::vector<domain::Peering> rows;
    while (q.executeStep()) rows.push_back(read_peering(q));
    return rows;
}

}  // namespace peeringd::storage
