// Operational queries of PeeringRepository (metrics and readiness), kept apart from the use
// cases in peering_repository.cpp because they serve the operator, not the API.
#include "storage/peering_repository.hpp"
#include "storage/sql/session.hpp"


namespace peeringd::storage {

Result<std::vector<std::pair<domain::PeeringStatus, long long>>> PeeringRepository::count_by_status() {
    // peerings_by_status makes this an index scan; it runs per scrape, not per request.
    auto select_owner = db_.prepare("SELECT status, count(*) FROM peerings GROUP BY status");
    sql::Statement& select = *select_owner;
    std::vector<std::pair<domain::PeeringStatus, long long>> counts;
    while (select.executeStep()) {
        // The CHECK constraint allows only known spellings; skip anything else rather than fail.
        if (const auto status = domain::parse_status(select.getColumn(0).getString()))
            counts.emplace_back(*status, select.getColumn(1).getInt64());
    }
    return counts;
}

Result<int> PeeringRepository::probe_write() {
    // Takes the write lock exactly like every real write (SQLite's RESERVED lock, PostgreSQL's
    // feed_head row on the primary), so this fails (busy, read-only, unreachable, I/O error)
    // exactly when writes would; it writes nothing and rolls back.
    db_.begin_write();
    struct Rollback {
        sql::Session& db;
        ~Rollback() {
            try {
                db.exec("ROLLBACK");
            } catch (...) {  // NOLINT(bugprone-empty-catch): a lost connection ends it too
            }
        }
    } rollback{db_};
    return db_.schema_version();
}

}  // namespace peeringd::storage
