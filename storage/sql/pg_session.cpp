#include "storage/sql/pg_session.hpp"

#include "storage/sql/translate.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <memory>
#include <optional>

namespace peeringd::storage::sql {
namespace {

struct ResultDeleter {
    void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

/// SQLSTATEs that mean "retry later" (503) rather than a bug. After a failover every old
/// connection is dead (08xxx, 57P01) or read-only (25006); serialization failures and
/// deadlocks (40001, 40P01), lock and statement timeouts (55P03, 57014) and resource limits
/// (53xxx) pass with time.
bool transient_state(std::string_view state) {
    return state.starts_with("08") || state.starts_with("53") || state.starts_with("57P") ||
           state == "25006" || state == "40001" || state == "40P01" || state == "55P03" ||
           state == "57014";
}

/// The connection cannot be trusted for the next transaction: it is gone, or the server it
/// reaches no longer takes writes (a demoted primary), so the next use reconnects.
bool connection_suspect(std::string_view state) {
    return state.starts_with("08") || state.starts_with("57P") || state == "25006";
}

class PgStatement final : public Statement {
public:
    PgStatement(PgSession& session, std::string_view sql) : session_(session) {
        auto translated = to_postgresql(sql);
        sql_ = std::move(translated.text);
        values_.resize(static_cast<std::size_t>(translated.parameters));
        formats_.assign(values_.size(), 0);
        lengths_.assign(values_.size(), 0);
    }

    bool executeStep() override {
        if (!result_) run(PGRES_TUPLES_OK);
        return ++row_ < PQntuples(result_.get());
    }

    int exec() override {
        run(PGRES_COMMAND_OK);
        const char* tuples = PQcmdTuples(result_.get());
        int changed = 0;
        std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), changed);
        return changed;
    }

    void reset() override {
        result_.reset();
        row_ = -1;
    }

    void clearBindings() override {
        for (auto& v : values_) v.reset();
        formats_.assign(values_.size(), 0);
    }

    bool column_is_null(int index) override { return PQgetisnull(result_.get(), row_, index) != 0; }
    std::string column_text(int index) override {
        return {PQgetvalue(result_.get(), row_, index),
                static_cast<std::size_t>(PQgetlength(result_.get(), row_, index))};
    }
    std::int64_t column_int64(int index) override {
        const char* text = PQgetvalue(result_.get(), row_, index);
        const int length = PQgetlength(result_.get(), row_, index);
        if (length == 1 && (text[0] == 't' || text[0] == 'f')) return text[0] == 't' ? 1 : 0;  // boolean
        std::int64_t value = 0;
        std::from_chars(text, text + length, value);
        return value;
    }
    std::vector<unsigned char> column_blob(int index) override {
        std::size_t size = 0;
        unsigned char* raw = PQunescapeBytea(
            reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row_, index)), &size);
        if (!raw) throw std::bad_alloc();
        std::vector<unsigned char> out(raw, raw + size);
        PQfreemem(raw);
        return out;
    }

protected:
    void bind_text(int index, const std::string& text) override { set(index, text, 0); }
    void bind_int64(int index, std::int64_t value) override { set(index, std::to_string(value), 0); }
    void bind_null(int index) override { slot(index).reset(); }
    void bind_blob_bytes(int index, const unsigned char* data, std::size_t size) override {
        set(index, std::string(reinterpret_cast<const char*>(data), size), 1);
    }

