#pragma once
/// Opening the database file: connection pragmas, start-up checks and migrations.
/// Everything here runs before the daemon listens, on the main thread.

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

namespace SQLite {
class Database;
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

/// Process-wide SQLite settings, applied once before the first connection opens (later calls
/// do nothing): memory statistics off, which otherwise serialize every allocation of every
/// connection on one global mutex. prepare_database() calls it; so may main().
void configure_sqlite();

/// A connection with the project's pragmas: WAL, synchronous=FULL, foreign_keys=ON and the
/// busy timeout. Read-only connections never write, so they never take the write lock.
std::unique_ptr<SQLite::Database> open_connection(const std::string& path, OpenMode mode,
                                                  std::chrono::milliseconds busy_timeout);

/// Start-up: create the file only when it does not exist, refuse an empty or corrupt file,
/// apply pending migrations, refuse a schema newer than the binary. Returns the schema version.
/// Throws StartupError with a message that names the file.
int prepare_database(const std::string& path, std::chrono::milliseconds busy_timeout);

}  // namespace peeringd::storage
