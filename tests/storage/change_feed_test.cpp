// The change feed in storage (docs/API.md "Change feed"): revisions stamped in the change's
// transaction, If-Match preconditions, per-row snapshots, the feed's visibility and positions,
// and the retention rules behind 410.
#include "storage/migrator.hpp"
#include "storage/peering_repository.hpp"
#include "tests/storage/storage_test_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

namespace peeringd::storage::test {
namespace {

using domain::ErrorCode;
using domain::PeeringStatus;

constexpr std::chrono::seconds kTtl = 1h;
const std::optional<std::string> kAdmin;  // nullopt scope: every project

class ChangeFeedTest : public ::testing::Test {
protected:
    domain::Peering create(int request, int accept, const std::string& from, const std::string& to,
                           domain::Timestamp now = kNow) {
        auto r = repo_->create(create_command(request, accept, to), actor(from), now);
        EXPECT_TRUE(succeeded(r));
        return r.value();
    }
    std::int64_t stored_revision(const std::string& id) {
        auto s = db().prepare("SELECT revision FROM peerings WHERE id = ?");
        s->bind(1, id);
        return s->executeStep() ? s->getColumn(0).getInt64() : -1;
    }
    /// One retention pass as the pruner runs it: steps from the start until no cursor comes
    /// back. Returns the rows each step deleted; every cursor must lie after the one before.
    std::vector<std::size_t> prune_pass(domain::Timestamp cutoff, std::size_t batch) {
        std::vector<std::size_t> steps;
        storage::HistoryCursor cursor;
        for (int i = 0; i < 100; ++i) {
            const auto step = repo_->prune_history(cutoff, batch, cursor);
            EXPECT_TRUE(succeeded(step));
            if (!step) break;
            steps.push_back(step->pruned);
            if (!step->resume) break;
            EXPECT_GT(std::tie(step->resume->changed_at, step->resume->revision),
                      std::tie(cursor.changed_at, cursor.revision));
            cursor = *step->resume;
        }
        return steps;
    }
    FeedPage feed(std::int64_t since, std::size_t limit, const std::optional<std::string>& scope) {
        auto page = repo_.bare().changes_since(since, limit, scope);
        EXPECT_TRUE(succeeded(page));
        return page ? *page : FeedPage{};
    }
    sql::Session& db() { return test_db_.db(); }

