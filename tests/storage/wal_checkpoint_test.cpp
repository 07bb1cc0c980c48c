// The writer keeps the WAL bounded on its own. It runs with automatic checkpoints off (so no
// COMMIT pays for a copy), and under sustained writes a checkpoint from another connection
// can never finish, so without checkpoint_if_wal_big() the -wal file grows without limit
// (~70 MiB/s under the create bench). This drives many small transactions, with reads in
// between, and checks the file stays within the writer's threshold plus one batch.
#include "storage/db_worker.hpp"
#include "storage/peering_repository.hpp"
#include "tests/storage/storage_test_support.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>

namespace peeringd::storage::test {
namespace {

namespace asio = boost::asio;

constexpr int kClients = 16;
constexpr int kCreatesPerClient = 250;

/// One client: creates peerings one after another, reading each back, and notes the largest
/// -wal file it saw after a write.
// Parameters are references and ints, and each lambda is bound to a local before co_await:
// GCC 12 relocates class-type coroutine parameters bytewise and double-destroys lambda
// temporaries in a co_await expression.
asio::awaitable<void> client(DbWorker& db, int n, const std::string& wal_path,
                             std::uintmax_t& largest, int& failures) {
    for (int i = 0; i < kCreatesPerClient; ++i) {
        const int k = n * kCreatesPerClient + i;
        auto write = db.write([k](Repositories& repos) {
            return repos.peerings.create(create_command(2 * k + 1, 2 * k + 2, kProjectB), actor(kProjectA), kNow);
        });
        const auto created = co_await std::move(write);
        if (!created) {
            if (failures++ == 0) ADD_FAILURE() << "create: " << created.error().message;
            continue;
        }
        auto lookup = db.read([id = created.value().id](Repositories& repos) {
            return repos.peerings.find(id, kProjectA, kNow);
        });
        const auto read = co_await std::move(lookup);
        if (!read && failures++ == 0) ADD_FAILURE() << "read: " << read.error().message;
        largest = std::max(largest, std::filesystem::file_size(wal_path));
    }
}

TEST(WalCheckpoint, TheWriterKeepsTheWalBoundedUnderSustainedWrites) {
    TestDatabase test_db;
    StorageOptions o;
    o.path = test_db.path;
    o.readers = 2;
    o.policy = policy_with_ttl(1h);
    o.policy.quota.default_limit = kClients * kCreatesPerClient;
    const std::string wal_path = test_db.path + "-wal";
    std::uintmax_t largest = 0;
    int failures = 0;
    {
        DbWorker db{o};
        asio::io_context io;
        for (int n = 0; n < kClients; ++n)
            asio::co_spawn(io, client(db, n, wal_path, largest, failures), asio::detached);
        io.run();
        db.stop();
    }
    ASSERT_EQ(failures, 0);
    const auto page_size = static_cast<std::uintmax_t>(
        count_rows(test_db.db(), "PRAGMA page_size"));
    // Each frame is a page plus a 24-byte header. One batch holds at most kClients creates;
    // 64 frames per create is far more than one touches (about 5 to 12 pages).
    const std::uintmax_t frame = page_size + 24;
    const std::uintmax_t bound = (DbWorker::kWriterCheckpointFrames + kClients * 64) * frame;
    const auto written = static_cast<std::uintmax_t>(count_rows(test_db.db(), "SELECT count(*) FROM peerings"));
    ASSERT_EQ(written, static_cast<std::uintmax_t>(kClients * kCreatesPerClient));
    // Without the checkpoint the WAL would hold every page written: at least 3 per create.
    ASSERT_GT(written * 3 * frame, 2 * bound) << "the test writes too little to tell";
    EXPECT_LE(largest, bound) << "the -wal file grew to " << largest << " bytes";
}

}  // namespace
}  // namespace peeringd::storage::test
