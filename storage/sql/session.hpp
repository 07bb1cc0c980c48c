#pragma once
/// The one door between storage's use cases and a database engine. The repositories are written
/// once against these two types; SqliteSession (SQLiteCpp) and PgSession (libpq) implement them.
/// The SQL text is SQLite's spelling ('?' / '?N' placeholders); PgSession rewrites what differs
/// (sql/translate.hpp). Where the engines truly differ (a few functions, the revision counter)
/// the repository asks dialect(). Internal to storage: engine types never leave this folder.
///
/// The surface mimics SQLiteCpp's (bind, executeStep, exec, getColumn) so that the use cases
/// read as they did when they were SQLite-only.

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace peeringd::storage::sql {

enum class Dialect { sqlite, postgresql };

/// A failure that time or an operator can fix (engine busy, disk full, connection lost, server
/// read-only or shutting down, serialization failure): the request answers 503 and may be
/// retried. Thrown by the engines; DbWorker maps it to Error{unavailable}.
class TransientError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Statement;

/// One column of a statement's current row.
class Column {
public:
    Column(Statement& statement, int index) : statement_(statement), index_(index) {}
    bool isNull() const;
    std::string getString() const;
    std::int64_t getInt64() const;
    int getInt() const { return static_cast<int>(getInt64()); }
    std::vector<unsigned char> getBlob() const;

private:
    Statement& statement_;
    int index_;
};

/// A prepared statement of one session. Parameters are 1-based, columns 0-based (SQLite's).
class Statement {
public:
    virtual ~Statement() = default;

    // Text goes to the engine as a std::string reference: SQLite copies it once (a copy more
    // per bind cost about 5% of a create).
    void bind(int index, const std::string& text) { bind_text(index, text); }
    void bind(int index, std::string_view text) { bind_text(index, std::string(text)); }
    void bind(int index, const char* text) { bind_text(index, std::string(text)); }
    void bind(int index, std::int64_t value) { bind_int64(index, value); }
    void bind(int index, int value) { bind_int64(index, value); }
    void bind(int index) { bind_null(index); }  ///< NULL
    void bind_blob(int index, const void* data, std::size_t size);

    /// Runs the statement on the first call, then moves to the next row; false after the last.
    virtual bool executeStep() = 0;
    /// Runs a statement that returns no rows to completion; returns the rows it changed.
    virtual int exec() = 0;
    /// Ready to run again (bindings kept until rebound or cleared).
    virtual void reset() = 0;
    virtual void clearBindings() = 0;

    Column getColumn(int index) { return Column{*this, index}; }

    // The current row, for Column.
    virtual bool column_is_null(int index) = 0;
    virtual std::string column_text(int index) = 0;
    virtual std::int64_t column_int64(int index) = 0;
    virtual std::vector<unsigned char> column_blob(int index) = 0;

protected:
    virtual void bind_text(int index, const std::string& text) = 0;
    virtual void bind_int64(int index, std::int64_t value) = 0;
    virtual void bind_null(int index) = 0;
    virtual void bind_blob_bytes(int index, const unsigned char* data, std::size_t size) = 0;
};

/// One connection; used by one thread at a time.
class Session {
public:
    virtual ~Session() = default;

    virtual Dialect dialect() const = 0;
    virtual std::unique_ptr<Statement> prepare(std::string_view sql) = 0;
    /// Runs one or more statements that return no rows (BEGIN, SAVEPOINT, DDL, ...).
    virtual void exec(std::string_view sql) = 0;
    /// A transaction (or a failed one awaiting ROLLBACK) is open on this connection.
    virtual bool in_transaction() = 0;

    /// Opens a write transaction that is serialized with every other writer of the database:
    /// SQLite's BEGIN IMMEDIATE (the file's write lock); on PostgreSQL BEGIN plus the row lock
    /// of feed_head, which every write transaction of every replica takes first, so writes of
    /// all replicas commit one after the other in revision order (docs/REPLICAS.md).
    virtual void begin_write() = 0;
    /// Opens a read-only transaction that sees one snapshot for all its statements.
    virtual void begin_read() = 0;

    /// The rowid of the last INSERT on this connection (SQLite only; PostgreSQL has no rowid).
    virtual std::int64_t last_insert_rowid() { throw std::logic_error("no rowid on this engine"); }

    /// The schema version the migrator recorded (0 for a new database).
    virtual int schema_version() = 0;

    /// The SQLite spelling or the PostgreSQL one, for the few places where they differ.
    std::string_view pick(std::string_view sqlite, std::string_view postgresql) const {
        return dialect() == Dialect::sqlite ? sqlite : postgresql;
    }
};

}  // namespace peeringd::storage::sql