    TestDatabase test_db_;
    Autocommit<PeeringRepository> repo_{test_db_.db(), policy_with_ttl(kTtl)};
};

std::vector<std::int64_t> revisions_of(const FeedPage& page) {
    std::vector<std::int64_t> out;
    for (const auto& c : page.changes) out.push_back(c.revision);
    return out;
}

TEST_F(ChangeFeedTest, EveryChangeStampsANewRevisionOnTheRow) {
    const auto p = create(1, 2, kProjectA, kProjectB);
    EXPECT_GT(p.revision, 0);
    EXPECT_EQ(stored_revision(p.id), p.revision);
    domain::UpdateCommand rename;
    rename.name = "renamed";
    const auto updated = repo_->update(p.id, rename, actor(kProjectA), kNow + 1s).value();
    EXPECT_GT(updated.revision, p.revision);
    const auto accepted = repo_->accept(p.id, actor(kProjectB), kNow + 2s).value();
    EXPECT_GT(accepted.revision, updated.revision);
    EXPECT_EQ(stored_revision(p.id), accepted.revision);
    EXPECT_EQ(repo_.bare().find(p.id, kProjectA, kNow + 3s).value().revision, accepted.revision);
    EXPECT_EQ(repo_.bare().head_revision().value(), accepted.revision);
}

TEST_F(ChangeFeedTest, ExpirySweepIsAChangeWithItsOwnRevision) {
    const auto p = create(1, 2, kProjectA, kProjectB);
    ASSERT_EQ(repo_->expire_due(kNow + 2h, 100).value(), 1u);
    const auto history = repo_.bare().history(p.id, kProjectB).value();
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[1].action, "expire");
    EXPECT_TRUE(history[1].actor_project.empty());
    EXPECT_EQ(history[1].to, PeeringStatus::expired);
    EXPECT_EQ(stored_revision(p.id), history[1].revision);
}

TEST_F(ChangeFeedTest, StaleIfMatchChangesNothing) {
    const auto p = create(1, 2, kProjectA, kProjectB);
    domain::UpdateCommand rename;
    rename.name = "renamed";
    EXPECT_TRUE(fails_with(repo_->update(p.id, rename, actor(kProjectA), kNow, p.revision + 1),
                           ErrorCode::precondition_failed));
    EXPECT_TRUE(fails_with(repo_->accept(p.id, actor(kProjectB), kNow, p.revision + 1),
                           ErrorCode::precondition_failed));
    EXPECT_TRUE(fails_with(repo_->remove(p.id, actor(kProjectA), kNow, p.revision + 1),
                           ErrorCode::precondition_failed));
    EXPECT_EQ(repo_.bare().head_revision().value(), p.revision);
    // A non-party still gets not_found first: the precondition reveals nothing.
    EXPECT_TRUE(fails_with(repo_->update(p.id, rename, actor(kProjectC), kNow, p.revision + 1),
                           ErrorCode::not_found));
    const auto updated = repo_->update(p.id, rename, actor(kProjectA), kNow, p.revision);
    ASSERT_TRUE(succeeded(updated));
    EXPECT_EQ(updated->name, "renamed");
}

TEST_F(ChangeFeedTest, EventsCarryThePeeringAsItWasAfterEachChange) {
    const auto p = create(1, 2, kProjectA, kProjectB);
    domain::UpdateCommand rename;
    rename.name = "second";
    ASSERT_TRUE(succeeded(repo_->update(p.id, rename, actor(kProjectA), kNow + 1s)));
    ASSERT_TRUE(succeeded(repo_->accept(p.id, actor(kProjectB), kNow + 2s)));
    ASSERT_TRUE(succeeded(repo_->remove(p.id, actor(kProjectB), kNow + 3s)));
    const auto page = feed(0, 10, kAdmin);
    ASSERT_EQ(page.changes.size(), 4u);
    EXPECT_EQ(page.changes[0].peering.name, "peering");
    EXPECT_EQ(page.changes[0].peering.status, PeeringStatus::pending_acceptance);
    EXPECT_EQ(page.changes[0].peering.expires_at, kNow + kTtl);
    EXPECT_EQ(page.changes[1].peering.name, "second");
    EXPECT_EQ(page.changes[1].peering.status, PeeringStatus::pending_acceptance);
    EXPECT_EQ(page.changes[2].peering.status, PeeringStatus::active);
    EXPECT_EQ(page.changes[2].from, PeeringStatus::pending_acceptance);
    EXPECT_EQ(page.changes[3].action, "delete");
    EXPECT_EQ(page.changes[3].peering.status, PeeringStatus::deleted);
    EXPECT_EQ(page.changes[3].peering.updated_at, kNow + 3s);
    for (const auto& c : page.changes) {
        EXPECT_EQ(c.peering.revision, c.revision);
        EXPECT_EQ(c.peering.request, p.request);
        EXPECT_EQ(c.peering.accept, p.accept);
    }
    EXPECT_EQ(page.changes[2].actor_project, kProjectB);
    EXPECT_EQ(page.changes[2].request_id, "req-test");
}

TEST_F(ChangeFeedTest, ProjectsSeeOnlyTheirPeeringsAndSkipTheRest) {
    const auto ab = create(1, 2, kProjectA, kProjectB);
    const auto cd = create(3, 4, kProjectC, kProjectD);
    const auto bc = create(5, 6, kProjectB, kProjectC);
    EXPECT_EQ(revisions_of(feed(0, 10, kProjectA)), (std::vector{ab.revision}));
    EXPECT_EQ(revisions_of(feed(0, 10, kProjectB)), (std::vector{ab.revision, bc.revision}));
    EXPECT_EQ(revisions_of(feed(0, 10, kAdmin)), (std::vector{ab.revision, cd.revision, bc.revision}));
    // A's position moves past the changes it may not see: the head, not its last event.
    EXPECT_EQ(feed(0, 10, kProjectA).next_since, bc.revision);
    EXPECT_TRUE(feed(bc.revision, 10, kProjectA).changes.empty());
    EXPECT_EQ(feed(bc.revision, 10, kProjectA).next_since, bc.revision);
}

TEST_F(ChangeFeedTest, FullPagesContinueFromTheirLastEvent) {
    std::vector<std::int64_t> all;
    for (int i = 0; i < 5; ++i) all.push_back(create(10 + 2 * i, 11 + 2 * i, kProjectA, kProjectB).revision);
    std::vector<std::int64_t> seen;
    std::int64_t since = 0;
    for (int pages = 0; pages < 10; ++pages) {
        const auto page = feed(since, 2, kProjectB);
        for (auto r : revisions_of(page)) seen.push_back(r);
        EXPECT_GE(page.next_since, since);
        since = page.next_since;
        if (page.changes.size() < 2) break;
    }
    EXPECT_EQ(seen, all);
}

TEST_F(ChangeFeedTest, PositionsBeyondTheHeadAreGone) {
    const auto p = create(1, 2, kProjectA, kProjectB);
    EXPECT_TRUE(succeeded(repo_.bare().changes_since(p.revision, 10, kAdmin)));
    EXPECT_TRUE(fails_with(repo_.bare().changes_since(p.revision + 1, 10, kAdmin), ErrorCode::revision_gone));
}

TEST_F(ChangeFeedTest, PruningKeepsTheNewestChangeOfLivePeerings) {
    const auto live = create(1, 2, kProjectA, kProjectB);
    const auto live_accepted = repo_->accept(live.id, actor(kProjectB), kNow + 1s).value();
    const auto gone = create(3, 4, kProjectA, kProjectB);
    ASSERT_TRUE(succeeded(repo_->remove(gone.id, actor(kProjectA), kNow + 2s)));
    const auto young = create(5, 6, kProjectA, kProjectB, kNow + 1h);
    const auto gone_revision = repo_.bare().head_revision().value() - 1;  // the delete, before `young`

    // Everything before kNow + 30min is old: the create of `live`, both rows of `gone`.
    const auto pruned = repo_->prune_history(kNow + 30min, 1000);
    ASSERT_TRUE(succeeded(pruned));
    EXPECT_EQ(pruned->pruned, 3u);
    EXPECT_FALSE(pruned->resume);  // it saw all four old rows: the pass is over
    EXPECT_EQ(history_of(db(), live.id).size(), 1u);  // its newest change (the accept) stays
    EXPECT_TRUE(history_of(db(), gone.id).empty());
    EXPECT_FALSE(stored_row(db(), gone.id));  // the tombstone went with its history
    EXPECT_EQ(history_of(db(), young.id).size(), 1u);

    // Positions below the highest pruned revision may have missed a change: 410.
    EXPECT_TRUE(fails_with(repo_.bare().changes_since(0, 10, kAdmin), ErrorCode::revision_gone));
    EXPECT_TRUE(fails_with(repo_.bare().changes_since(gone_revision - 1, 10, kAdmin), ErrorCode::revision_gone));
    const auto page = feed(gone_revision, 10, kAdmin);
    EXPECT_EQ(revisions_of(page), (std::vector{young.revision}));
    // The retained accept is still readable through the history.
    const auto history = repo_.bare().history(live.id, kProjectA).value();
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].revision, live_accepted.revision);
}

