#include "storage/migrator.hpp"

#include "storage/crash_point.hpp"
#include "storage/database.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <stdexcept>
#include <string>

namespace peeringd::storage {

int latest_schema_version() {
    const auto all = migrations::embedded_migrations();
    return all.empty() ? 0 : all.back().version;
}

int migrate(SQLite::Database& db, std::span<const migrations::Migration> migrations) {
    for (std::size_t i = 0; i < migrations.size(); ++i)
        if (migrations[i].version != static_cast<int>(i) + 1)
            throw std::logic_error("migrations must be numbered contiguously from 0001");
    const int latest = migrations.empty() ? 0 : migrations.back().version;
    int current = db.execAndGet("PRAGMA user_version").getInt();
    if (current > latest)
        throw StartupError(StartupFailure::too_new,
                           "schema version " + std::to_string(current) +
                               " is newer than this peeringd knows (" + std::to_string(latest) +
                               "); refusing to start: upgrade peeringd or restore a backup");
    for (const auto& m : migrations) {
        if (m.version <= current) continue;
        // The version bump commits with the statements, so a crash leaves old or new, never half.
        SQLite::Transaction tx{db, SQLite::TransactionBehavior::IMMEDIATE};
        db.exec(std::string(m.sql));
        crash_point("mid_migration_" + std::to_string(m.version));
        db.exec("PRAGMA user_version = " + std::to_string(m.version));
        tx.commit();
        current = m.version;
    }
    return current;
}

}  // namespace peeringd::storage
