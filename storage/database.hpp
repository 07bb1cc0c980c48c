#pragma once
/// Opening the database file: connection pragmas, start-up checks and migrations.
/// Everything here runs before the daemon listens, on the main thread.

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace SQLite {
class Database;
}
namespace peeringd::storage::sql {
class Session;
}

namespace peeringd::storage {

/// Why the database cannot be used at start-up; each reason has its own process exit code
/// so that operators and tests can tell them apart.
enum class StartupFailure {
    unusable = 3,    ///< cannot create/open/write the file (permissions, read-only fs, disk full)
    corrupt = 4,     ///< not a database, or integrity check failed, or an empty file
    too_new = 5,     ///< schema version newer than this binary knows
};

class StartupError : public std::runtime_error {
public:
    StartupError(StartupFailure failure, const std::string& message)
        : std::runtime_error(message), failure_(failure) {}
    StartupFailure failure() const noexcept { return failure_; }
    int exit_code() const noexcept { return static_cast<int>(failure_); }

private:
    StartupFailure failure_;
};

enum class OpenMode { read_write, read_only };

/// Whether a --db value names a PostgreSQL database (a postgresql:// or postgres:// URI, any
/// libpq URI with multiple hosts and parameters) rather than a SQLite file.
bool is_postgresql(std::string_view db);

/// The --db value for logs and messages: a URI's password replaced by ***.
std::string redact_database(const std::string& db);

/// The --db value as storage takes it: 'sqlite:PATH' becomes PATH, anything else stays.
std::string normalize_database(std::string_view db);

/// Process-wide SQLite settings, applied once before the first connection opens (later calls
/// do nothing): memory statistics off, which otherwise serialize every allocation of every
/// connection on one global mutex. prepare_database() calls it; so may main().
void configure_sqlite();

/// A connection with the project's pragmas: WAL, synchronous=FULL, foreign_keys=ON and the
/// busy timeout. Read-only connections never write, so they never take the write lock.
std::unique_ptr<SQLite::Database> open_connection(const std::string& path, OpenMode mode,
                                                  std::chrono::milliseconds busy_timeout);

/// A session on a migrated database: a PostgreSQL connection for a postgresql:// URI, else a
/// SQLite connection made by open_connection. The repositories and admin queries take it.
std::unique_ptr<sql::Session> open_session(const std::string& db, OpenMode mode,
                                           std::chrono::milliseconds busy_timeout);

/// Whether prepare_database reads the whole file with `PRAGMA quick_check` before migrating.
enum class StartupCheck { full, deferred };

/// Start-up. On PostgreSQL (is_postgresql): connect, apply pending migrations under an
/// advisory lock so that replicas starting together migrate once, refuse a newer schema.
/// On SQLite: create the file only when it does not exist, refuse an empty or corrupt file,
/// apply pending migrations, refuse a schema newer than the binary. Returns the schema version.
/// Throws StartupError with a message that names the file. With StartupCheck::deferred the
/// page-by-page check is left to the caller (check_integrity), because it reads every page:
/// about 4 s for a 1 GB file on the reference machine.
int prepare_database(const std::string& path, std::chrono::milliseconds busy_timeout,
                     StartupCheck check = StartupCheck::full);

/// `PRAGMA quick_check` on a read-only connection, beside a running writer. Empty when the
/// file is sound, else SQLite's first finding with the path.
std::string check_integrity(const std::string& path, std::chrono::milliseconds busy_timeout);

}  // namespace peeringd::storage
