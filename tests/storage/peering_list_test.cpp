// PeeringRepository::list (spec §3.2, §8): visibility, every filter, ascending id order and
// keyset pagination in both directions.
#include "storage/peering_repository.hpp"
#include "tests/storage/storage_test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace peeringd::storage::test {
namespace {

using domain::PeeringStatus;

constexpr std::chrono::seconds kTtl = 1h;
const domain::Timestamp kAfterDeadline = kNow + 2h;

class PeeringListTest : public ::testing::Test {
protected:
    std::string create(int request, int accept, const std::string& requester,
                       const std::string& accepter, const std::string& name = "peering",
                       domain::Timestamp now = kNow) {
        auto r = repo_->create(create_command(request, accept, accepter, name), actor(requester), now);
        EXPECT_TRUE(succeeded(r));
        return r.value().id;
    }

    ListPage list(const ListQuery& query, domain::Timestamp now = kNow) {
        auto r = repo_.bare().list(query, now);
        EXPECT_TRUE(succeeded(r));
        return r.value();
    }

    std::vector<std::string> listed_ids(const ListQuery& query, domain::Timestamp now = kNow) {
        return ids_of(list(query, now).items);
    }

    static std::vector<std::string> sorted(std::vector<std::string> ids) {
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    static ListQuery with_statuses(std::vector<PeeringStatus> statuses) {
        ListQuery q;
        q.statuses = std::move(statuses);
        q.status_filter_given = true;
        return q;
    }

    TestDatabase test_db_;
    Autocommit<PeeringRepository> repo_{test_db_.db(), policy_with_ttl(kTtl)};
};

/// Seven same-project peerings of project A, their ids in ascending order.
class PeeringPaginationTest : public PeeringListTest {
protected:
    void SetUp() override {
        for (int i = 0; i < 7; ++i) ids_.push_back(create(2 * i + 1, 2 * i + 2, kProjectA, ""));
        // Someone else's peerings are interleaved in id order but never visible to A.
        for (int i = 0; i < 5; ++i) create(100 + 2 * i, 101 + 2 * i, kProjectC, "");
        ids_ = sorted(ids_);
    }

    ListQuery page(std::optional<std::string> marker, std::size_t limit, bool reverse = false) const {
        ListQuery q;
        q.visible_to = kProjectA;
        q.marker = std::move(marker);
        q.limit = limit;
        q.page_reverse = reverse;
        return q;
    }

    std::vector<std::string> slice(std::size_t from, std::size_t to) const {
        return {ids_.begin() + static_cast<std::ptrdiff_t>(from),
                ids_.begin() + static_cast<std::ptrdiff_t>(to)};
    }

