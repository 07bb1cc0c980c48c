#include "storage/sql/sqlite_session.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

namespace peeringd::storage::sql {
namespace {

/// SQLite's transient conditions as TransientError; everything else stays SQLite::Exception
/// (a bug, a constraint, corruption) and goes back to the caller as it is.
[[noreturn]] void rethrow(const SQLite::Exception& e) {
    if (is_transient_sqlite(e.getErrorCode())) throw TransientError(e.what());
    throw;
}

template <class F>
auto translating(F&& body) {
    try {
        return body();
    } catch (const SQLite::Exception& e) {
        rethrow(e);
    }
}

class SqliteStatement final : public Statement {
public:
    SqliteStatement(SQLite::Database& db, std::string_view sql)
        : statement_(translating([&] { return SQLite::Statement{db, std::string(sql)}; })) {}

    bool executeStep() override { return translating([&] { return statement_.executeStep(); }); }
    int exec() override { return translating([&] { return statement_.exec(); }); }
    // The reset's return code repeats the last step's error, which the caller already saw.
    void reset() override { (void)statement_.tryReset(); }
    void clearBindings() override { statement_.clearBindings(); }

    bool column_is_null(int index) override { return statement_.getColumn(index).isNull(); }
    std::string column_text(int index) override { return statement_.getColumn(index).getString(); }
    std::int64_t column_int64(int index) override { return statement_.getColumn(index).getInt64(); }
    std::vector<unsigned char> column_blob(int index) override {
        const auto column = statement_.getColumn(index);
        const auto* data = static_cast<const unsigned char*>(column.getBlob());
        return {data, data + column.getBytes()};
    }

protected:
    void bind_text(int index, const std::string& text) override { statement_.bind(index, text); }
    void bind_int64(int index, std::int64_t value) override { statement_.bind(index, value); }
    void bind_null(int index) override { statement_.bind(index); }
    void bind_blob_bytes(int index, const unsigned char* data, std::size_t size) override {
        statement_.bind(index, data, static_cast<int>(size));
    }

private:
    SQLite::Statement statement_;
};

}  // namespace

bool is_transient_sqlite(int code) noexcept {
    switch (code & 0xff) {  // the primary code of an extended one (SQLITE_IOERR_WRITE, ...)
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_FULL:
        case SQLITE_READONLY:
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
        case SQLITE_PROTOCOL:
        case SQLITE_NOMEM:
            return true;
        default:
            return false;
    }
}

SqliteSession::SqliteSession(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}

SqliteSession::~SqliteSession() = default;

std::unique_ptr<Statement> SqliteSession::prepare(std::string_view sql) {
    return std::make_unique<SqliteStatement>(*db_, sql);
}

void SqliteSession::exec(std::string_view sql) {
    translating([&] { return db_->exec(std::string(sql)); });
}

bool SqliteSession::in_transaction() { return sqlite3_get_autocommit(db_->getHandle()) == 0; }

void SqliteSession::begin_write() { exec("BEGIN IMMEDIATE"); }

void SqliteSession::begin_read() { exec("BEGIN DEFERRED"); }

int SqliteSession::schema_version() {
    return translating([&] { return db_->execAndGet("PRAGMA user_version").getInt(); });
}

std::int64_t SqliteSession::last_insert_rowid() { return db_->getLastInsertRowid(); }

SQLite::Database& sqlite_database(Session& session) {
    auto* sqlite = dynamic_cast<SqliteSession*>(&session);
    if (!sqlite) throw std::logic_error("this operation exists only for SQLite databases");
    return sqlite->database();
}

}  // namespace peeringd::storage::sql
