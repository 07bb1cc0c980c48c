// Operational queries of PeeringRepository (metrics and readiness), kept apart from the use
// cases in peering_repository.cpp because they serve the operator, not the API.
#include "storage/peering_repository.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace peeringd::storage {

Result<std::vector<std::pair<domain::PeeringStatus, long long>>> PeeringRepository::count_by_status() {
    // peerings_by_status makes this an index scan; it runs per scrape, not per request.
    SQLite::Statement select{db_, "SELECT status, count(*) FROM peerings GROUP BY status"};
    std::vector<std::pair<domain::PeeringStatus, long long>> counts;
    while (select.executeStep()) {
        // The CHECK constraint allows only known spellings; skip anything else rather than fail.
        if (const auto status = domain::parse_status(select.getColumn(0).getString()))
            counts.emplace_back(*status, select.getColumn(1).getInt64());
    }
    return counts;
}

Result<int> PeeringRepository::probe_write() {
    // IMMEDIATE takes the RESERVED lock exactly like every real write, so this fails (busy,
    // read-only, I/O error) exactly when writes would; the destructor rolls back.
    SQLite::Transaction tx{db_, SQLite::TransactionBehavior::IMMEDIATE};
    return db_.execAndGet("PRAGMA user_version").getInt();
}

}  // namespace peeringd::storage
