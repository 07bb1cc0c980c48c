// prepare_database start-up checks and open_connection pragmas, on real files.
#include "storage/database.hpp"
#include "storage/migrator.hpp"
#include "tests/storage/storage_test_support.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <iterator>
#include <string>
#include <vector>

namespace peeringd::storage::test {
namespace {

namespace fs = std::filesystem;

std::vector<char> read_bytes(const fs::path& path) {
    std::ifstream in{path, std::ios::binary};
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& path, const std::string& bytes) {
    std::ofstream out{path, std::ios::binary | std::ios::trunc};
    out << bytes;
}

/// Names of the entries in `dir`, e.g. to see that no -wal/-shm appeared.
std::vector<std::string> entries(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    return names;
}

/// Runs prepare_database, expecting a StartupError; returns it.
std::optional<StartupError> startup_error(const std::string& path) {
    try {
        prepare_database(path, 1000ms);
    } catch (const StartupError& e) {
        return e;
    }
    return std::nullopt;
}

TEST(PrepareDatabase, CreatesMissingFile) {
    peeringd::test::TempDir dir;
    const auto path = dir.file("peeringd.db");
    ASSERT_FALSE(fs::exists(path));

    EXPECT_EQ(prepare_database(path.string(), 1000ms), latest_schema_version());

    EXPECT_TRUE(fs::exists(path));
    SQLite::Database db{path.string(), SQLite::OPEN_READONLY};
    EXPECT_EQ(user_version(db), latest_schema_version());
    EXPECT_TRUE(schema_has(db, "table", "peerings"));
}

TEST(PrepareDatabase, ReopeningAMigratedFileKeepsItsData) {
    peeringd::test::TempDir dir;
    const auto path = dir.file("peeringd.db").string();
    prepare_database(path, 1000ms);
    {
        auto conn = open_session(path, OpenMode::read_write, 1000ms);
        Autocommit<PeeringRepository> repo{*conn, RepositoryPolicy{}};
        ASSERT_TRUE(succeeded(repo->create(create_command(1, 2, ""), actor(kProjectA), kNow)));
    }

    EXPECT_EQ(prepare_database(path, 1000ms), latest_schema_version());

    SQLite::Database db{path, SQLite::OPEN_READONLY};
    EXPECT_EQ(count_rows(db, "SELECT count(*) FROM peerings"), 1);
}

TEST(PrepareDatabase, RefusesEmptyFileAsCorrupt) {
    peeringd::test::TempDir dir;
    const auto path = dir.file("peeringd.db");
    write_bytes(path, "");
    ASSERT_EQ(fs::file_size(path), 0U);

    const auto error = startup_error(path.string());

    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->failure(), StartupFailure::corrupt);
    EXPECT_EQ(error->exit_code(), 4);
    EXPECT_NE(std::string(error->what()).find(path.string()), std::string::npos) << error->what();
    EXPECT_EQ(fs::file_size(path), 0U);
    EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"peeringd.db"});
}

TEST(PrepareDatabase, RefusesGarbageFileWithoutModifyingIt) {
    peeringd::test::TempDir dir;
    const auto path = dir.file("peeringd.db");
    std::string garbage;
    for (int i = 0; i < 200; ++i) garbage += "this is not an SQLite database, line " + std::to_string(i) + "\n";
    write_bytes(path, garbage);
    const auto before = read_bytes(path);

    const auto error = startup_error(path.string());

    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->failure(), StartupFailure::corrupt) << error->what();
    EXPECT_EQ(error->exit_code(), 4);
    EXPECT_NE(std::string(error->what()).find(path.string()), std::string::npos) << error->what();
    EXPECT_EQ(read_bytes(path), before);
    EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"peeringd.db"});
}

TEST(PrepareDatabase, RefusesShortGarbageFileWithoutModifyingIt) {
    peeringd::test::TempDir dir;
    const auto path = dir.file("peeringd.db");
    write_bytes(path, "junk\n");
    const auto before = read_bytes(path);

    const auto error = startup_error(path.string());

    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->failure(), StartupFailure::corrupt) << error->what();
    EXPECT_EQ(read_bytes(path), before);
}

/// A migrated database with enough rows to span many pages, all connections closed (so the WAL
/// is checkpointed into the main file and removed). Returns the page size.
std::size_t populated_database(const std::string& path) {
    prepare_database(path, 1000ms);
    auto conn = open_session(path, OpenMode::read_write, 1000ms);
    conn->exec("PRAGMA synchronous = OFF");  // setup speed only; durability is not under test
    {
        RepositoryPolicy policy;
        policy.quota.default_limit = 1000;
        Autocommit<PeeringRepository> repo{*conn, policy};
        for (int i = 0; i < 200; ++i) {
            auto cmd = create_command(2 * i + 1, 2 * i + 2, "", "peering-" + std::to_string(i));
            cmd.description = std::string(100, 'd');
            if (!repo->create(cmd, actor(kProjectA), kNow)) throw std::runtime_error("setup: create failed");
        }
    }
    return static_cast<std::size_t>(count_rows(*conn, "PRAGMA page_size"));
}

