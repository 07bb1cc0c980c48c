#pragma once
/// Applies the embedded migrations (migrations/) to one connection.

#include "migrations/embedded_migrations.hpp"

#include <span>

namespace SQLite {
class Database;
}

namespace peeringd::storage {

/// Newest schema version this binary knows.
int latest_schema_version();

/// Applies every migration newer than `PRAGMA user_version`, each in its own IMMEDIATE
/// transaction together with the new user_version. Throws StartupError(too_new) when the file
/// is newer than `migrations`. Returns the resulting version.
int migrate(SQLite::Database& db,
            std::span<const migrations::Migration> migrations = migrations::embedded_migrations());

}  // namespace peeringd::storage
