#include "storage/maintenance.hpp"

#include "storage/migrator.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>
#include <unistd.h>

namespace peeringd::storage {
namespace fs = std::filesystem;

CheckReport check_database(SQLite::Database& db) {
    CheckReport report;
    report.expected_schema_version = latest_schema_version();
    try {
        report.schema_version = db.execAndGet("PRAGMA user_version").getInt();
        // integrity_check also covers index consistency and CHECK constraints (quick_check does
        // not); the cost is a full scan, acceptable for an admin command.
        SQLite::Statement integrity{db, "PRAGMA integrity_check"};
        while (integrity.executeStep()) report.integrity.push_back(integrity.getColumn(0).getString());
        SQLite::Statement fk{db, "PRAGMA foreign_key_check"};
        while (fk.executeStep()) {
            // Columns: table, rowid (NULL for WITHOUT ROWID), referenced table, fk index.
            report.foreign_keys.push_back(fk.getColumn(0).getString() + " row " +
                                          (fk.getColumn(1).isNull() ? "?" : fk.getColumn(1).getString()) +
                                          " references a missing " + fk.getColumn(2).getString() + " row");
        }
    } catch (const SQLite::Exception& e) {
        // SQLITE_CORRUPT / SQLITE_NOTADB surface as exceptions part-way through; they are the
        // answer to the question, not a failure of the command.
        report.integrity.push_back(std::string("unreadable: ") + e.what());
    }
    return report;
}

int backup_database(SQLite::Database& source, const std::string& destination_path, bool overwrite) {
    const fs::path destination{destination_path};
    std::error_code ec;
    if (fs::equivalent(destination, fs::path(source.getFilename()), ec))
        throw std::runtime_error(destination_path + " is the database being backed up");
    // A -wal or -shm beside FILE means a database in use, or leftovers SQLite would replay into
    // the new copy; neither may be overwritten blindly, not even with --force.
    for (const char* suffix : {"-wal", "-shm"})
        if (fs::exists(destination.string() + suffix))
            throw std::runtime_error(destination_path + suffix + " exists; " + destination_path +
                                     " looks like a database in use, choose another FILE");
    if (fs::exists(destination) && !overwrite)
        throw std::runtime_error(destination_path + " exists; pass --force to overwrite it");
    // Same directory, so the final rename is atomic; the pid keeps two concurrent backups apart.
    const fs::path partial = destination.string() + ".partial-" + std::to_string(::getpid());
    fs::remove(partial);
    int pages = 0;
    try {
        SQLite::Database copy{partial.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
        SQLite::Backup backup{copy, source};
        // One step (-1) copies every page under a single read transaction on the source: a
        // consistent snapshot. Stepping in chunks would restart whenever the daemon commits
        // in between, and under steady load might never finish. In WAL mode that read
        // transaction does not block the daemon's writers.
        const int rc = backup.executeStep(-1);
        if (rc != SQLITE_DONE) throw std::runtime_error("backup did not complete (SQLite code " + std::to_string(rc) + ")");
        pages = backup.getTotalPageCount();
        // The copied header says WAL; switch the copy to a rollback journal so the single file
        // is the whole database (it can be opened read-only, mailed, or checked anywhere).
        copy.exec("PRAGMA journal_mode = DELETE");
    } catch (...) {
        fs::remove(partial);
        fs::remove(partial.string() + "-wal");
        fs::remove(partial.string() + "-shm");
        throw;
    }
    fs::rename(partial, destination);
    return pages;
}

}  // namespace peeringd::storage
