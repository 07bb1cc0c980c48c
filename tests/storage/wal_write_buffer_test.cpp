// The WAL write buffer (storage/wal_write_buffer.hpp) under the cases SQLite makes hard: a
// transaction larger than the page cache spills frames before COMMIT and then rewrites some of
// them in place, and reads them back. Another connection, on SQLite's own VFS, must see nothing
// before the commit and every byte after it.
#include "storage/database.hpp"
#include "tests/storage/storage_test_support.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <string>

namespace peeringd::storage::test {
namespace {

TEST(WalWriteBuffer, ASpillingTransactionIsInvisibleUntilCommitAndWholeAfter) {
    TestDatabase test_db;
    auto writer = open_connection(test_db.path, OpenMode::read_write, 5000ms);
    writer->exec("CREATE TABLE blobs (k INTEGER PRIMARY KEY, v BLOB NOT NULL)");
    // 20 pages of cache against ~1,000 pages written: SQLite must spill to the WAL mid-way.
    writer->exec("PRAGMA cache_size = 20");
    SQLite::Database plain{test_db.path, SQLite::OPEN_READONLY};  // SQLite's default VFS

    writer->exec("BEGIN IMMEDIATE");
    writer->exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
                 "INSERT INTO blobs SELECT i, randomblob(1200) FROM n");
    // Changes pages already spilled in this transaction (SQLite rewrites those frames in place)
    // and reads others back from the WAL.
    writer->exec("UPDATE blobs SET v = zeroblob(1200 + k % 7) WHERE k % 3 = 0");
    EXPECT_EQ(count_rows(*writer, "SELECT sum(length(v)) FROM blobs WHERE k % 3 = 0"),
              count_rows(*writer, "SELECT sum(1200 + k % 7) FROM blobs WHERE k % 3 = 0"));
    EXPECT_EQ(count_rows(plain, "SELECT count(*) FROM blobs"), 0) << "visible before COMMIT";
    writer->exec("COMMIT");

    EXPECT_EQ(count_rows(plain, "SELECT count(*) FROM blobs"), 3000);
    EXPECT_EQ(count_rows(plain, "SELECT count(*) FROM blobs WHERE k % 3 = 0 AND v = zeroblob(1200 + k % 7)"),
              1000);
    EXPECT_EQ(count_rows(plain, "SELECT count(*) FROM blobs WHERE k % 3 <> 0 AND length(v) = 1200"), 2000);
    EXPECT_EQ(plain.execAndGet("PRAGMA integrity_check").getString(), "ok");

    // A checkpoint reads the frames back through the buffer; the file alone must hold them all.
    writer->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    writer.reset();
    SQLite::Database after{test_db.path, SQLite::OPEN_READONLY};
    EXPECT_EQ(count_rows(after, "SELECT count(*) FROM blobs"), 3000);
    EXPECT_EQ(after.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

TEST(WalWriteBuffer, ARolledBackTransactionLeavesNothingBehind) {
    TestDatabase test_db;
    auto writer = open_connection(test_db.path, OpenMode::read_write, 5000ms);
    writer->exec("CREATE TABLE blobs (k INTEGER PRIMARY KEY, v BLOB NOT NULL)");
    writer->exec("PRAGMA cache_size = 20");
    writer->exec("BEGIN IMMEDIATE");
    writer->exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                 "INSERT INTO blobs SELECT i, randomblob(1200) FROM n");
    writer->exec("ROLLBACK");
    writer->exec("INSERT INTO blobs VALUES (1, x'01')");

    SQLite::Database plain{test_db.path, SQLite::OPEN_READONLY};
    EXPECT_EQ(count_rows(plain, "SELECT count(*) FROM blobs"), 1);
    EXPECT_EQ(plain.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

// A write job's SAVEPOINT keeps the old pages in a statement journal, in memory up to 4 MiB
// (configure_sqlite); past that SQLite spills the journal to a temp file in one write of the
// whole 4 MiB chunk, which the unix VFS cuts to its 128 KiB limit and reports as a short write
// ("database or disk is full"). The expiry sweep's 256-row jobs hit it in the 100k bench.
TEST(WalWriteBuffer, ASavepointBiggerThanTheInMemoryStatementJournalCommits) {
    TestDatabase test_db;
    auto writer = open_connection(test_db.path, OpenMode::read_write, 5000ms);
    writer->exec("CREATE TABLE blobs (k INTEGER PRIMARY KEY, v BLOB NOT NULL)");
    writer->exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000) "
                 "INSERT INTO blobs SELECT i, randomblob(1200) FROM n");  // ~2,000 pages, ~8 MiB
    writer->exec("BEGIN IMMEDIATE");
    writer->exec("SAVEPOINT job");
    writer->exec("UPDATE blobs SET v = zeroblob(1100)");  // journals every page: past 4 MiB
    writer->exec("RELEASE job");
    writer->exec("SAVEPOINT job");
    writer->exec("UPDATE blobs SET v = zeroblob(900) WHERE k % 2 = 0");
    writer->exec("ROLLBACK TO job");  // reads the spilled journal back
    writer->exec("RELEASE job");
    writer->exec("COMMIT");

    SQLite::Database plain{test_db.path, SQLite::OPEN_READONLY};
    EXPECT_EQ(count_rows(plain, "SELECT count(*) FROM blobs WHERE v = zeroblob(1100)"), 6000);
    EXPECT_EQ(plain.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

}  // namespace
}  // namespace peeringd::storage::test