private:
    std::optional<std::string>& slot(int index) {
        if (index < 1 || static_cast<std::size_t>(index) > values_.size())
            throw std::out_of_range("no SQL parameter " + std::to_string(index) + " in: " + sql_);
        return values_[static_cast<std::size_t>(index - 1)];
    }
    void set(int index, std::string value, int format) {
        slot(index) = std::move(value);
        formats_[static_cast<std::size_t>(index - 1)] = format;
    }

    void run(int expected) {
        result_.reset();
        row_ = -1;
        // A connection that died while idle (a server restart, a failover) is noticed only by
        // the next statement; outside a transaction it is safe to run that statement again on
        // a new connection, so a read never answers 503 for a restart that is already over.
        for (int attempt = 0;; ++attempt) {
            PGconn* conn = session_.connection();
            if (prepared_generation_ != session_.generation()) {
                name_ = session_.next_statement_name();
                ResultPtr prepared{PQprepare(conn, name_.c_str(), sql_.c_str(), 0, nullptr)};
                if (attempt == 0 && session_.lost_outside_transaction(prepared.get())) continue;
                session_.check(prepared.get(), PGRES_COMMAND_OK);
                prepared_generation_ = session_.generation();
            }
            std::vector<const char*> pointers(values_.size(), nullptr);
            for (std::size_t i = 0; i < values_.size(); ++i) {
                if (values_[i]) {
                    pointers[i] = values_[i]->data();
                    lengths_[i] = static_cast<int>(values_[i]->size());
                }
            }
            result_.reset(PQexecPrepared(conn, name_.c_str(), static_cast<int>(values_.size()), pointers.data(),
                                         lengths_.data(), formats_.data(), 0));
            if (attempt == 0 && session_.lost_outside_transaction(result_.get())) continue;
            session_.check(result_.get(), expected);
            return;
        }
    }

    PgSession& session_;
    std::string sql_;
    std::string name_;
    std::uint64_t prepared_generation_ = 0;  ///< generations start at 1
    std::vector<std::optional<std::string>> values_;
    std::vector<int> formats_;
    std::vector<int> lengths_;
    ResultPtr result_;
    int row_ = -1;
};

}  // namespace

bool is_postgresql_uri(std::string_view conninfo) {
    return conninfo.starts_with("postgresql://") || conninfo.starts_with("postgres://");
}

PgSession::PgSession(std::string conninfo, std::chrono::milliseconds lock_timeout)
    : conninfo_(std::move(conninfo)), lock_timeout_(lock_timeout) {
    connect();
}

PgSession::~PgSession() {
    if (conn_) PQfinish(conn_);
}

void PgSession::connect() {
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
    // Defaults first: the URI's own settings, expanded from dbname, override them. Keepalives
    // notice a dead server (a lost primary) within about 20 s instead of the kernel's hours.
    const char* keywords[] = {"connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval",
                              "keepalives_count", "application_name", "dbname", nullptr};
    const char* values[] = {"5", "1", "10", "3", "3", "peeringd", conninfo_.c_str(), nullptr};
    conn_ = PQconnectdbParams(keywords, values, 1);
    if (!conn_) throw std::bad_alloc();
    if (PQstatus(conn_) != CONNECTION_OK) {
        std::string why = PQerrorMessage(conn_);
        while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
        PQfinish(conn_);
        conn_ = nullptr;
        broken_ = true;
        throw TransientError("database unreachable: " + why);
    }
    broken_ = false;
    ++generation_;
    // Bounded waits: a lock held by a stuck peer or a hung server answers 503, never a hang.
    const auto lock_ms = std::to_string(lock_timeout_.count());
    const auto statement_ms = std::to_string(lock_timeout_.count() * 5);
    // NOTICEs (e.g. "already exists, skipping") would go to stderr, which is peeringctl's output.
    exec("SET lock_timeout = " + lock_ms + "; SET statement_timeout = " + statement_ms +
         "; SET idle_in_transaction_session_timeout = " + statement_ms + "; SET client_min_messages = warning");
}

PGconn* PgSession::connection() {
    if (!conn_ || broken_ || PQstatus(conn_) != CONNECTION_OK) {
        // A transaction cannot move to a new connection: its statements so far are gone.
        if (in_tx_) throw TransientError("database connection lost inside a transaction");
        connect();
    }
    return conn_;
}

