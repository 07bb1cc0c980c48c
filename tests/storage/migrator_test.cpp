// The embedded migrations and the migrator (STYLE §8): replay, idempotence, refusal of a newer
// schema, atomicity of a failed step, contiguous numbering.
#include "migrations/embedded_migrations.hpp"
#include "storage/database.hpp"
#include "storage/migrator.hpp"
#include "tests/storage/storage_test_support.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace peeringd::storage::test {
namespace {

struct EmptyFile {
    peeringd::test::TempDir dir;
    std::string path = (dir.path() / "migrate.db").string();
    SQLite::Database db{path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
};

long long schema_objects(SQLite::Database& db) {
    return count_rows(db, "SELECT count(*) FROM sqlite_master");
}

TEST(Migrator, EmbeddedMigrationsAreNumberedContiguouslyFromOne) {
    const auto all = migrations::embedded_migrations();
    ASSERT_FALSE(all.empty());
    for (std::size_t i = 0; i < all.size(); ++i) {
        const int expected = static_cast<int>(i) + 1;
        EXPECT_EQ(all[i].version, expected);
        char prefix[16];
        std::snprintf(prefix, sizeof prefix, "%04d_", expected);
        EXPECT_TRUE(all[i].name.starts_with(prefix)) << all[i].name;
        EXPECT_FALSE(all[i].sql.empty()) << all[i].name;
    }
    EXPECT_EQ(latest_schema_version(), all.back().version);
    EXPECT_EQ(all.front().name, "0001_create_peerings");
}

TEST(Migrator, ReplayOntoEmptyFileReachesLatestVersion) {
    EmptyFile file;
    ASSERT_EQ(user_version(file.db), 0);

    EXPECT_EQ(migrate(file.db), latest_schema_version());

    EXPECT_EQ(user_version(file.db), latest_schema_version());
    for (const char* table : {"peerings", "peering_history"})
        EXPECT_TRUE(schema_has(file.db, "table", table)) << table;
    for (const char* index :
         {"peerings_live_pair", "peerings_by_request_tenant", "peerings_by_accept_tenant",
          "peerings_by_request_vpc", "peerings_by_accept_vpc", "peerings_by_name",
          "peerings_by_status", "peerings_pending_deadline", "peering_history_by_peering",
          "peering_history_by_time"})
        EXPECT_TRUE(schema_has(file.db, "index", index)) << index;
}

TEST(Migrator, ReplayedSchemaEnforcesLivePairUniqueness) {
    EmptyFile file;
    migrate(file.db);
    const std::string insert =
        "INSERT INTO peerings (id, name, status, request_vpc_id, request_tenant_id, "
        "accept_vpc_id, accept_tenant_id, created_at, updated_at, expires_at) VALUES ";
    file.db.exec(insert + "('1', 'n', 'ACTIVE', 'x', 'a', 'y', 'a', 't', 't', NULL)");
    // The reversed pair is the same unordered pair.
    EXPECT_THROW(file.db.exec(insert + "('2', 'n', 'PENDING_ACCEPTANCE', 'y', 'b', 'x', 'a', "
                                       "'t', 't', 'd')"),
                 SQLite::Exception);
    // A dead status does not hold the pair.
    EXPECT_NO_THROW(file.db.exec(insert + "('3', 'n', 'REJECTED', 'y', 'b', 'x', 'a', 't', 't', "
                                          "NULL)"));
}

TEST(Migrator, SecondRunIsANoOp) {
    EmptyFile file;
    migrate(file.db);
    const int schema_version = file.db.execAndGet("PRAGMA schema_version").getInt();
    const long long objects = schema_objects(file.db);

    EXPECT_EQ(migrate(file.db), latest_schema_version());

    EXPECT_EQ(user_version(file.db), latest_schema_version());
    EXPECT_EQ(file.db.execAndGet("PRAGMA schema_version").getInt(), schema_version);
    EXPECT_EQ(schema_objects(file.db), objects);
}

TEST(Migrator, RefusesSchemaNewerThanTheBinary) {
    EmptyFile file;
    const int newer = latest_schema_version() + 1;
    file.db.exec("PRAGMA user_version = " + std::to_string(newer));

    try {
        migrate(file.db);
        FAIL() << "a newer schema was accepted";
    } catch (const StartupError& e) {
        EXPECT_EQ(e.failure(), StartupFailure::too_new);
        EXPECT_EQ(e.exit_code(), 5);
        EXPECT_NE(std::string(e.what()).find(std::to_string(newer)), std::string::npos) << e.what();
    }

    EXPECT_EQ(user_version(file.db), newer);
    EXPECT_EQ(schema_objects(file.db), 0);
}

TEST(Migrator, PrepareDatabaseRefusesNewerFileAndLeavesItsSchemaAlone) {
    peeringd::test::TempDir dir;
    const std::string path = (dir.path() / "newer.db").string();
    const int newer = latest_schema_version() + 7;
    {
        SQLite::Database db{path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
        db.exec("CREATE TABLE from_the_future (x INTEGER)");
        db.exec("PRAGMA user_version = " + std::to_string(newer));
    }

    try {
        prepare_database(path, 1000ms);
        FAIL() << "a newer schema was accepted";
    } catch (const StartupError& e) {
        EXPECT_EQ(e.failure(), StartupFailure::too_new);
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }

    SQLite::Database db{path, SQLite::OPEN_READONLY};
    EXPECT_EQ(user_version(db), newer);
    EXPECT_EQ(schema_objects(db), 1);
    EXPECT_TRUE(schema_has(db, "table", "from_the_future"));
}

TEST(Migrator, FailedStepKeepsPreviousVersionAndLeavesNoHalfAppliedObjects) {
    EmptyFile file;
    const migrations::Migration steps[] = {
        {1, "0001_first", "CREATE TABLE first_table (x INTEGER);"},
        {2, "0002_broken",
         "CREATE TABLE second_table (y INTEGER);\n"
         "CREATE INDEX second_index ON second_table (y);\n"
         "INSERT INTO first_table (x) VALUES (42);\n"
         "CREATE TABLE broken (;"},
    };

    EXPECT_THROW(migrate(file.db, steps), SQLite::Exception);

    EXPECT_EQ(user_version(file.db), 1);
    EXPECT_TRUE(schema_has(file.db, "table", "first_table"));
    EXPECT_FALSE(schema_has(file.db, "table", "second_table"));
    EXPECT_FALSE(schema_has(file.db, "index", "second_index"));
    EXPECT_EQ(count_rows(file.db, "SELECT count(*) FROM first_table"), 0);
    EXPECT_FALSE(file.db.execAndGet("SELECT 1").isNull());  // no transaction left open: usable

    // A corrected second step then applies on top of version 1.
    const migrations::Migration fixed[] = {
        {1, "0001_first", "CREATE TABLE first_table (x INTEGER);"},
        {2, "0002_fixed", "CREATE TABLE second_table (y INTEGER);"},
    };
    EXPECT_EQ(migrate(file.db, fixed), 2);
    EXPECT_EQ(user_version(file.db), 2);
    EXPECT_TRUE(schema_has(file.db, "table", "second_table"));
}

TEST(Migrator, RejectsNonContiguousList) {
    EmptyFile file;
    const migrations::Migration gap[] = {
        {1, "0001_first", "CREATE TABLE first_table (x INTEGER);"},
        {3, "0003_third", "CREATE TABLE third_table (x INTEGER);"},
    };
    const migrations::Migration not_from_one[] = {
        {2, "0002_second", "CREATE TABLE second_table (x INTEGER);"},
    };

    EXPECT_THROW(migrate(file.db, gap), std::logic_error);
    EXPECT_THROW(migrate(file.db, not_from_one), std::logic_error);

    EXPECT_EQ(user_version(file.db), 0);
    EXPECT_EQ(schema_objects(file.db), 0);
}

TEST(Migrator, EmptyListLeavesAnEmptyFileAtVersionZero) {
    EmptyFile file;
    EXPECT_EQ(migrate(file.db, {}), 0);
    EXPECT_EQ(user_version(file.db), 0);
}

}  // namespace
}  // namespace peeringd::storage::test
