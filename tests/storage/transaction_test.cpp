// The transaction scopes of storage/sql/transaction.hpp on both engines: who keeps what, and
// that a use case refuses to run outside a transaction its caller opened instead of silently
// starting one.
#include "storage/sql/transaction.hpp"
#include "tests/storage/storage_test_support.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace peeringd::storage::test {
namespace {

long long peerings(TestDatabase& test_db) {
    auto other = test_db.open();  // another connection sees only what committed
    return count_rows(*other, "SELECT count(*) FROM peerings");
}

TEST(Transactions, AUseCaseOutsideATransactionIsRefusedAndWritesNothing) {
    TestDatabase test_db;
    PeeringRepository repo{test_db.db(), {}};
    EXPECT_THROW((void)repo.create(create_command(1, 2, ""), actor(kProjectA), kNow), std::logic_error);
    EXPECT_FALSE(test_db.db().in_transaction());
    EXPECT_EQ(peerings(test_db), 0);
}

TEST(Transactions, ASavepointOutsideATransactionIsRefused) {
    TestDatabase test_db;
    EXPECT_THROW(sql::Savepoint(test_db.db(), "lonely"), std::logic_error);
    EXPECT_FALSE(test_db.db().in_transaction());
}

TEST(Transactions, UseCasesInOneTransactionBecomeDurableTogetherAtCommit) {
    TestDatabase test_db;
    PeeringRepository repo{test_db.db(), {}};
    sql::Transaction tx{test_db.db()};
    ASSERT_TRUE(succeeded(repo.create(create_command(1, 2, ""), actor(kProjectA), kNow)));
    ASSERT_TRUE(succeeded(repo.create(create_command(3, 4, ""), actor(kProjectA), kNow)));
    EXPECT_EQ(peerings(test_db), 0);  // released into the transaction, not yet committed
    tx.commit();
    EXPECT_EQ(peerings(test_db), 2);
}

TEST(Transactions, AUseCaseThatFailsLeavesTheTransactionAndEarlierWorkIntact) {
    TestDatabase test_db;
    PeeringRepository repo{test_db.db(), {}};
    sql::Transaction tx{test_db.db()};
    ASSERT_TRUE(succeeded(repo.create(create_command(1, 2, kProjectB), actor(kProjectA), kNow)));
    // The same pair again: the use case rolls its savepoint back and says 409.
    EXPECT_TRUE(fails_with(repo.create(create_command(1, 2, kProjectB), actor(kProjectA), kNow),
                           domain::ErrorCode::peering_exists));
    EXPECT_TRUE(test_db.db().in_transaction());
    tx.commit();
    EXPECT_EQ(peerings(test_db), 1);
    EXPECT_EQ(count_rows(test_db.db(), "SELECT count(*) FROM peering_history"), 1);
}

TEST(Transactions, ATransactionDestroyedWithoutCommitKeepsNothing) {
    TestDatabase test_db;
    PeeringRepository repo{test_db.db(), {}};
    {
        sql::Transaction tx{test_db.db()};
        ASSERT_TRUE(succeeded(repo.create(create_command(1, 2, ""), actor(kProjectA), kNow)));
    }
    EXPECT_FALSE(test_db.db().in_transaction());
    EXPECT_EQ(peerings(test_db), 0);
}

TEST(Transactions, ASavepointRolledBackOrDestroyedUndoesItsWorkAndTheTransactionGoesOn) {
    TestDatabase test_db;
    auto& db = test_db.db();
    PeeringRepository repo{db, {}};
    sql::Transaction tx{db};
    {
        sql::Savepoint job{db, "job"};
        ASSERT_TRUE(succeeded(repo.create(create_command(1, 2, ""), actor(kProjectA), kNow)));
        job.rollback();
    }
    {
        sql::Savepoint job{db, "job"};
        ASSERT_TRUE(succeeded(repo.create(create_command(3, 4, ""), actor(kProjectA), kNow)));
    }  // destroyed unreleased
    {
        sql::Savepoint job{db, "job"};
        ASSERT_TRUE(succeeded(repo.create(create_command(5, 6, ""), actor(kProjectA), kNow)));
        job.release();
    }
    tx.commit();
    EXPECT_EQ(peerings(test_db), 1);
}

}  // namespace
}  // namespace peeringd::storage::test