void PgSession::check(PGresult* result, int expected) {
    if (result && PQresultStatus(result) == expected) return;
    if (result && expected == PGRES_COMMAND_OK && PQresultStatus(result) == PGRES_TUPLES_OK) return;
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = result ? PQresultErrorMessage(result) : "";
    if (message.empty()) message = conn_ ? PQerrorMessage(conn_) : "no connection";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    const std::string sqlstate = state ? state : "";
    if (!result || PQstatus(conn_) != CONNECTION_OK || sqlstate.empty() || transient_state(sqlstate)) {
        if (!result || PQstatus(conn_) != CONNECTION_OK || sqlstate.empty() || connection_suspect(sqlstate))
            broken_ = true;
        throw TransientError("database: " + message + (sqlstate.empty() ? "" : " (SQLSTATE " + sqlstate + ")"));
    }
    throw PgError(sqlstate, "database: " + message + " (SQLSTATE " + sqlstate + ")");
}

std::unique_ptr<Statement> PgSession::prepare(std::string_view sql) {
    return std::make_unique<PgStatement>(*this, sql);
}

void PgSession::exec(std::string_view sql) {
    const bool ends = sql == "COMMIT" || sql == "ROLLBACK";
    if (ends && in_tx_ && (!conn_ || broken_ || PQstatus(conn_) != CONNECTION_OK)) {
        in_tx_ = false;
        // The server rolled it back when the connection went; a COMMIT cannot have happened.
        if (sql == "ROLLBACK") return;
        throw TransientError("database connection lost inside a transaction");
    }
    PGconn* conn = connection();
    if (ends) in_tx_ = false;
    ResultPtr result{PQexec(conn, std::string(sql).c_str())};
    check(result.get(), PGRES_COMMAND_OK);
}

bool PgSession::lost_outside_transaction(PGresult* result) {
    if (in_tx_ || !conn_) return false;
    if (result && PQresultStatus(result) != PGRES_FATAL_ERROR) return false;
    if (result && PQstatus(conn_) == CONNECTION_OK) {
        // The server told this session to go (57P01 after a restart, 57P02/57P03) or is
        // read-only now (25006, a demoted primary): a new connection finds the right server.
        const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
        if (!state || !connection_suspect(state)) return false;
    }
    broken_ = true;
    return true;
}

bool PgSession::in_transaction() {
    if (in_tx_) return true;
    if (!conn_ || broken_) return false;
    return PQtransactionStatus(conn_) != PQTRANS_IDLE;
}

void PgSession::begin(std::string_view sql) {
    in_tx_ = false;  // whatever came before is over: committed, rolled back or lost
    PGconn* conn = connection();
    ResultPtr result{PQexec(conn, std::string(sql).c_str())};
    if (lost_outside_transaction(result.get())) {  // a stale idle connection: BEGIN again
        conn = connection();
        result.reset(PQexec(conn, std::string(sql).c_str()));
    }
    in_tx_ = true;
    try {
        check(result.get(), PGRES_COMMAND_OK);
    } catch (...) {
        if (!broken_) {
            ResultPtr rollback{PQexec(conn_, "ROLLBACK")};
        }
        in_tx_ = false;
        throw;
    }
}

void PgSession::begin_write() {
    // The row lock is the cluster's write lock: taken first, held to COMMIT, so the write
    // transactions of every replica run one after the other and the feed_head counter they
    // bump gives dense revisions in commit order.
    begin("BEGIN ISOLATION LEVEL READ COMMITTED; SELECT 1 FROM feed_head WHERE id = 1 FOR UPDATE");
}

void PgSession::begin_read() { begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }

int PgSession::schema_version() {
    ResultPtr exists{PQexec(connection(), "SELECT to_regclass('peeringd_schema') IS NOT NULL")};
    check(exists.get(), PGRES_TUPLES_OK);
    if (std::string_view(PQgetvalue(exists.get(), 0, 0)) != "t") return 0;
    ResultPtr result{PQexec(connection(), "SELECT coalesce(max(version), 0) FROM peeringd_schema")};
    check(result.get(), PGRES_TUPLES_OK);
    return std::stoi(PQgetvalue(result.get(), 0, 0));
}

}  // namespace peeringd::storage::sql
