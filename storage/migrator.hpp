#pragma once
/// Applies the embedded migrations (migrations/) to one connection.

#include "migrations/embedded_migrations.hpp"

#include <span>

namespace SQLite {
class Database;
}
namespace peeringd::storage::sql {
class Session;
}

namespace peeringd::storage {

/// Newest schema version this binary knows (the same for both engines).
int latest_schema_version();

/// PostgreSQL: applies every migration newer than the peeringd_schema table says, each in its
/// own transaction with its row in peeringd_schema, all under a session advisory lock so that
/// replicas starting together wait for the first one's migrations instead of racing it.
/// Throws StartupError(too_new) like migrate(). Returns the resulting version.
int migrate_postgresql(sql::Session& db, std::span<const migrations::Migration> migrations =
                                             migrations::embedded_postgresql_migrations());

/// Applies every migration newer than `PRAGMA user_version`, each in its own IMMEDIATE
/// transaction together with the new user_version. Throws StartupError(too_new) when the file
/// is newer than `migrations`. Returns the resulting version.
int migrate(SQLite::Database& db,
            std::span<const migrations::Migration> migrations = migrations::embedded_migrations());

}  // namespace peeringd::storage