    std::vector<std::string> ids_;
};

// --- visibility and order ------------------------------------------------------------------------

TEST_F(PeeringListTest, VisibleToShowsPartiesOnly) {
    const auto a_to_b = create(1, 2, kProjectA, kProjectB);
    const auto c_own = create(3, 4, kProjectC, "");
    const auto a_own = create(5, 6, kProjectA, "");
    const auto b_to_c = create(7, 8, kProjectB, kProjectC);

    ListQuery q;
    q.visible_to = kProjectA;
    EXPECT_EQ(listed_ids(q), sorted({a_to_b, a_own}));
    q.visible_to = kProjectB;
    EXPECT_EQ(listed_ids(q), sorted({a_to_b, b_to_c}));
    q.visible_to = kProjectC;
    EXPECT_EQ(listed_ids(q), sorted({c_own, b_to_c}));
    q.visible_to = kProjectD;
    EXPECT_TRUE(listed_ids(q).empty());
    q.visible_to = std::nullopt;  // admin
    EXPECT_EQ(listed_ids(q), sorted({a_to_b, c_own, a_own, b_to_c}));
}

TEST_F(PeeringListTest, ItemsComeInAscendingIdOrder) {
    std::vector<std::string> ids;
    for (int i = 0; i < 30; ++i) ids.push_back(create(2 * i + 1, 2 * i + 2, kProjectA, ""));

    EXPECT_EQ(listed_ids(ListQuery{}), sorted(ids));
}

TEST_F(PeeringListTest, ItemsCarryEveryField) {
    auto cmd = create_command(1, 2, kProjectB, "full");
    cmd.description = "described";
    const auto created = repo_->create(cmd, actor(kProjectA), kNow);
    ASSERT_TRUE(succeeded(created));

    const auto page = list(ListQuery{});

    ASSERT_EQ(page.items.size(), 1U);
    EXPECT_EQ(page.items[0], created.value());
    EXPECT_FALSE(page.more_after);
    EXPECT_FALSE(page.more_before);
}

TEST_F(PeeringListTest, DeletedPeeringsAreNeverListed) {
    const auto kept = create(1, 2, kProjectA, kProjectB);
    const auto gone = create(3, 4, kProjectA, kProjectB);
    ASSERT_TRUE(succeeded(repo_->remove(gone, actor(kProjectB), kNow)));

    EXPECT_EQ(listed_ids(ListQuery{}), std::vector<std::string>{kept});
    ListQuery by_id;
    by_id.ids = {gone};
    EXPECT_TRUE(listed_ids(by_id).empty());
    EXPECT_TRUE(listed_ids(with_statuses({PeeringStatus::deleted})).empty());
}

// --- filters -------------------------------------------------------------------------------------

TEST_F(PeeringListTest, FilterByIds) {
    const auto first = create(1, 2, kProjectA, "");
    create(3, 4, kProjectA, "");
    const auto third = create(5, 6, kProjectA, "");
    const auto foreign = create(7, 8, kProjectC, "");

    ListQuery q;
    q.ids = {third, first, "00000000-0000-4000-8000-000000000000"};
    EXPECT_EQ(listed_ids(q), sorted({first, third}));

    q.ids = {foreign};
    q.visible_to = kProjectA;
    EXPECT_TRUE(listed_ids(q).empty());
}

TEST_F(PeeringListTest, FilterByNamesMatchesAnyOfThem) {
    const auto alpha1 = create(1, 2, kProjectA, "", "alpha");
    const auto alpha2 = create(3, 4, kProjectA, "", "alpha");
    create(5, 6, kProjectA, "", "beta");
    const auto gamma = create(7, 8, kProjectA, "", "gamma");

    ListQuery q;
    q.names = {"alpha", "gamma"};
    EXPECT_EQ(listed_ids(q), sorted({alpha1, alpha2, gamma}));
    q.names = {"ALPHA"};  // exact match
    EXPECT_TRUE(listed_ids(q).empty());
}

TEST_F(PeeringListTest, FilterByStatuses) {
    const auto active = create(1, 2, kProjectA, "");
    const auto pending = create(3, 4, kProjectA, kProjectB);
    const auto rejected = create(5, 6, kProjectA, kProjectB);
    ASSERT_TRUE(succeeded(repo_->reject(rejected, actor(kProjectB), kNow)));

    EXPECT_EQ(listed_ids(with_statuses({PeeringStatus::active})), std::vector<std::string>{active});
    EXPECT_EQ(listed_ids(with_statuses({PeeringStatus::pending_acceptance})),
              std::vector<std::string>{pending});
    EXPECT_EQ(listed_ids(with_statuses({PeeringStatus::active, PeeringStatus::rejected})),
              sorted({active, rejected}));
    EXPECT_TRUE(listed_ids(with_statuses({PeeringStatus::expired})).empty());
    EXPECT_TRUE(listed_ids(with_statuses({PeeringStatus::deleted})).empty());
}

TEST_F(PeeringListTest, GivenStatusFilterWithoutKnownValuesMatchesNothing) {
    create(1, 2, kProjectA, "");
    create(3, 4, kProjectA, kProjectB);

    EXPECT_TRUE(listed_ids(with_statuses({})).empty());
    // Not given: no status condition at all, even with an empty vector.
    EXPECT_EQ(listed_ids(ListQuery{}).size(), 2U);
}

TEST_F(PeeringListTest, ExpiredFilterMatchesDuePendingRows) {
    const auto due = create(1, 2, kProjectA, kProjectB, "due", kNow);
    const auto fresh = create(3, 4, kProjectA, kProjectB, "fresh", kNow + 90min);
    const auto swept = create(5, 6, kProjectA, kProjectB, "swept", kNow - 2h);
    ASSERT_EQ(repo_->expire_due(kNow, 10).value(), 1U);  // only `swept` is due at kNow

    const auto expired = list(with_statuses({PeeringStatus::expired}), kAfterDeadline);
    const auto pending = list(with_statuses({PeeringStatus::pending_acceptance}), kAfterDeadline);

    EXPECT_EQ(ids_of(expired.items), sorted({due, swept}));
    for (const auto& p : expired.items) EXPECT_EQ(p.status, PeeringStatus::expired) << p.name;
    EXPECT_EQ(ids_of(pending.items), std::vector<std::string>{fresh});
    EXPECT_EQ(pending.items[0].status, PeeringStatus::pending_acceptance);
    // Reading did not persist anything.
    EXPECT_EQ(stored_row(test_db_.db(), due)->status, "PENDING_ACCEPTANCE");
}

TEST_F(PeeringListTest, UnfilteredListShowsDuePendingAsExpired) {
    const auto due = create(1, 2, kProjectA, kProjectB);

    const auto page = list(ListQuery{}, kAfterDeadline);

    ASSERT_EQ(page.items.size(), 1U);
    EXPECT_EQ(page.items[0].id, due);
    EXPECT_EQ(page.items[0].status, PeeringStatus::expired);
    EXPECT_EQ(page.items[0].updated_at, kNow + kTtl);
    EXPECT_FALSE(page.items[0].expires_at.has_value());
}

TEST_F(PeeringListTest, TenantIdFilterMatchesEitherSide) {
    const auto a_to_b = create(1, 2, kProjectA, kProjectB);
    const auto b_to_c = create(3, 4, kProjectB, kProjectC);
    const auto c_own = create(5, 6, kProjectC, "");
    create(7, 8, kProjectD, "");

    ListQuery q;
    q.tenant_ids = {kProjectB};
    EXPECT_EQ(listed_ids(q), sorted({a_to_b, b_to_c}));
    q.tenant_ids = {kProjectC, kProjectA};
    EXPECT_EQ(listed_ids(q), sorted({a_to_b, b_to_c, c_own}));
    // Combined with visibility: B sees only its own even when asking for C's.
    q.tenant_ids = {kProjectC};
    q.visible_to = kProjectB;
    EXPECT_EQ(listed_ids(q), std::vector<std::string>{b_to_c});
}

TEST_F(PeeringListTest, VpcIdFilterMatchesEitherSide) {
    const auto one_two = create(1, 2, kProjectA, kProjectB);
    const auto three_one = create(3, 1, kProjectA, "");
    const auto four_five = create(4, 5, kProjectA, "");

    ListQuery q;
    q.vpc_ids = {vpc(1)};
    EXPECT_EQ(listed_ids(q), sorted({one_two, three_one}));
    q.vpc_ids = {vpc(2)};
    EXPECT_EQ(listed_ids(q), std::vector<std::string>{one_two});
    q.vpc_ids = {vpc(2), vpc(5)};
    EXPECT_EQ(listed_ids(q), sorted({one_two, four_five}));
    q.vpc_ids = {vpc(99)};
    EXPECT_TRUE(listed_ids(q).empty());
}

TEST_F(PeeringListTest, DifferentFiltersCombineWithAnd) {
    const auto wanted = create(1, 2, kProjectA, "", "web");
    create(3, 4, kProjectA, kProjectB, "web");       // pending
    create(5, 6, kProjectC, "", "web");              // other tenant
    create(7, 8, kProjectA, "", "db");               // other name

    ListQuery q = with_statuses({PeeringStatus::active});
    q.names = {"web"};
    q.tenant_ids = {kProjectA};
    EXPECT_EQ(listed_ids(q), std::vector<std::string>{wanted});
    q.vpc_ids = {vpc(2)};
    EXPECT_EQ(listed_ids(q), std::vector<std::string>{wanted});
    q.vpc_ids = {vpc(8)};
    EXPECT_TRUE(listed_ids(q).empty());
}

// --- pagination ----------------------------------------------------------------------------------

TEST_F(PeeringPaginationTest, FirstPageReportsMoreAfter) {
    const auto p = list(page(std::nullopt, 3));

    EXPECT_EQ(ids_of(p.items), slice(0, 3));
    EXPECT_TRUE(p.more_after);
    EXPECT_FALSE(p.more_before);
}

TEST_F(PeeringPaginationTest, WholeSetOnOnePageHasNoNeighbours) {
    const auto p = list(page(std::nullopt, 7));

    EXPECT_EQ(ids_of(p.items), ids_);
    EXPECT_FALSE(p.more_after);
    EXPECT_FALSE(p.more_before);
}

TEST_F(PeeringPaginationTest, MarkerContinuesAfterItself) {
    const auto middle = list(page(ids_[2], 3));
    EXPECT_EQ(ids_of(middle.items), slice(3, 6));
    EXPECT_TRUE(middle.more_after);
    EXPECT_TRUE(middle.more_before);

    const auto last = list(page(ids_[5], 3));
    EXPECT_EQ(ids_of(last.items), slice(6, 7));
    EXPECT_FALSE(last.more_after);
    EXPECT_TRUE(last.more_before);

    const auto beyond = list(page(ids_[6], 3));
    EXPECT_TRUE(beyond.items.empty());
    EXPECT_FALSE(beyond.more_after);
}

TEST_F(PeeringPaginationTest, LimitOneWalksEveryItemOnce) {
    std::vector<std::string> walked;
    std::optional<std::string> marker;
    for (int guard = 0; guard < 20; ++guard) {
        const auto p = list(page(marker, 1));
        ASSERT_EQ(p.items.size(), 1U);
        walked.push_back(p.items[0].id);
        EXPECT_EQ(p.more_before, marker.has_value());
        if (!p.more_after) break;
        marker = p.items[0].id;
    }
    EXPECT_EQ(walked, ids_);
}

TEST_F(PeeringPaginationTest, ReversePageReturnsItemsBeforeMarkerAscending) {
    const auto middle = list(page(ids_[5], 3, true));
    EXPECT_EQ(ids_of(middle.items), slice(2, 5));
    EXPECT_TRUE(middle.more_before);
    EXPECT_TRUE(middle.more_after);

    const auto first = list(page(ids_[2], 3, true));
    EXPECT_EQ(ids_of(first.items), slice(0, 2));
    EXPECT_FALSE(first.more_before);
    EXPECT_TRUE(first.more_after);

    const auto exact = list(page(ids_[3], 3, true));
    EXPECT_EQ(ids_of(exact.items), slice(0, 3));
    EXPECT_FALSE(exact.more_before);
    EXPECT_TRUE(exact.more_after);

    const auto before_first = list(page(ids_[0], 3, true));
    EXPECT_TRUE(before_first.items.empty());
}

TEST_F(PeeringPaginationTest, ReversePageWithoutMarkerEndsAtTheLastItem) {
    const auto p = list(page(std::nullopt, 2, true));

    EXPECT_EQ(ids_of(p.items), slice(5, 7));
    EXPECT_TRUE(p.more_before);
    EXPECT_FALSE(p.more_after);
}

TEST_F(PeeringPaginationTest, MarkerOfDeletedPeeringIsUsedPositionally) {
    ASSERT_TRUE(succeeded(repo_->remove(ids_[3], actor(kProjectA), kNow)));

    const auto forward = list(page(ids_[3], 10));
    EXPECT_EQ(ids_of(forward.items), slice(4, 7));
    EXPECT_TRUE(forward.more_before);
    EXPECT_FALSE(forward.more_after);

    const auto backward = list(page(ids_[3], 10, true));
    EXPECT_EQ(ids_of(backward.items), slice(0, 3));
    EXPECT_FALSE(backward.more_before);
    EXPECT_TRUE(backward.more_after);
}

TEST_F(PeeringPaginationTest, MarkerOfUnknownIdIsUsedPositionally) {
    const std::string lowest = "00000000-0000-0000-0000-000000000000";
    const std::string highest = "ffffffff-ffff-ffff-ffff-ffffffffffff";

    EXPECT_EQ(ids_of(list(page(lowest, 10)).items), ids_);
    EXPECT_TRUE(list(page(highest, 10)).items.empty());
    EXPECT_EQ(ids_of(list(page(highest, 10, true)).items), ids_);
    EXPECT_TRUE(list(page(lowest, 10, true)).items.empty());
}

TEST_F(PeeringPaginationTest, NeighboursCountOnlyMatchingItems) {
    // Filtered to the first two of A's peerings: nothing visible follows the page.
    ListQuery q = page(std::nullopt, 1);
    q.ids = {ids_[0], ids_[1]};
    const auto first = list(q);
    EXPECT_EQ(ids_of(first.items), slice(0, 1));
    EXPECT_TRUE(first.more_after);

    q.marker = ids_[0];
    const auto second = list(q);
    EXPECT_EQ(ids_of(second.items), slice(1, 2));
    EXPECT_FALSE(second.more_after);
    EXPECT_TRUE(second.more_before);
}

}  // namespace
}  // namespace peeringd::storage::test