TEST_F(ChangeFeedTest, PruningWorksInBoundedBatches) {
    for (int i = 0; i < 5; ++i) {
        const auto p = create(10 + 2 * i, 11 + 2 * i, kProjectA, kProjectB);
        ASSERT_TRUE(succeeded(repo_->remove(p.id, actor(kProjectA), kNow)));
    }
    EXPECT_EQ(prune_pass(kNow + 1h, 4), (std::vector<std::size_t>{4, 4, 2}));
    EXPECT_EQ(count_rows(db(), "SELECT count(*) FROM peering_history"), 0);
    EXPECT_EQ(count_rows(db(), "SELECT pruned_through FROM feed_meta"), repo_.bare().head_revision().value());
    // Nothing is left to miss from the head on.
    EXPECT_TRUE(succeeded(repo_.bare().changes_since(repo_.bare().head_revision().value(), 10, kAdmin)));
}

// Old rows that must stay (the newest change of live peerings) still count against a step's
// batch: a step never reads more than `batch` rows, and the pass goes on past them.
TEST_F(ChangeFeedTest, PruningStepsPastRowsThatMustStay) {
    std::vector<std::string> live;
    for (int i = 0; i < 6; ++i) live.push_back(create(10 + 2 * i, 11 + 2 * i, kProjectA, kProjectB).id);
    std::vector<std::string> gone;
    for (int i = 0; i < 3; ++i) {
        const auto p = create(40 + 2 * i, 41 + 2 * i, kProjectA, kProjectB, kNow + 1s);
        ASSERT_TRUE(succeeded(repo_->remove(p.id, actor(kProjectA), kNow + 2s)));
        gone.push_back(p.id);
    }
    // 6 kept rows (3 steps that delete nothing), then 3 creates and 3 deletes, then the end.
    EXPECT_EQ(prune_pass(kNow + 1h, 2), (std::vector<std::size_t>{0, 0, 0, 2, 2, 2, 0}));
    for (const auto& id : live) EXPECT_EQ(history_of(db(), id).size(), 1u);
    for (const auto& id : gone) EXPECT_FALSE(stored_row(db(), id));
}

