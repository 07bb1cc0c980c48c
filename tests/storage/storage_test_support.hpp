#pragma once
/// Shared helpers of the storage tests: a migrated database (a SQLite file in a temporary folder,
/// or with PEERINGD_TEST_PG_URI set a fresh schema on that PostgreSQL server: the same tests are
/// the conformance suite of both engines), command builders, fixed instants, and readers of the
/// raw tables for asserting what was persisted.

#include "domain/error.hpp"
#include "domain/peering.hpp"
#include "domain/peering_rules.hpp"
#include "domain/timestamp.hpp"
#include "storage/database.hpp"
#include "storage/peering_repository.hpp"
#include "storage/sql/session.hpp"
#include "storage/sql/sqlite_session.hpp"
#include "storage/sql/transaction.hpp"
#include "tests/support/pg_test_schema.hpp"
#include "tests/support/temp_dir.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace peeringd::storage::test {

using namespace std::chrono_literals;

inline domain::Timestamp at(const char* text) { return domain::parse_timestamp(text).value(); }

/// The fixed "now" of every test; the wall clock is never read.
inline const domain::Timestamp kNow = at("2026-03-14T08:00:00");

inline const std::string kProjectA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
inline const std::string kProjectB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
inline const std::string kProjectC = "cccccccccccccccccccccccccccccccc";
inline const std::string kProjectD = "dddddddddddddddddddddddddddddddd";

/// A canonical VPC id that differs per `n`.
inline std::string vpc(int n) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012d", n);
    return buf;
}

/// Create command from `request_vpc` (the caller's) to `accept_vpc` owned by `accept_tenant`
/// (empty = the caller's own project).
inline domain::CreateCommand create_command(int request_vpc, int accept_vpc,
                                            const std::string& accept_tenant,
                                            const std::string& name = "peering") {
    domain::CreateCommand cmd;
    cmd.name = name;
    cmd.request_vpc_id = vpc(request_vpc);
    cmd.accept_vpc_id = vpc(accept_vpc);
    cmd.accept_tenant_id = accept_tenant;
    return cmd;
}

inline Actor actor(const std::string& project, const std::string& request_id = "req-test") {
    return Actor{project, request_id};
}

/// Whether this run is the PostgreSQL one (PEERINGD_TEST_PG_URI names a server).
inline bool on_postgresql() { return peeringd::test::PgTestSchema::available(); }

/// A database migrated by prepare_database, plus one read-write connection: a SQLite file with
/// the project's pragmas, or a fresh PostgreSQL schema when on_postgresql().
struct TestDatabase {
    peeringd::test::TempDir dir;
    std::unique_ptr<peeringd::test::PgTestSchema> schema =
        on_postgresql() ? std::make_unique<peeringd::test::PgTestSchema>() : nullptr;
    /// The --db value: a file path or a postgresql:// URI.
    std::string path = schema ? schema->uri() : (dir.path() / "peeringd.db").string();
    std::unique_ptr<sql::Session> connection;

    TestDatabase() {
        prepare_database(path, 5000ms);
        connection = open_session(path, OpenMode::read_write, 5000ms);
    }
    sql::Session& db() { return *connection; }
    /// Another connection to the same database (e.g. for a second thread).
    std::unique_ptr<sql::Session> open() const { return open_session(path, OpenMode::read_write, 5000ms); }
    /// The SQLite file's connection, for the SQLite-only tests.
    SQLite::Database& sqlite() { return sql::sqlite_database(*connection); }
};

/// Skips a test that checks a SQLite-only feature (the file, WAL, pragmas) in the PostgreSQL run.
#define SKIP_ON_POSTGRESQL()                                                      \
    do {                                                                           \
        if (on_postgresql()) GTEST_SKIP() << "SQLite-only: checks the SQLite file"; \
    } while (false)

/// Runs fn in a transaction of its own on `session` and commits it, as DbWorker does for one
/// job: every use case runs in a savepoint of its caller's transaction (sql/transaction.hpp).
template <class F>
auto in_transaction(sql::Session& session, F&& fn) {
    sql::Transaction tx{session};
    auto out = fn();
    tx.commit();
    return out;
}

/// A repository whose every call through `->` is one committed transaction, so that the tests
/// can call use cases one by one (`repo_->create(...)`): operator-> opens the transaction, and
/// the temporary it returns commits it at the end of the full expression (or rolls it back if
/// the call threw). `repo_.bare()` is the repository itself, for the reads that take a snapshot
/// of their own (list, history, changes_since), which a write transaction refuses to nest.
template <class Repository>
class Autocommit {
public:
    template <class... Args>
    explicit Autocommit(sql::Session& session, Args&&... args)
        : session_(&session), repository_(session, std::forward<Args>(args)...) {}

