#pragma once
/// Whole-database maintenance for peeringctl: consistency checks and online backups. Both run
/// on an admin's connection beside a running daemon and never take the write lock on it.

#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace peeringd::storage {

struct CheckReport {
    std::vector<std::string> integrity;     ///< PRAGMA integrity_check lines; {"ok"} when sound
    std::vector<std::string> foreign_keys;  ///< one line per PRAGMA foreign_key_check violation
    int schema_version = 0;
    int expected_schema_version = 0;  ///< the binary's latest_schema_version()
    bool integrity_ok() const { return integrity.size() == 1 && integrity.front() == "ok"; }
    bool ok() const {
        return integrity_ok() && foreign_keys.empty() && schema_version == expected_schema_version;
    }
};

/// Runs the checks. A file too damaged to read is reported in `integrity`, not thrown.
CheckReport check_database(SQLite::Database& db);

/// Copies `source` into `destination_path` with SQLite's online backup API as one consistent
/// snapshot, then makes the copy a self-contained rollback-journal file (no -wal beside it).
/// Writes to a temporary name first and renames, so a failed backup never leaves a partial
/// FILE. Throws if `destination_path` exists unless `overwrite`. Returns the copied page count.
int backup_database(SQLite::Database& source, const std::string& destination_path, bool overwrite);

}  // namespace peeringd::storage
