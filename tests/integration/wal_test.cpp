// WAL growth under a long admin read, and its reset afterwards (RELIABILITY.md §2 "admin long
// read"): while sqlite3 holds an old snapshot the -wal grows; once it lets go, the daemon's
// periodic TRUNCATE checkpoint brings it back under 4 MiB without a restart.
#include "tests/integration/daemon_fixture.hpp"

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <thread>

namespace peeringd::test {
namespace {

class Wal : public DaemonFixture {
protected:
    std::uintmax_t wal_bytes() {
        std::error_code ec;
        const auto size = std::filesystem::file_size(db_path().string() + "-wal", ec);
        return ec ? 0 : size;
    }
};

TEST_F(Wal, ShrinksBackAfterALongReaderLetsGo) {
    start({"--quota", "100000"});
    {
        SQLite::Database admin(db_path().string(), SQLite::OPEN_READONLY);
        admin.exec("BEGIN");
        admin.execAndGet("SELECT count(*) FROM peerings");  // the snapshot is now pinned
        for (int i = 0; i < 400 && wal_bytes() <= (6u << 20); ++i) create(kProjectA);
        ASSERT_GT(wal_bytes(), 4u << 20) << "the writes did not grow the WAL past 4 MiB";
        admin.exec("COMMIT");
    }
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (wal_bytes() >= (4u << 20) && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_LT(wal_bytes(), 4u << 20);
    EXPECT_EQ(call("GET", kPeerings + "?limit=1", kProjectA).status, 200);
}

}  // namespace
}  // namespace peeringd::test
