#pragma once
/// A fresh PostgreSQL schema per test on the server named by PEERINGD_TEST_PG_URI, or by the
/// first line of the file PEERINGD_TEST_PG_URI_FILE names (DIR/uri of tests/support/pg_server.sh),
/// dropped with everything in it at scope exit. uri() selects the
/// schema for every connection made with it (options=-csearch_path=...), so code under test
/// creates and finds its tables there without knowing about schemas.

#include <string>

struct pg_conn;  // libpq's PGconn; the header stays free of libpq-fe.h

namespace peeringd::test {

class PgTestSchema {
public:
    /// Connects to the server (PEERINGD_TEST_PG_URI, else PEERINGD_TEST_PG_URI_FILE) and creates the schema t_<pid>_<counter>_<random hex>.
    /// Throws std::runtime_error when neither variable gives a URI or the server refuses.
    PgTestSchema();
    /// Drops the schema CASCADE; best effort, never throws.
    ~PgTestSchema();
    PgTestSchema(const PgTestSchema&) = delete;
    PgTestSchema& operator=(const PgTestSchema&) = delete;

    /// Whether PEERINGD_TEST_PG_URI, or PEERINGD_TEST_PG_URI_FILE's file, gives a URI (tests
    /// GTEST_SKIP otherwise).
    static bool available();

    /// The base URI with the schema as search_path, e.g.
    /// postgresql://postgres@127.0.0.1:5432/postgres?options=-csearch_path%3Dt_1_0_ab12cd34.
    const std::string& uri() const { return uri_; }
    /// The schema's name (a plain lowercase identifier, no quoting needed).
    const std::string& schema() const { return schema_; }

    /// Runs `sql` (one or more statements) on the helper's own connection, whose search_path is
    /// the schema, and returns the first value of the first row of the last statement's result;
    /// "" when it has no rows or the value is NULL. Throws std::runtime_error on an error.
    std::string exec(const std::string& sql);

private:
    std::string base_uri_;
    std::string schema_;
    std::string uri_;
    pg_conn* conn_ = nullptr;
};

}  // namespace peeringd::test