    class Call {
    public:
        Call(sql::Session& session, Repository& repository) : tx_(session), repository_(repository) {}
        ~Call() noexcept(false) {
            if (std::uncaught_exceptions() == exceptions_) tx_.commit();
        }
        Call(const Call&) = delete;
        Call& operator=(const Call&) = delete;
        Repository* operator->() const { return &repository_; }

    private:
        sql::Transaction tx_;
        Repository& repository_;
        int exceptions_ = std::uncaught_exceptions();
    };

    Call operator->() { return Call{*session_, repository_}; }
    Repository& bare() { return repository_; }

private:
    sql::Session* session_;
    Repository repository_;
};

inline RepositoryPolicy policy_with_ttl(std::chrono::seconds ttl) {
    RepositoryPolicy policy;
    policy.pending_ttl = ttl;
    return policy;
}

// --- Result assertions --------------------------------------------------------------------------

template <class T>
::testing::AssertionResult succeeded(const domain::Result<T>& r) {
    if (r.has_value()) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "failed with error code "
                                         << static_cast<int>(r.error().code) << ": "
                                         << r.error().message;
}

template <class T>
::testing::AssertionResult fails_with(const domain::Result<T>& r, domain::ErrorCode code) {
    if (r.has_value())
        return ::testing::AssertionFailure()
               << "succeeded; expected error code " << static_cast<int>(code);
    if (r.error().code != code)
        return ::testing::AssertionFailure()
               << "failed with error code " << static_cast<int>(r.error().code)
               << " (expected " << static_cast<int>(code) << "): " << r.error().message;
    return ::testing::AssertionSuccess();
}

// --- Raw table readers --------------------------------------------------------------------------

inline std::optional<std::string> text_or_null(sql::Statement& s, int index) {
    if (s.getColumn(index).isNull()) return std::nullopt;
    return s.getColumn(index).getString();
}

struct HistoryRow {
    std::string action;
    std::optional<std::string> from_status;
    std::string to_status;
    std::optional<std::string> actor_project;
    std::optional<std::string> request_id;
    std::string changed_at;
};

/// Every history row of one peering, oldest first.
inline std::vector<HistoryRow> history_of(sql::Session& db, const std::string& peering_id) {
    auto statement = db.prepare(
        "SELECT action, from_status, to_status, actor_project, request_id, "
        "changed_at FROM peering_history WHERE peering_id = ? ORDER BY revision");
    auto& s = *statement;
    s.bind(1, peering_id);
    std::vector<HistoryRow> rows;
    while (s.executeStep())
        rows.push_back(HistoryRow{s.getColumn(0).getString(), text_or_null(s, 1),
                                  s.getColumn(2).getString(), text_or_null(s, 3),
                                  text_or_null(s, 4), s.getColumn(5).getString()});
    return rows;
}

struct StoredRow {
    std::string status;
    std::string created_at;
    std::string updated_at;
    std::optional<std::string> expires_at;
    std::optional<std::string> deleted_at;
};

/// The peerings row as stored, tombstones included.
inline std::optional<StoredRow> stored_row(sql::Session& db, const std::string& id) {
    auto statement = db.prepare(
        "SELECT status, created_at, updated_at, expires_at, deleted_at "
        "FROM peerings WHERE id = ?");
    auto& s = *statement;
    s.bind(1, id);
    if (!s.executeStep()) return std::nullopt;
    return StoredRow{s.getColumn(0).getString(), s.getColumn(1).getString(),
                     s.getColumn(2).getString(), text_or_null(s, 3), text_or_null(s, 4)};
}

/// The first column of the first row of a query (a count, a value).
inline long long count_rows(sql::Session& db, const std::string& query) {
    auto s = db.prepare(query);
    if (!s->executeStep()) throw std::runtime_error("no row: " + query);
    return s->getColumn(0).getInt64();
}

/// The same on a raw SQLite connection (the SQLite-only tests).
inline long long count_rows(SQLite::Database& db, const std::string& query) {
    return db.execAndGet(query).getInt64();
}

inline int user_version(SQLite::Database& db) {
    return db.execAndGet("PRAGMA user_version").getInt();
}

/// Whether sqlite_master holds an object of that type and name.
inline bool schema_has(SQLite::Database& db, const std::string& type, const std::string& name) {
    SQLite::Statement s{db, "SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?"};
    s.bind(1, type);
    s.bind(2, name);
    return s.executeStep();
}

inline std::vector<std::string> ids_of(const std::vector<domain::Peering>& items) {
    std::vector<std::string> ids;
    for (const auto& p : items) ids.push_back(p.id);
    return ids;
}

}  // namespace peeringd::storage::test
