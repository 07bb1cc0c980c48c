#include "storage/migrator.hpp"

#include "storage/sql/session.hpp"

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

namespace {

void check_numbering(std::span<const migrations::Migration> migrations) {
    for (std::size_t i = 0; i < migrations.size(); ++i)
        if (migrations[i].version != static_cast<int>(i) + 1)
            throw std::logic_error("migrations must be numbered contiguously from 0001");
}

StartupError too_new(int current, int latest) {
    return StartupError(StartupFailure::too_new,
                        "schema version " + std::to_string(current) + " is newer than this peeringd knows (" +
                            std::to_string(latest) + "); refusing to start: upgrade peeringd or restore a backup");
}

/// Any fixed number: every peeringd of every schema of the server shares it, which only
/// serializes their start-up migrations.
constexpr const char* kMigrationLock = "7301204";

}  // namespace

int migrate_postgresql(sql::Session& db, std::span<const migrations::Migration> migrations) {
    check_numbering(migrations);
    const int latest = migrations.empty() ? 0 : migrations.back().version;
    // No lock timeout: a replica waits for another one's migrations however long they take.
    db.exec("SET lock_timeout = 0");
    db.exec(std::string("SELECT pg_advisory_lock(") + kMigrationLock + ")");
    struct Unlock {
        sql::Session& db;
        ~Unlock() {
            try {
                db.exec(std::string("SELECT pg_advisory_unlock(") + kMigrationLock + ")");
            } catch (...) {  // NOLINT(bugprone-empty-catch): the lock ends with the session
            }
        }
    } unlock{db};
    db.exec("CREATE TABLE IF NOT EXISTS peeringd_schema ("
            "version integer PRIMARY KEY, name text NOT NULL, "
            "applied_at timestamptz NOT NULL DEFAULT now())");
    int current = db.schema_version();
    if (current > latest) throw too_new(current, latest);
    for (const auto& m : migrations) {
        if (m.version <= current) continue;
        db.exec("BEGIN");
        try {
            db.exec(std::string(m.sql));
            crash_point("mid_migration_" + std::to_string(m.version));
            auto record = db.prepare("INSERT INTO peeringd_schema (version, name) VALUES (?, ?)");
            record->bind(1, m.version);
            record->bind(2, std::string(m.name));
            record->exec();
            db.exec("COMMIT");
        } catch (...) {
            try {
                db.exec("ROLLBACK");
            } catch (...) {  // NOLINT(bugprone-empty-catch): the original failure matters
            }
            throw;
        }
        current = m.version;
    }
    return current;
}

}  // namespace peeringd::storage