/// Expects prepare_database to refuse the file as corrupt without changing a byte of it.
void expect_refused_as_corrupt_and_untouched(const fs::path& path) {
    const auto before = read_bytes(path);

    const auto error = startup_error(path.string());

    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->failure(), StartupFailure::corrupt) << error->what();
    EXPECT_EQ(error->exit_code(), 4);
    EXPECT_NE(std::string(error->what()).find(path.string()), std::string::npos) << error->what();
    EXPECT_EQ(read_bytes(path), before);
}

TEST(PrepareDatabase, RefusesDatabaseWithGarbageOverItsHeader) {
    peeringd::test::TempDir dir;
    const auto path = dir.file("peeringd.db");
    populated_database(path.string());
    {
        std::fstream f{path, std::ios::binary | std::ios::in | std::ios::out};
        const std::string garbage(100, 'x');
        f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }

    expect_refused_as_corrupt_and_untouched(path);
}

TEST(PrepareDatabase, RefusesDatabaseWithAGarbledMiddlePage) {
    peeringd::test::TempDir dir;
    const auto path = dir.file("peeringd.db");
    const std::size_t page_size = populated_database(path.string());
    const std::size_t pages = fs::file_size(path) / page_size;
    ASSERT_GE(pages, 10U);
    {
        std::fstream f{path, std::ios::binary | std::ios::in | std::ios::out};
        f.seekp(static_cast<std::streamoff>((pages / 2) * page_size));
        std::string noise(page_size, '\0');
        unsigned state = 12345;
        for (auto& c : noise) {
            state = state * 1103515245U + 12345U;
            c = static_cast<char>((state >> 16) & 0xffU);
        }
        f.write(noise.data(), static_cast<std::streamsize>(noise.size()));
    }

    expect_refused_as_corrupt_and_untouched(path);
}

TEST(PrepareDatabase, RefusesDatabaseTruncatedToHalf) {
    peeringd::test::TempDir dir;
    const auto path = dir.file("peeringd.db");
    populated_database(path.string());
    fs::resize_file(path, fs::file_size(path) / 2);

    expect_refused_as_corrupt_and_untouched(path);
}

TEST(PrepareDatabase, MissingParentDirectoryIsUnusable) {
    peeringd::test::TempDir dir;
    const auto path = dir.path() / "no-such-dir" / "peeringd.db";

    const auto error = startup_error(path.string());

    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->failure(), StartupFailure::unusable) << error->what();
    EXPECT_EQ(error->exit_code(), 3);
    EXPECT_NE(std::string(error->what()).find(path.string()), std::string::npos) << error->what();
    EXPECT_FALSE(fs::exists(path.parent_path()));
}

TEST(OpenConnection, ReadWriteConnectionSetsProjectPragmas) {
    TestDatabase test_db;
    auto conn = open_connection(test_db.path, OpenMode::read_write, 1234ms);

    EXPECT_EQ(conn->execAndGet("PRAGMA journal_mode").getString(), "wal");
    EXPECT_EQ(conn->execAndGet("PRAGMA synchronous").getInt(), 2);  // FULL
    EXPECT_EQ(conn->execAndGet("PRAGMA foreign_keys").getInt(), 1);
    EXPECT_EQ(conn->execAndGet("PRAGMA busy_timeout").getInt(), 1234);
}

TEST(OpenConnection, ReadOnlyConnectionSeesWalAndCannotWrite) {
    TestDatabase test_db;
    auto conn = open_connection(test_db.path, OpenMode::read_only, 500ms);

    EXPECT_EQ(conn->execAndGet("PRAGMA journal_mode").getString(), "wal");
    EXPECT_EQ(conn->execAndGet("PRAGMA foreign_keys").getInt(), 1);
    EXPECT_EQ(conn->execAndGet("PRAGMA busy_timeout").getInt(), 500);
    EXPECT_THROW(conn->exec("DELETE FROM peerings"), SQLite::Exception);
}

TEST(OpenConnection, ForeignKeysAreEnforced) {
    TestDatabase test_db;
    EXPECT_THROW(test_db.db().exec("INSERT INTO peering_history (peering_id, action, to_status, "
                                   "changed_at) VALUES ('no-such-peering', 'create', 'ACTIVE', "
                                   "'2026-03-14T08:00:00')"),
                 SQLite::Exception);
}

}  // namespace
}  // namespace peeringd::storage::test