TEST_F(ChangeFeedTest, HistoryIsForPartiesAndAdminsAlsoAfterDelete) {
    const auto p = create(1, 2, kProjectA, kProjectB);
    ASSERT_TRUE(succeeded(repo_->remove(p.id, actor(kProjectB), kNow + 1s)));
    EXPECT_EQ(repo_.bare().history(p.id, kProjectA).value().size(), 2u);
    EXPECT_EQ(repo_.bare().history(p.id, kAdmin).value().size(), 2u);
    EXPECT_TRUE(fails_with(repo_.bare().history(p.id, kProjectC), ErrorCode::not_found));
    EXPECT_TRUE(fails_with(repo_.bare().history("00000000-0000-4000-8000-000000000000", kAdmin),
                           ErrorCode::not_found));
}

TEST_F(ChangeFeedTest, NoticesNameBothParties) {
    const auto p = create(1, 2, kProjectA, kProjectB);
    const auto q = create(3, 4, kProjectC, kProjectD);
    const auto notices = repo_.bare().notices_after(p.revision - 1).value();
    ASSERT_EQ(notices.size(), 2u);
    EXPECT_EQ(notices[0].revision, p.revision);
    EXPECT_EQ(notices[0].request_tenant, kProjectA);
    EXPECT_EQ(notices[0].accept_tenant, kProjectB);
    EXPECT_EQ(notices[1].revision, q.revision);
    EXPECT_TRUE(repo_.bare().notices_after(q.revision).value().empty());
}

TEST_F(ChangeFeedTest, ListReportsTheHeadOfItsSnapshot) {
    create(1, 2, kProjectA, kProjectB);
    const auto last = create(3, 4, kProjectC, kProjectD);
    ListQuery query;
    query.visible_to = kProjectA;
    const auto page = repo_.bare().list(query, kNow).value();
    EXPECT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.head_revision, last.revision);
}

TEST(ChangeFeedMigration, BackfillsRevisionsAndSnapshotsOfExistingRows) {
    SKIP_ON_POSTGRESQL();
    peeringd::test::TempDir dir;
    auto db = std::make_unique<SQLite::Database>((dir.path() / "old.db").string(),
                                                 SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    const auto all = migrations::embedded_migrations();
    ASSERT_GE(all.size(), 5u);
    ASSERT_EQ(migrate(*db, all.first(4)), 4);  // a database from before the change feed
    db->exec(
        "INSERT INTO peerings (id, name, description, status, request_vpc_id, request_tenant_id, "
        "accept_vpc_id, accept_tenant_id, created_at, updated_at) VALUES ('p1', 'old', 'd', "
        "'ACTIVE', 'v1', 'a', 'v2', 'b', '2026-01-01T00:00:00', '2026-01-01T00:01:00');"
        "INSERT INTO peering_history (peering_id, action, from_status, to_status, changed_at) "
        "VALUES ('p1', 'create', NULL, 'PENDING_ACCEPTANCE', '2026-01-01T00:00:00'), "
        "('p1', 'accept', 'PENDING_ACCEPTANCE', 'ACTIVE', '2026-01-01T00:01:00');");
    ASSERT_EQ(migrate(*db), latest_schema_version());
    sql::SqliteSession session{std::move(db)};
    PeeringRepository repo{session, RepositoryPolicy{}};
    EXPECT_EQ(repo.find("p1", std::nullopt, kNow).value().revision, 2);
    const auto history = repo.history("p1", std::nullopt).value();
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].peering.name, "old");
    EXPECT_EQ(history[0].peering.status, PeeringStatus::pending_acceptance);
    EXPECT_EQ(history[1].peering.updated_at, at("2026-01-01T00:01:00"));
    EXPECT_EQ(repo.changes_since(0, 10, std::nullopt).value().next_since, 2);
}

}  // namespace
}  // namespace peeringd::storage::test
