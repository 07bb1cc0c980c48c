// RELIABILITY.md §1.7: power cuts. SIGKILL keeps the kernel's page cache, so the kill -9 tests
// cannot tell whether a commit reached the disk before its 2xx. Here the project's own
// connection settings (storage::open_connection: WAL, synchronous=FULL) and repository run on
// PowerLossVfs: the power fails after a random number of writes, every byte not yet synced is
// lost, and the reopened file must hold every create that returned. The same run with
// synchronous=NORMAL must lose some, which shows the test can see a loss at all.
#include "tests/reliability/power_loss_vfs.hpp"
#include "storage/sql/sqlite_session.hpp"
#include "tests/storage/storage_test_support.hpp"

#include "storage/migrator.hpp"

#include <SQLiteCpp/Exception.h>

#include <cstdlib>
#include <iostream>
#include <random>
#include <set>

namespace peeringd::storage::test {
namespace {

struct PowerCuts {
    std::size_t acknowledged = 0;  ///< creates that returned a peering
    std::size_t lost = 0;          ///< of those, missing after a cut
    std::string integrity = "ok";  ///< first integrity_check result other than ok
};

std::unique_ptr<SQLite::Database> open(const std::string& path, bool full_sync) {
    auto db = open_connection(path, OpenMode::read_write, std::chrono::milliseconds(100));
    if (!full_sync) db->exec("PRAGMA synchronous = NORMAL");
    return db;
}

PowerCuts run_power_cuts(std::size_t cuts, bool full_sync, std::uint64_t seed) {
    peeringd::test::PowerLossVfs vfs;
    const std::string path = "/power-loss/peeringd.db";
    vfs.file(path);  // open_connection never creates a file (prepare_database does, on disk)
    migrate(*open(path, true));
    std::mt19937_64 rng(seed);
    std::set<std::string> acknowledged;
    PowerCuts out;
    int vpc_serial = 0;
    for (std::size_t cut = 0; cut < cuts; ++cut) {
        {
            storage::sql::SqliteSession db{open(path, full_sync)};
            PeeringRepository repo(db, RepositoryPolicy{domain::QuotaPolicy{1000000, {}}, std::chrono::hours(1), false});
            vfs.fail_after(1 + rng() % 150);
            while (!vfs.power_failed()) {
                const int request_vpc = ++vpc_serial;
                const int accept_vpc = ++vpc_serial;
                try {
                    // Acknowledged = its COMMIT returned, as for a DbWorker job.
                    const auto p = in_transaction(db, [&] {
                        return repo.create(create_command(request_vpc, accept_vpc, kProjectB), actor(kProjectA), kNow);
                    });
                    if (p) acknowledged.insert(p->id);
                } catch (const std::exception&) {  // SQLite's I/O error, as the session reports it
                    // The power went during this create: it never returned, so it may go either way.
                }
            }
        }  // closed with the power off: nothing more reaches the disk
        vfs.cut();
        auto db = open(path, full_sync);
        const auto check = db->execAndGet("PRAGMA quick_check").getString();
        if (check != "ok" && out.integrity == "ok") out.integrity = check;
        SQLite::Statement count(*db, "SELECT count(*) FROM peerings WHERE id = ?");
        std::size_t present = 0;
        for (const auto& id : acknowledged) {
            count.bind(1, id);
            count.executeStep();
            present += static_cast<std::size_t>(count.getColumn(0).getInt());
            count.reset();
        }
        out.lost += acknowledged.size() - present;
        out.acknowledged += acknowledged.size();
        // What is lost stays lost; the next cut is judged on its own creates.
        acknowledged.clear();
    }
    const auto final_check = open(path, full_sync)->execAndGet("PRAGMA integrity_check").getString();
    if (final_check != "ok" && out.integrity == "ok") out.integrity = final_check;
    return out;
}

std::size_t cuts_from_env() {
    const char* text = std::getenv("PEERINGD_POWER_CUTS");
    return text != nullptr && *text != '\0' ? std::stoul(text) : 1000;
}

TEST(PowerLoss, SynchronousFullLosesNoAcknowledgedCreateAtAnyCut) {
    const auto cuts = cuts_from_env();
    const auto result = run_power_cuts(cuts, true, 20261122);
    std::cout << "power loss, synchronous=FULL: " << cuts << " cuts, " << result.acknowledged
              << " acknowledged creates, " << result.lost << " lost" << std::endl;
    EXPECT_GT(result.acknowledged, cuts);
    EXPECT_EQ(result.lost, 0u);
    EXPECT_EQ(result.integrity, "ok");
}

TEST(PowerLoss, SynchronousNormalIsCaughtLosingAcknowledgedCreates) {
    const auto result = run_power_cuts(50, false, 20261122);
    std::cout << "power loss, synchronous=NORMAL: 50 cuts, " << result.acknowledged << " acknowledged creates, "
              << result.lost << " lost" << std::endl;
    EXPECT_GT(result.lost, 0u) << "the power-cut model cannot see a lost commit";
    EXPECT_EQ(result.integrity, "ok");
}

}  // namespace
}  // namespace peeringd::storage::test
