#pragma once
/// sql::Session over one libpq connection (PostgreSQL; docs/REPLICAS.md).
///
/// Blocking libpq on DbWorker's threads: the thread model stays the SQLite one. A lost
/// connection (server restart, failover, network) fails the statement with TransientError
/// (503) and is re-established on the connection's next use, from the same connection string,
/// so a multi-host string with target_session_attrs=primary finds the new primary by itself.

#include "storage/sql/session.hpp"

#include <chrono>
#include <cstdint>
#include <string>

struct pg_conn;
struct pg_result;

namespace peeringd::storage::sql {

/// A PostgreSQL error that is not transient (a constraint, a bug): SQLSTATE and message.
class PgError : public std::runtime_error {
public:
    PgError(std::string sqlstate, const std::string& message)
        : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
    const std::string& sqlstate() const noexcept { return sqlstate_; }

private:
    std::string sqlstate_;
};

/// Whether `conninfo` names a PostgreSQL database (a postgres:// or postgresql:// URI).
bool is_postgresql_uri(std::string_view conninfo);

class PgSession final : public Session {
public:
    /// Connects now; TransientError when the server cannot be reached. `lock_timeout` bounds
    /// every wait for a row lock (the write lock included), like SQLite's busy timeout.
    PgSession(std::string conninfo, std::chrono::milliseconds lock_timeout);
    ~PgSession() override;
    PgSession(const PgSession&) = delete;
    PgSession& operator=(const PgSession&) = delete;

    Dialect dialect() const override { return Dialect::postgresql; }
    std::unique_ptr<Statement> prepare(std::string_view sql) override;
    void exec(std::string_view sql) override;
    bool in_transaction() override;
    void begin_write() override;
    void begin_read() override;
    int schema_version() override;

    // For PgStatement.
    /// The live connection, reconnecting first when the last one was lost (only between
    /// transactions: a transaction cannot survive its connection).
    pg_conn* connection();
    /// Bumped by every reconnect: a statement prepared on an older connection prepares again.
    std::uint64_t generation() const noexcept { return generation_; }
    std::string next_statement_name() { return "peeringd_" + std::to_string(++statements_); }
    /// Whether `result` failed only because the connection was lost (or told to go) while no
    /// transaction was open; then the connection is dropped and the statement may run again.
    bool lost_outside_transaction(pg_result* result);
    /// Throws the right exception for a result that is not `expected` (nullptr = lost).
    void check(pg_result* result, int expected);

private:
    void connect();
    /// Runs a BEGIN statement; the transaction is open only when it succeeded.
    void begin(std::string_view sql);

    std::string conninfo_;
    std::chrono::milliseconds lock_timeout_;
    pg_conn* conn_ = nullptr;
    bool broken_ = false;  ///< drop and reconnect before the next use
    bool in_tx_ = false;   ///< a transaction was begun and not yet committed or rolled back
    std::uint64_t generation_ = 0;
    std::uint64_t statements_ = 0;
};

}  // namespace peeringd::storage::sql
