#pragma once
/// sql::Session over one SQLiteCpp connection (the embedded default).

#include "storage/sql/session.hpp"

#include <memory>

namespace SQLite {
class Database;
}

namespace peeringd::storage::sql {

class SqliteSession final : public Session {
public:
    explicit SqliteSession(std::unique_ptr<SQLite::Database> db);
    ~SqliteSession() override;

    Dialect dialect() const override { return Dialect::sqlite; }
    std::unique_ptr<Statement> prepare(std::string_view sql) override;
    void exec(std::string_view sql) override;
    bool in_transaction() override;
    void begin_write() override;
    void begin_read() override;
    int schema_version() override;
    std::int64_t last_insert_rowid() override;

    /// The connection itself, for what only SQLite has (pragmas, WAL hooks, checkpoints).
    SQLite::Database& database() { return *db_; }

private:
    std::unique_ptr<SQLite::Database> db_;
};

/// SQLite's result codes for conditions that time or an operator can fix (busy, disk full,
/// read-only, I/O error, ...): a 503, not a bug. The one list both the session and DbWorker use.
bool is_transient_sqlite(int code) noexcept;

/// The SQLite connection under `session`; throws std::logic_error on another engine. For the
/// SQLite-only features (WAL checkpoints, backups, integrity checks).
SQLite::Database& sqlite_database(Session& session);

}  // namespace peeringd::storage::sql
