// The PostgreSQL test harness itself: PgTestSchema against the server of tests/support/pg_server.sh
// (PEERINGD_TEST_PG_URI), and the embedded PostgreSQL migrations applied into a test schema.
// Every test skips when neither PEERINGD_TEST_PG_URI nor PEERINGD_TEST_PG_URI_FILE gives a server.

#include "migrations/embedded_migrations.hpp"
#include "tests/support/pg_test_schema.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

namespace peeringd::test {
namespace {

#define SKIP_WITHOUT_POSTGRES()                                                             \
    do {                                                                                    \
        if (!PgTestSchema::available()) GTEST_SKIP() << "PEERINGD_TEST_PG_URI(_FILE) is not set"; \
    } while (false)

/// A connection of "the code under test", made from a URI alone.
struct Connection {
    explicit Connection(const std::string& uri) : conn(PQconnectdb(uri.c_str()), &PQfinish) {}
    bool ok() const { return PQstatus(conn.get()) == CONNECTION_OK; }
    std::string error() const { return PQerrorMessage(conn.get()); }
    /// First value of the first row, or "ERROR: ..." / "" (no rows or NULL).
    std::string value(const std::string& sql) const {
        std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()), &PQclear);
        const auto status = PQresultStatus(result.get());
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            return std::string("ERROR: ") + PQresultErrorMessage(result.get());
        }
        if (status != PGRES_TUPLES_OK || PQntuples(result.get()) == 0 || PQgetisnull(result.get(), 0, 0)) return "";
        return PQgetvalue(result.get(), 0, 0);
    }
    std::unique_ptr<PGconn, decltype(&PQfinish)> conn;
};

/// The server's own URI (what PgTestSchema starts from), without any search_path.
std::string base_uri() {
    if (const char* uri = std::getenv("PEERINGD_TEST_PG_URI"); uri != nullptr && *uri != '\0') return uri;
    std::ifstream in(std::getenv("PEERINGD_TEST_PG_URI_FILE"));
    std::string line;
    std::getline(in, line);
    return line;
}

TEST(PgHarness, UriSelectsAFreshSchemaForEveryConnection) {
    SKIP_WITHOUT_POSTGRES();
    PgTestSchema schema;
    EXPECT_TRUE(schema.schema().starts_with("t_")) << schema.schema();
    if (base_uri().starts_with("postgresql://")) {
        EXPECT_NE(schema.uri().find("options=-csearch_path%3D" + schema.schema()), std::string::npos) << schema.uri();
    }

    Connection first(schema.uri());
    ASSERT_TRUE(first.ok()) << first.error();
    EXPECT_EQ(first.value("SELECT current_schema()"), schema.schema());
    EXPECT_EQ(first.value("CREATE TABLE t (x bigint); INSERT INTO t VALUES (42); SELECT 1"), "1");

    // A second connection from the same URI sees the table; the base URI's search_path does not.
    Connection second(schema.uri());
    ASSERT_TRUE(second.ok()) << second.error();
    EXPECT_EQ(second.value("SELECT x FROM t"), "42");
    EXPECT_EQ(schema.exec("SELECT x FROM t"), "42");
    Connection outside(base_uri());
    ASSERT_TRUE(outside.ok()) << outside.error();
    EXPECT_EQ(outside.value("SELECT count(*) FROM pg_tables WHERE tablename = 't' AND schemaname = '" +
                            schema.schema() + "'"),
              "1");
    EXPECT_NE(outside.value("SELECT current_schema()"), schema.schema());
}

TEST(PgHarness, SchemasAreDistinctAndDroppedAtScopeExit) {
    SKIP_WITHOUT_POSTGRES();
    Connection outside(base_uri());
    ASSERT_TRUE(outside.ok()) << outside.error();
    std::string name;
    {
        PgTestSchema a;
        PgTestSchema b;
        EXPECT_NE(a.schema(), b.schema());
        name = a.schema();
        a.exec("CREATE TABLE kept (x text)");
        EXPECT_EQ(outside.value("SELECT count(*) FROM pg_namespace WHERE nspname = '" + name + "'"), "1");
    }
    EXPECT_EQ(outside.value("SELECT count(*) FROM pg_namespace WHERE nspname = '" + name + "'"), "0");
}

TEST(PgHarness, ExecReturnsTheFirstValueAndThrowsOnErrors) {
    SKIP_WITHOUT_POSTGRES();
    PgTestSchema schema;
    EXPECT_EQ(schema.exec("SELECT 'a', 'b' UNION ALL SELECT 'c', 'd'"), "a");
    EXPECT_EQ(schema.exec("SELECT NULL"), "");
    EXPECT_EQ(schema.exec("CREATE TABLE e (x int)"), "");
    EXPECT_EQ(schema.exec("SELECT x FROM e"), "");
    EXPECT_THROW(schema.exec("SELECT * FROM no_such_table"), std::runtime_error);
    EXPECT_EQ(schema.exec("SELECT 7"), "7");  // the connection is still usable
}

// The embedded PostgreSQL migrations, applied as the migrator would (one transaction each),
// give the schema of the SQLite ones in the test schema, and the usage triggers work.
TEST(PgHarness, EmbeddedPostgresqlMigrationsApplyInATestSchema) {
    SKIP_WITHOUT_POSTGRES();
    const auto sqlite = migrations::embedded_migrations();
    const auto pg = migrations::embedded_postgresql_migrations();
    ASSERT_EQ(pg.size(), sqlite.size());
    PgTestSchema schema;
    Connection db(schema.uri());
    ASSERT_TRUE(db.ok()) << db.error();
    for (std::size_t i = 0; i < pg.size(); ++i) {
        EXPECT_EQ(pg[i].version, static_cast<int>(i + 1));
        EXPECT_EQ(pg[i].version, sqlite[i].version);
        EXPECT_EQ(pg[i].name, sqlite[i].name);
        ASSERT_EQ(db.value("BEGIN;\n" + std::string(pg[i].sql) + "\n;COMMIT; SELECT 'done'"), "done") << pg[i].name;
    }
    EXPECT_EQ(schema.exec("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"), "11");
    EXPECT_EQ(schema.exec("SELECT count(*) FROM pg_views WHERE schemaname = current_schema()"), "3");
    EXPECT_EQ(schema.exec("SELECT revision FROM feed_head"), "0");
    EXPECT_EQ(db.value("INSERT INTO peerings (id, name, status, request_vpc_id, request_tenant_id, accept_vpc_id, "
                       "accept_tenant_id, created_at, updated_at) VALUES ('p', 'n', 'ACTIVE', 'v1', 'A', 'v2', "
                       "'B', '2024-01-01T00:00:00', '2024-01-01T00:00:00'); SELECT 'ok'"),
              "ok");
    EXPECT_EQ(schema.exec("SELECT string_agg(project || live_requested || active_accepted, ',' ORDER BY project) "
                          "FROM project_usage"),
              "A10,B01");
    EXPECT_EQ(db.value("UPDATE peerings SET status = 'DELETED', deleted_at = updated_at; SELECT 'ok'"), "ok");
    EXPECT_EQ(schema.exec("SELECT string_agg(project || live_requested || active_accepted, ',' ORDER BY project) "
                          "FROM project_usage"),
              "A00,B00");
}

}  // namespace
}  // namespace peeringd::test
