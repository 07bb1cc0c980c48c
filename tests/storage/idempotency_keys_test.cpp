// Idempotency-Key in the repository (migration 0006, docs/API.md): the key row is written with
// the create or not at all, replays return the current state, another body is refused, keys are
// per project, and a key past its TTL is ignored at once and pruned in batches.
#include "storage/idempotency_keys.hpp"
#include "storage/peering_repository.hpp"
#include "tests/storage/storage_test_support.hpp"

#include <gtest/gtest.h>

namespace peeringd::storage::test {
namespace {

using domain::ErrorCode;

constexpr std::chrono::seconds kKeyTtl = 24h;

IdempotentCreate key(const std::string& text, const std::string& hash = "hash-1") { return {text, hash}; }

class IdempotencyKeysTest : public ::testing::Test {
protected:
    RepositoryPolicy policy() {
        auto p = policy_with_ttl(7 * 24h);
        p.idempotency_ttl = kKeyTtl;
        return p;
    }
    long long keys() { return count_rows(test_db_.db(), "SELECT count(*) FROM idempotency_keys"); }
    long long peerings() { return count_rows(test_db_.db(), "SELECT count(*) FROM peerings"); }

    TestDatabase test_db_;
    Autocommit<PeeringRepository> repo_{test_db_.db(), policy()};
};

TEST_F(IdempotencyKeysTest, SameKeySameBodyReplaysTheCurrentStateWithoutASecondRow) {
    const auto first = repo_->create(create_command(1, 2, kProjectB), actor(kProjectA), kNow, key("k"));
    ASSERT_TRUE(succeeded(first));
    ASSERT_TRUE(succeeded(repo_->update(first->id, domain::UpdateCommand{"renamed", std::nullopt}, actor(kProjectA), kNow + 1min)));
    const auto again = repo_->create(create_command(1, 2, kProjectB), actor(kProjectA), kNow + 2min, key("k"));
    ASSERT_TRUE(succeeded(again));
    EXPECT_EQ(again->id, first->id);
    EXPECT_EQ(again->name, "renamed");  // the current state, not the stored original
    EXPECT_EQ(peerings(), 1);
    EXPECT_EQ(keys(), 1);
}

TEST_F(IdempotencyKeysTest, SameKeyAnotherBodyIsRefused) {
    ASSERT_TRUE(succeeded(repo_->create(create_command(1, 2, kProjectB), actor(kProjectA), kNow, key("k", "h1"))));
    EXPECT_TRUE(fails_with(repo_->create(create_command(3, 4, kProjectB), actor(kProjectA), kNow, key("k", "h2")),
                           ErrorCode::idempotency_key_reused));
    EXPECT_EQ(peerings(), 1);
}

TEST_F(IdempotencyKeysTest, KeysArePerProject) {
    const auto a = repo_->create(create_command(1, 2, ""), actor(kProjectA), kNow, key("k"));
    const auto b = repo_->create(create_command(3, 4, ""), actor(kProjectB), kNow, key("k"));
    ASSERT_TRUE(succeeded(a));
    ASSERT_TRUE(succeeded(b));
    EXPECT_NE(a->id, b->id);
    EXPECT_EQ(keys(), 2);
}

TEST_F(IdempotencyKeysTest, AFailedCreateRemembersNoKey) {
    ASSERT_TRUE(succeeded(repo_->create(create_command(1, 2, kProjectB), actor(kProjectA), kNow)));
    EXPECT_TRUE(fails_with(repo_->create(create_command(2, 1, kProjectB), actor(kProjectA), kNow, key("k")),
                           ErrorCode::peering_exists));
    EXPECT_TRUE(fails_with(repo_->create(create_command(5, 5, kProjectB), actor(kProjectA), kNow, key("k2")),
                           ErrorCode::same_vpc));
    EXPECT_EQ(keys(), 0);
}

TEST_F(IdempotencyKeysTest, ReplayOfADeletedPeeringIsNotFound) {
    const auto first = repo_->create(create_command(1, 2, kProjectB), actor(kProjectA), kNow, key("k"));
    ASSERT_TRUE(succeeded(first));
    ASSERT_TRUE(succeeded(repo_->remove(first->id, actor(kProjectA), kNow)));
    EXPECT_TRUE(fails_with(repo_->create(create_command(1, 2, kProjectB), actor(kProjectA), kNow, key("k")),
                           ErrorCode::not_found));
}

TEST_F(IdempotencyKeysTest, AKeyPastItsTtlIsIgnoredThenPrunedInBatches) {
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(succeeded(repo_->create(create_command(10 + 2 * i, 11 + 2 * i, ""), actor(kProjectA), kNow,
                                           key("k" + std::to_string(i)))));
    ASSERT_TRUE(succeeded(repo_->create(create_command(1, 2, ""), actor(kProjectA), kNow + 1h, key("young"))));
    // Expired: the same key now starts a new create (another pair, so it can succeed).
    const auto reused = repo_->create(create_command(30, 31, ""), actor(kProjectA), kNow + kKeyTtl + 1s, key("k0", "other"));
    ASSERT_TRUE(succeeded(reused));
    EXPECT_EQ(keys(), 6);  // k0 replaced in place
    const auto later = kNow + kKeyTtl + 2s;
    EXPECT_EQ(repo_->prune_idempotency_keys(later, 2).value(), 2u);
    EXPECT_EQ(repo_->prune_idempotency_keys(later, 2).value(), 2u);
    EXPECT_EQ(repo_->prune_idempotency_keys(later, 2).value(), 0u);  // k0 (renewed) and "young" stay
    EXPECT_EQ(keys(), 2);
}

}  // namespace
}  // namespace peeringd::storage::test
