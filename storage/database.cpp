#include "storage/database.hpp"

#include "storage/sql/pg_session.hpp"
#include "storage/sql/sqlite_session.hpp"
#include "storage/crash_point_sqlite.hpp"
#include "storage/migrator.hpp"
#include "storage/wal_write_buffer.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <system_error>

namespace peeringd::storage {
namespace {

StartupFailure classify(const SQLite::Exception& e) {
    const int code = e.getErrorCode();
    return (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) ? StartupFailure::corrupt
                                                              : StartupFailure::unusable;
}

std::string describe(const std::string& path, const std::string& what) {
    return "database " + path + ": " + what;
}

}  // namespace

bool is_postgresql(std::string_view db) { return sql::is_postgresql_uri(db); }

std::string normalize_database(std::string_view db) {
    if (db.starts_with("sqlite:")) db.remove_prefix(7);
    return std::string(db);
}

std::string redact_database(const std::string& uri) {
    const auto scheme = uri.find("://");
    const auto at = uri.find('@');
    if (scheme == std::string::npos || at == std::string::npos) return uri;
    const auto colon = uri.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) return uri;
    return uri.substr(0, colon) + ":***" + uri.substr(at);
}

namespace {

int prepare_postgresql(const std::string& uri, std::chrono::milliseconds lock_timeout) {
    try {
        sql::PgSession session{uri, lock_timeout};
        return migrate_postgresql(session);
    } catch (const StartupError& e) {
        throw StartupError(e.failure(), describe(redact_database(uri), e.what()));
    } catch (const std::exception& e) {
        throw StartupError(StartupFailure::unusable, describe(redact_database(uri), e.what()));
    }
}

}  // namespace

std::unique_ptr<sql::Session> open_session(const std::string& db, OpenMode mode,
                                           std::chrono::milliseconds busy_timeout) {
    if (is_postgresql(db)) return std::make_unique<sql::PgSession>(db, busy_timeout);
    return std::make_unique<sql::SqliteSession>(open_connection(db, mode, busy_timeout));
}

void configure_sqlite() {
    static std::once_flag once;
    std::call_once(once, [] {
        // SQLITE_MISUSE when SQLite is already initialized (a connection opened earlier in the
        // process, e.g. in a test): then the defaults stay, which is only slower.
        (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        // Every write job runs in its own SAVEPOINT (group commit), and SQLite keeps the old
        // content of each page a savepoint changes in a statement journal that goes to a temp
        // file past 64 KiB. A create changes ~17 pages (~70 KiB), so the writer wrote every
        // page twice more (two pwrite calls each) to a file it then threw away: 46k of its
        // 47k pwrite calls in a strace of the create bench. Kept in memory up to 4 MiB (freed
        // at each RELEASE), only a job bigger than that spills.
        (void)sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 4 << 20);
    });
}

std::unique_ptr<SQLite::Database> open_connection(const std::string& path, OpenMode mode,
                                                  std::chrono::milliseconds busy_timeout) {
    configure_sqlite();
    // NOMUTEX: each connection is used by one thread at a time (DbWorker guarantees it), so
    // SQLite's per-connection mutex is pure overhead.
    const int flags = (mode == OpenMode::read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE) |
                      SQLite::OPEN_NOMUTEX;
    install_fault_vfs();
    // Writers gather their WAL appends until the commit's sync (storage/wal_write_buffer.hpp).
    const char* vfs = mode == OpenMode::read_write ? wal_write_buffer_vfs() : nullptr;
    auto db = std::make_unique<SQLite::Database>(path.c_str(), flags,
                                                 static_cast<int>(busy_timeout.count()), vfs);
    if (mode == OpenMode::read_write) {
        // WAL lets readers run beside the writer; FULL makes every COMMIT durable before the 2xx
        // and is what makes the WAL write buffer safe, so it must have taken.
        db->exec("PRAGMA journal_mode = WAL");
        db->exec("PRAGMA synchronous = FULL");
        if (db->execAndGet("PRAGMA synchronous").getInt() < 2)
            throw std::logic_error("PRAGMA synchronous = FULL did not take on " + path);
    }
    db->exec("PRAGMA foreign_keys = ON");
    return db;
}

int prepare_database(const std::string& path, std::chrono::milliseconds busy_timeout,
                     StartupCheck startup_check) {
    if (is_postgresql(path)) return prepare_postgresql(path, busy_timeout);
    namespace fs = std::filesystem;
    configure_sqlite();
    std::error_code ec;
    const bool exists = fs::exists(path, ec);
    // SQLite treats an empty file as a valid empty database; an empty file where a database was
    // expected is far more likely a lost database than a wish for a new one.
    if (exists && fs::is_regular_file(path, ec) && fs::file_size(path, ec) == 0)
        throw StartupError(StartupFailure::corrupt,
                           describe(path, "file is empty; refusing to create a database over it "
                                          "(remove the file to start afresh)"));
    try {
        int flags = SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX;
        if (!exists) flags |= SQLite::OPEN_CREATE;
        {
            // Creates the file only when it did not exist. The version check comes before
            // open_connection switches the file to WAL, so a refused file is left byte for byte.
            SQLite::Database probe(path, flags);
            const int version = probe.execAndGet("PRAGMA user_version").getInt();
            if (version > latest_schema_version())
                throw StartupError(StartupFailure::too_new,
                                   "schema version " + std::to_string(version) +
                                       " is newer than this peeringd knows (" +
                                       std::to_string(latest_schema_version()) +
                                       "); refusing to start: upgrade peeringd or restore a backup");
        }
        auto db = open_connection(path, OpenMode::read_write, busy_timeout);
        if (startup_check == StartupCheck::full) {
            const std::string check = db->execAndGet("PRAGMA quick_check").getString();
            if (check != "ok")
                throw StartupError(StartupFailure::corrupt, describe(path, "integrity check: " + check));
        }
        return migrate(*db);
    } catch (const StartupError& e) {
        if (std::string_view(e.what()).starts_with("database ")) throw;
        throw StartupError(e.failure(), describe(path, e.what()));
    } catch (const SQLite::Exception& e) {
        throw StartupError(classify(e), describe(path, e.what()));
    }
}

std::string check_integrity(const std::string& path, std::chrono::milliseconds busy_timeout) {
    try {
        auto db = open_connection(path, OpenMode::read_only, busy_timeout);
        const std::string check = db->execAndGet("PRAGMA quick_check").getString();
        return check == "ok" ? std::string{} : describe(path, "integrity check: " + check);
    } catch (const SQLite::Exception& e) {
        return describe(path, e.what());
    }
}

}  // namespace peeringd::storage
