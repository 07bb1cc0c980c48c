// PeeringRepository use cases over a real SQLite file (spec §5, §6.4, §6.5): transitions and
// their errors, history rows, tombstones, lazy and swept expiry, pair uniqueness, quotas.
#include "storage/peering_repository.hpp"
#include "tests/storage/storage_test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>

namespace peeringd::storage::test {
namespace {

using domain::ErrorCode;
using domain::PeeringStatus;

constexpr std::chrono::seconds kTtl = 1h;
const domain::Timestamp kDeadline = kNow + kTtl;
const domain::Timestamp kLater = kNow + 10min;
const domain::Timestamp kAfterDeadline = kNow + 2h;

class PeeringRepositoryTest : public ::testing::Test {
protected:
    /// A repository with other settings over the same connection.
    Autocommit<PeeringRepository> repository(RepositoryPolicy policy) {
        return Autocommit<PeeringRepository>{test_db_.db(), std::move(policy)};
    }

    /// A -> B pending peering between vpc(request) and vpc(accept).
    domain::Peering create_pending(int request, int accept, domain::Timestamp now = kNow) {
        auto r = repo_->create(create_command(request, accept, kProjectB), actor(kProjectA), now);
        EXPECT_TRUE(succeeded(r));
        return r.value();
    }

    sql::Session& db() { return test_db_.db(); }

    TestDatabase test_db_;
    Autocommit<PeeringRepository> repo_{test_db_.db(), policy_with_ttl(kTtl)};
};

// --- create --------------------------------------------------------------------------------------

TEST_F(PeeringRepositoryTest, CreateInSameProjectIsActive) {
    const auto implied = repo_->create(create_command(1, 2, ""), actor(kProjectA), kNow);
    const auto stated = repo_->create(create_command(3, 4, kProjectA), actor(kProjectA), kNow);

    for (const auto* r : {&implied, &stated}) {
        ASSERT_TRUE(succeeded(*r));
        EXPECT_EQ(r->value().status, PeeringStatus::active);
        EXPECT_EQ(r->value().request.tenant_id, kProjectA);
        EXPECT_EQ(r->value().accept.tenant_id, kProjectA);
        EXPECT_FALSE(r->value().expires_at.has_value());
        const auto row = stored_row(db(), r->value().id);
        ASSERT_TRUE(row.has_value());
        EXPECT_EQ(row->status, "ACTIVE");
        EXPECT_FALSE(row->expires_at.has_value());
    }
}

TEST_F(PeeringRepositoryTest, CreateAcrossProjectsIsPendingWithDeadline) {
    const auto r = repo_->create(create_command(1, 2, kProjectB, "to-b"), actor(kProjectA), kNow);

    ASSERT_TRUE(succeeded(r));
    const auto& p = r.value();
    EXPECT_EQ(p.status, PeeringStatus::pending_acceptance);
    EXPECT_EQ(p.name, "to-b");
    EXPECT_EQ(p.request, (domain::VpcInfo{vpc(1), kProjectA}));
    EXPECT_EQ(p.accept, (domain::VpcInfo{vpc(2), kProjectB}));
    EXPECT_EQ(p.created_at, kNow);
    EXPECT_EQ(p.updated_at, kNow);
    EXPECT_EQ(p.expires_at, kDeadline);
    const auto row = stored_row(db(), p.id);
    ASSERT_TRUE(row.has_value());
    EXPECT_EQ(row->status, "PENDING_ACCEPTANCE");
    EXPECT_EQ(row->created_at, "2026-03-14T08:00:00");
    EXPECT_EQ(row->expires_at, "2026-03-14T09:00:00");
    EXPECT_FALSE(row->deleted_at.has_value());
}

TEST_F(PeeringRepositoryTest, CreateAssignsCanonicalUniqueTimeOrderedIds) {
    const auto wall_ms = [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    };
    const auto before = wall_ms();
    const auto first = create_pending(1, 2);
    const auto second = create_pending(3, 4);
    const auto after = wall_ms();

    for (const auto& id : {first.id, second.id}) {
        ASSERT_EQ(id.size(), 36U) << id;
        for (std::size_t i = 0; i < id.size(); ++i) {
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                EXPECT_EQ(id[i], '-') << id;
            } else {
                EXPECT_TRUE((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')) << id;
            }
        }
        EXPECT_EQ(id[14], '7') << id;  // version 7 (docs/API.md)
        EXPECT_NE(std::string_view{"89ab"}.find(id[19]), std::string_view::npos) << id;  // variant
        // The first 48 bits are the creation time in Unix milliseconds.
        const auto ms = std::stoll(id.substr(0, 8) + id.substr(9, 4), nullptr, 16);
        EXPECT_GE(ms, before) << id;
        EXPECT_LE(ms, after) << id;
    }
    EXPECT_NE(first.id, second.id);
}

TEST_F(PeeringRepositoryTest, CreatePersistsWhatItReturns) {
    auto cmd = create_command(1, 2, kProjectB, "named");
    cmd.description = "with a description";
    const auto created = repo_->create(cmd, actor(kProjectA), kNow);
    ASSERT_TRUE(succeeded(created));

    const auto found = repo_.bare().find(created.value().id, std::nullopt, kNow);

    ASSERT_TRUE(succeeded(found));
    EXPECT_EQ(found.value(), created.value());
}

TEST_F(PeeringRepositoryTest, CreateWritesHistoryRow) {
    const auto r = repo_->create(create_command(1, 2, kProjectB), actor(kProjectA, "req-create"), kNow);
    ASSERT_TRUE(succeeded(r));

    const auto rows = history_of(db(), r.value().id);

    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0].action, "create");
    EXPECT_FALSE(rows[0].from_status.has_value());
    EXPECT_EQ(rows[0].to_status, "PENDING_ACCEPTANCE");
    EXPECT_EQ(rows[0].actor_project, kProjectA);
    EXPECT_EQ(rows[0].request_id, "req-create");
    EXPECT_EQ(rows[0].changed_at, "2026-03-14T08:00:00");
}

TEST_F(PeeringRepositoryTest, CreateRefusesInvalidCommandsWithoutWriting) {
    auto foreign = create_command(1, 2, kProjectB);
    foreign.request_tenant_id = kProjectC;
    EXPECT_TRUE(fails_with(repo_->create(foreign, actor(kProjectA), kNow),
                           ErrorCode::request_vpc_invalid));
    EXPECT_TRUE(fails_with(repo_->create(create_command(1, 1, kProjectB), actor(kProjectA), kNow),
                           ErrorCode::same_vpc));

    EXPECT_EQ(count_rows(db(), "SELECT count(*) FROM peerings"), 0);
    EXPECT_EQ(count_rows(db(), "SELECT count(*) FROM peering_history"), 0);
}

// --- find ----------------------------------------------------------------------------------------

TEST_F(PeeringRepositoryTest, FindShowsPartiesAndAdminOnly) {
    const auto p = create_pending(1, 2);

    EXPECT_TRUE(succeeded(repo_.bare().find(p.id, kProjectA, kNow)));
    EXPECT_TRUE(succeeded(repo_.bare().find(p.id, kProjectB, kNow)));
    EXPECT_TRUE(succeeded(repo_.bare().find(p.id, std::nullopt, kNow)));
    EXPECT_TRUE(fails_with(repo_.bare().find(p.id, kProjectC, kNow), ErrorCode::not_found));
    EXPECT_TRUE(fails_with(repo_.bare().find("00000000-0000-4000-8000-000000000000", std::nullopt, kNow),
                           ErrorCode::not_found));
}

// --- accept / reject -----------------------------------------------------------------------------

TEST_F(PeeringRepositoryTest, AccepterAcceptsPending) {
    const auto p = create_pending(1, 2);

    const auto r = repo_->accept(p.id, actor(kProjectB, "req-accept"), kLater);

    ASSERT_TRUE(succeeded(r));
    EXPECT_EQ(r.value().status, PeeringStatus::active);
    EXPECT_EQ(r.value().updated_at, kLater);
    EXPECT_EQ(r.value().created_at, kNow);
    EXPECT_FALSE(r.value().expires_at.has_value());
    const auto row = stored_row(db(), p.id);
    ASSERT_TRUE(row.has_value());
    EXPECT_EQ(row->status, "ACTIVE");
    EXPECT_EQ(row->updated_at, "2026-03-14T08:10:00");
    EXPECT_FALSE(row->expires_at.has_value());
    const auto rows = history_of(db(), p.id);
    ASSERT_EQ(rows.size(), 2U);
    EXPECT_EQ(rows[1].action, "accept");
    EXPECT_EQ(rows[1].from_status, "PENDING_ACCEPTANCE");
    EXPECT_EQ(rows[1].to_status, "ACTIVE");
    EXPECT_EQ(rows[1].actor_project, kProjectB);
    EXPECT_EQ(rows[1].request_id, "req-accept");
    EXPECT_EQ(rows[1].changed_at, "2026-03-14T08:10:00");
}

TEST_F(PeeringRepositoryTest, AccepterRejectsPending) {
    const auto p = create_pending(1, 2);

    const auto r = repo_->reject(p.id, actor(kProjectB, "req-reject"), kLater);

    ASSERT_TRUE(succeeded(r));
    EXPECT_EQ(r.value().status, PeeringStatus::rejected);
    EXPECT_FALSE(r.value().expires_at.has_value());
    const auto row = stored_row(db(), p.id);
    ASSERT_TRUE(row.has_value());
    EXPECT_EQ(row->status, "REJECTED");
    EXPECT_FALSE(row->expires_at.has_value());
    const auto rows = history_of(db(), p.id);
    ASSERT_EQ(rows.size(), 2U);
    EXPECT_EQ(rows[1].action, "reject");
    EXPECT_EQ(rows[1].from_status, "PENDING_ACCEPTANCE");
    EXPECT_EQ(rows[1].to_status, "REJECTED");
    EXPECT_EQ(rows[1].actor_project, kProjectB);
    EXPECT_EQ(rows[1].request_id, "req-reject");
}

TEST_F(PeeringRepositoryTest, RequesterCannotAnswerItsOwnRequest) {
    const auto p = create_pending(1, 2);

    EXPECT_TRUE(fails_with(repo_->accept(p.id, actor(kProjectA), kLater), ErrorCode::not_authorized));
    EXPECT_TRUE(fails_with(repo_->reject(p.id, actor(kProjectA), kLater), ErrorCode::not_authorized));

    EXPECT_EQ(stored_row(db(), p.id)->status, "PENDING_ACCEPTANCE");
    EXPECT_EQ(history_of(db(), p.id).size(), 1U);
}

TEST_F(PeeringRepositoryTest, NonPartyAnswerIsNotFound) {
    const auto p = create_pending(1, 2);

    EXPECT_TRUE(fails_with(repo_->accept(p.id, actor(kProjectC), kLater), ErrorCode::not_found));
    EXPECT_TRUE(fails_with(repo_->reject(p.id, actor(kProjectC), kLater), ErrorCode::not_found));
    EXPECT_TRUE(fails_with(repo_->accept("00000000-0000-4000-8000-000000000000", actor(kProjectB),
                                        kLater),
                           ErrorCode::not_found));

    EXPECT_EQ(stored_row(db(), p.id)->status, "PENDING_ACCEPTANCE");
}

TEST_F(PeeringRepositoryTest, AnsweringAnAnsweredPeeringIsStatusInvalid) {
    const auto accepted = create_pending(1, 2);
    const auto rejected = create_pending(3, 4);
    ASSERT_TRUE(succeeded(repo_->accept(accepted.id, actor(kProjectB), kLater)));
    ASSERT_TRUE(succeeded(repo_->reject(rejected.id, actor(kProjectB), kLater)));

    EXPECT_TRUE(fails_with(repo_->accept(accepted.id, actor(kProjectB), kLater), ErrorCode::status_invalid));
    EXPECT_TRUE(fails_with(repo_->reject(accepted.id, actor(kProjectB), kLater), ErrorCode::status_invalid));
    EXPECT_TRUE(fails_with(repo_->accept(rejected.id, actor(kProjectB), kLater), ErrorCode::status_invalid));
    EXPECT_TRUE(fails_with(repo_->reject(rejected.id, actor(kProjectB), kLater), ErrorCode::status_invalid));

    EXPECT_EQ(stored_row(db(), accepted.id)->status, "ACTIVE");
    EXPECT_EQ(stored_row(db(), rejected.id)->status, "REJECTED");
    EXPECT_EQ(history_of(db(), accepted.id).size(), 2U);
    EXPECT_EQ(history_of(db(), rejected.id).size(), 2U);
}

TEST_F(PeeringRepositoryTest, SameProjectActivePeeringCannotBeAnswered) {
    const auto r = repo_->create(create_command(1, 2, ""), actor(kProjectA), kNow);
    ASSERT_TRUE(succeeded(r));

    EXPECT_TRUE(fails_with(repo_->accept(r.value().id, actor(kProjectA), kLater), ErrorCode::status_invalid));
}

// --- update --------------------------------------------------------------------------------------

TEST_F(PeeringRepositoryTest, EitherPartyUpdatesNameAndDescription) {
    auto cmd = create_command(1, 2, kProjectB, "original");
    cmd.description = "first";
    const auto p = repo_->create(cmd, actor(kProjectA), kNow).value();

    domain::UpdateCommand rename;
    rename.name = "renamed";
    const auto by_accepter = repo_->update(p.id, rename, actor(kProjectB, "req-update"), kLater);
    ASSERT_TRUE(succeeded(by_accepter));
    EXPECT_EQ(by_accepter.value().name, "renamed");
    EXPECT_EQ(by_accepter.value().description, "first");
    EXPECT_EQ(by_accepter.value().status, PeeringStatus::pending_acceptance);
    EXPECT_EQ(by_accepter.value().updated_at, kLater);
    EXPECT_EQ(by_accepter.value().expires_at, kDeadline);

    domain::UpdateCommand describe;
    describe.description = "";
    const auto by_requester = repo_->update(p.id, describe, actor(kProjectA), kLater + 1s);
    ASSERT_TRUE(succeeded(by_requester));
    EXPECT_EQ(by_requester.value().name, "renamed");
    EXPECT_EQ(by_requester.value().description, "");

    const auto found = repo_.bare().find(p.id, std::nullopt, kLater + 1s);
    ASSERT_TRUE(succeeded(found));
    EXPECT_EQ(found.value(), by_requester.value());
    const auto rows = history_of(db(), p.id);
    ASSERT_EQ(rows.size(), 3U);
    EXPECT_EQ(rows[1].action, "update");
    EXPECT_EQ(rows[1].from_status, "PENDING_ACCEPTANCE");
    EXPECT_EQ(rows[1].to_status, "PENDING_ACCEPTANCE");
    EXPECT_EQ(rows[1].actor_project, kProjectB);
    EXPECT_EQ(rows[1].request_id, "req-update");
    EXPECT_EQ(rows[2].actor_project, kProjectA);
}

TEST_F(PeeringRepositoryTest, UpdateWorksInTerminalStatusAndHidesFromNonParties) {
    const auto p = create_pending(1, 2);
    ASSERT_TRUE(succeeded(repo_->reject(p.id, actor(kProjectB), kLater)));
    domain::UpdateCommand rename;
    rename.name = "still-here";

    EXPECT_TRUE(fails_with(repo_->update(p.id, rename, actor(kProjectC), kLater), ErrorCode::not_found));
    const auto r = repo_->update(p.id, rename, actor(kProjectA), kLater);

    ASSERT_TRUE(succeeded(r));
    EXPECT_EQ(r.value().status, PeeringStatus::rejected);
    EXPECT_EQ(r.value().name, "still-here");
}

// --- remove --------------------------------------------------------------------------------------

TEST_F(PeeringRepositoryTest, RemoveLeavesHiddenTombstoneWithHistory) {
    const auto p = create_pending(1, 2);

    ASSERT_TRUE(succeeded(repo_->remove(p.id, actor(kProjectB, "req-delete"), kLater)));

    const auto row = stored_row(db(), p.id);
    ASSERT_TRUE(row.has_value());
    EXPECT_EQ(row->status, "DELETED");
    EXPECT_EQ(row->deleted_at, "2026-03-14T08:10:00");
    EXPECT_FALSE(row->expires_at.has_value());
    const auto rows = history_of(db(), p.id);
    ASSERT_EQ(rows.size(), 2U);
    EXPECT_EQ(rows[1].action, "delete");
    EXPECT_EQ(rows[1].from_status, "PENDING_ACCEPTANCE");
    EXPECT_EQ(rows[1].to_status, "DELETED");
    EXPECT_EQ(rows[1].actor_project, kProjectB);
    EXPECT_EQ(rows[1].request_id, "req-delete");
    EXPECT_EQ(rows[1].changed_at, "2026-03-14T08:10:00");

    EXPECT_TRUE(fails_with(repo_.bare().find(p.id, kProjectA, kLater), ErrorCode::not_found));
    EXPECT_TRUE(fails_with(repo_.bare().find(p.id, std::nullopt, kLater), ErrorCode::not_found));
    ListQuery all;
    const auto page = repo_.bare().list(all, kLater);
    ASSERT_TRUE(succeeded(page));
    EXPECT_TRUE(page.value().items.empty());
    ListQuery by_id;
    by_id.ids = {p.id};
    EXPECT_TRUE(repo_.bare().list(by_id, kLater).value().items.empty());
}

TEST_F(PeeringRepositoryTest, DeletedPeeringRefusesEveryFurtherAction) {
    const auto p = create_pending(1, 2);
    ASSERT_TRUE(succeeded(repo_->remove(p.id, actor(kProjectA), kLater)));
    domain::UpdateCommand rename;
    rename.name = "ghost";

    EXPECT_TRUE(fails_with(repo_->remove(p.id, actor(kProjectA), kLater), ErrorCode::not_found));
    EXPECT_TRUE(fails_with(repo_->accept(p.id, actor(kProjectB), kLater), ErrorCode::not_found));
    EXPECT_TRUE(fails_with(repo_->reject(p.id, actor(kProjectB), kLater), ErrorCode::not_found));
    EXPECT_TRUE(fails_with(repo_->update(p.id, rename, actor(kProjectB), kLater), ErrorCode::not_found));
    EXPECT_EQ(history_of(db(), p.id).size(), 2U);
}

TEST_F(PeeringRepositoryTest, RemoveByNonPartyIsNotFoundAndKeepsRow) {
    const auto p = create_pending(1, 2);

    EXPECT_TRUE(fails_with(repo_->remove(p.id, actor(kProjectC), kLater), ErrorCode::not_found));

    EXPECT_EQ(stored_row(db(), p.id)->status, "PENDING_ACCEPTANCE");
}

TEST_F(PeeringRepositoryTest, EitherPartyRemovesInAnyStatus) {
    const auto active = create_pending(1, 2);
    ASSERT_TRUE(succeeded(repo_->accept(active.id, actor(kProjectB), kLater)));
    const auto rejected = create_pending(3, 4);
    ASSERT_TRUE(succeeded(repo_->reject(rejected.id, actor(kProjectB), kLater)));

    EXPECT_TRUE(succeeded(repo_->remove(active.id, actor(kProjectA), kLater)));
    EXPECT_TRUE(succeeded(repo_->remove(rejected.id, actor(kProjectB), kLater)));

    EXPECT_EQ(history_of(db(), active.id).back().from_status, "ACTIVE");
    EXPECT_EQ(history_of(db(), rejected.id).back().from_status, "REJECTED");
    EXPECT_EQ(count_rows(db(), "SELECT count(*) FROM peerings WHERE status = 'DELETED'"), 2);
}

// --- expiry --------------------------------------------------------------------------------------

TEST_F(PeeringRepositoryTest, DuePendingIsSeenAsExpiredBeforeAnySweep) {
    const auto p = create_pending(1, 2);

    const auto before = repo_.bare().find(p.id, kProjectA, kDeadline - 1s);
    const auto at_deadline = repo_.bare().find(p.id, kProjectA, kDeadline);
    const auto after = repo_.bare().find(p.id, kProjectB, kAfterDeadline);

    ASSERT_TRUE(succeeded(before));
    EXPECT_EQ(before.value().status, PeeringStatus::pending_acceptance);
    for (const auto* r : {&at_deadline, &after}) {
        ASSERT_TRUE(succeeded(*r));
        EXPECT_EQ(r->value().status, PeeringStatus::expired);
        EXPECT_EQ(r->value().updated_at, kDeadline);
        EXPECT_FALSE(r->value().expires_at.has_value());
    }
    ListQuery all;
    const auto page = repo_.bare().list(all, kAfterDeadline);
    ASSERT_TRUE(succeeded(page));
    ASSERT_EQ(page.value().items.size(), 1U);
    EXPECT_EQ(page.value().items[0].status, PeeringStatus::expired);
    // Reading does not write: the row still waits for the sweeper or a transition.
    EXPECT_EQ(stored_row(db(), p.id)->status, "PENDING_ACCEPTANCE");
    EXPECT_EQ(history_of(db(), p.id).size(), 1U);
}

TEST_F(PeeringRepositoryTest, AcceptOfDuePendingPersistsExpiryAndIsStatusInvalid) {
    const auto p = create_pending(1, 2);

    EXPECT_TRUE(fails_with(repo_->accept(p.id, actor(kProjectB, "req-late"), kAfterDeadline),
                           ErrorCode::status_invalid));

    const auto row = stored_row(db(), p.id);
    ASSERT_TRUE(row.has_value());
    EXPECT_EQ(row->status, "EXPIRED");
    EXPECT_EQ(row->updated_at, "2026-03-14T09:00:00");  // the deadline, not the late call
    EXPECT_FALSE(row->expires_at.has_value());
    const auto rows = history_of(db(), p.id);
    ASSERT_EQ(rows.size(), 2U);
    EXPECT_EQ(rows[1].action, "expire");
    EXPECT_EQ(rows[1].from_status, "PENDING_ACCEPTANCE");
    EXPECT_EQ(rows[1].to_status, "EXPIRED");
    EXPECT_FALSE(rows[1].actor_project.has_value());
    EXPECT_FALSE(rows[1].request_id.has_value());
    EXPECT_EQ(rows[1].changed_at, "2026-03-14T09:00:00");
    // Settled once: nothing left for the sweeper, no second expire row on a retry.
    EXPECT_TRUE(fails_with(repo_->reject(p.id, actor(kProjectB), kAfterDeadline), ErrorCode::status_invalid));
    EXPECT_EQ(repo_->expire_due(kAfterDeadline, 10).value(), 0U);
    EXPECT_EQ(history_of(db(), p.id).size(), 2U);
}

TEST_F(PeeringRepositoryTest, RejectOfDuePendingPersistsExpiryToo) {
    const auto p = create_pending(1, 2);

    EXPECT_TRUE(fails_with(repo_->reject(p.id, actor(kProjectB), kDeadline), ErrorCode::status_invalid));

    EXPECT_EQ(stored_row(db(), p.id)->status, "EXPIRED");
    EXPECT_EQ(history_of(db(), p.id).back().action, "expire");
}

TEST_F(PeeringRepositoryTest, RemoveOfDuePendingRecordsExpiryThenDelete) {
    const auto p = create_pending(1, 2);

    ASSERT_TRUE(succeeded(repo_->remove(p.id, actor(kProjectA), kAfterDeadline)));

    const auto rows = history_of(db(), p.id);
    ASSERT_EQ(rows.size(), 3U);
    EXPECT_EQ(rows[1].action, "expire");
    EXPECT_EQ(rows[2].action, "delete");
    EXPECT_EQ(rows[2].from_status, "EXPIRED");
    EXPECT_EQ(stored_row(db(), p.id)->status, "DELETED");
}

TEST_F(PeeringRepositoryTest, ExpireDueRespectsBatchSize) {
    std::vector<std::string> due;
    for (int i = 0; i < 25; ++i) due.push_back(create_pending(2 * i + 1, 2 * i + 2).id);
    const auto not_yet = create_pending(1001, 1002, kNow + 30min);
    ASSERT_TRUE(succeeded(repo_->create(create_command(2001, 2002, ""), actor(kProjectA), kNow)));

    std::vector<std::size_t> batches;
    for (int i = 0; i < 4; ++i) {
        const auto moved = repo_->expire_due(kDeadline, 10);
        ASSERT_TRUE(succeeded(moved));
        batches.push_back(moved.value());
    }

    EXPECT_EQ(batches, (std::vector<std::size_t>{10, 10, 5, 0}));
    for (const auto& id : due) {
        const auto row = stored_row(db(), id);
        EXPECT_EQ(row->status, "EXPIRED") << id;
        EXPECT_EQ(row->updated_at, "2026-03-14T09:00:00") << id;
        EXPECT_FALSE(row->expires_at.has_value()) << id;
        const auto rows = history_of(db(), id);
        ASSERT_EQ(rows.size(), 2U) << id;
        EXPECT_EQ(rows[1].action, "expire");
        EXPECT_FALSE(rows[1].actor_project.has_value());
    }
    EXPECT_EQ(count_rows(db(), "SELECT count(*) FROM peering_history WHERE action = 'expire'"), 25);
    EXPECT_EQ(stored_row(db(), not_yet.id)->status, "PENDING_ACCEPTANCE");
    EXPECT_EQ(count_rows(db(), "SELECT count(*) FROM peerings WHERE status = 'ACTIVE'"), 1);
}

TEST_F(PeeringRepositoryTest, ExpireDueTakesEarliestDeadlinesFirst) {
    const auto late = create_pending(1, 2, kNow + 20min);
    const auto early = create_pending(3, 4, kNow);
    const auto middle = create_pending(5, 6, kNow + 10min);
    const auto sweep_at = kNow + 2h;

    ASSERT_EQ(repo_->expire_due(sweep_at, 1).value(), 1U);
    EXPECT_EQ(stored_row(db(), early.id)->status, "EXPIRED");
    EXPECT_EQ(stored_row(db(), middle.id)->status, "PENDING_ACCEPTANCE");
    ASSERT_EQ(repo_->expire_due(sweep_at, 1).value(), 1U);
    EXPECT_EQ(stored_row(db(), middle.id)->status, "EXPIRED");
    EXPECT_EQ(stored_row(db(), late.id)->status, "PENDING_ACCEPTANCE");
    EXPECT_EQ(repo_->expire_due(sweep_at, 5).value(), 1U);
    EXPECT_EQ(stored_row(db(), late.id)->status, "EXPIRED");
}

// --- one live peering per VPC pair (§6.4) --------------------------------------------------------

TEST_F(PeeringRepositoryTest, SecondLivePeeringOfPairNamesTheFirst) {
    const auto first = create_pending(1, 2);

    const auto same = repo_->create(create_command(1, 2, kProjectB), actor(kProjectA), kLater);
    const auto reversed = repo_->create(create_command(2, 1, kProjectA), actor(kProjectB), kLater);

    for (const auto* r : {&same, &reversed}) {
        ASSERT_TRUE(fails_with(*r, ErrorCode::peering_exists));
        EXPECT_NE(r->error().message.find(first.id), std::string::npos) << r->error().message;
    }
    EXPECT_EQ(count_rows(db(), "SELECT count(*) FROM peerings"), 1);
}

TEST_F(PeeringRepositoryTest, ActivePeeringHoldsThePair) {
    const auto first = create_pending(1, 2);
    ASSERT_TRUE(succeeded(repo_->accept(first.id, actor(kProjectB), kLater)));

    const auto again = repo_->create(create_command(2, 1, kProjectA), actor(kProjectB), kLater);

    ASSERT_TRUE(fails_with(again, ErrorCode::peering_exists));
    EXPECT_NE(again.error().message.find(first.id), std::string::npos);
}

TEST_F(PeeringRepositoryTest, SharingOneVpcIsNotTheSamePair) {
    create_pending(1, 2);

    EXPECT_TRUE(succeeded(repo_->create(create_command(1, 3, kProjectB), actor(kProjectA), kNow)));
    EXPECT_TRUE(succeeded(repo_->create(create_command(3, 2, kProjectB), actor(kProjectA), kNow)));
}

TEST_F(PeeringRepositoryTest, PairIsFreeAfterReject) {
    const auto first = create_pending(1, 2);
    ASSERT_TRUE(succeeded(repo_->reject(first.id, actor(kProjectB), kLater)));

    EXPECT_TRUE(succeeded(repo_->create(create_command(2, 1, kProjectA), actor(kProjectB), kLater)));
}

TEST_F(PeeringRepositoryTest, PairIsFreeAfterDelete) {
    const auto first = create_pending(1, 2);
    ASSERT_TRUE(succeeded(repo_->remove(first.id, actor(kProjectA), kLater)));

    EXPECT_TRUE(succeeded(repo_->create(create_command(1, 2, kProjectB), actor(kProjectA), kLater)));
}

TEST_F(PeeringRepositoryTest, PairIsFreeAfterSweptExpiry) {
    create_pending(1, 2);
    ASSERT_EQ(repo_->expire_due(kAfterDeadline, 10).value(), 1U);

    EXPECT_TRUE(succeeded(repo_->create(create_command(1, 2, kProjectB), actor(kProjectA), kAfterDeadline)));
}

TEST_F(PeeringRepositoryTest, PairIsFreeOnceDueEvenBeforeSweep) {
    const auto first = create_pending(1, 2);

    const auto second = repo_->create(create_command(2, 1, kProjectA), actor(kProjectB), kAfterDeadline);

    ASSERT_TRUE(succeeded(second));
    // The create persisted the expiry of the old request on its way.
    EXPECT_EQ(stored_row(db(), first.id)->status, "EXPIRED");
    EXPECT_EQ(history_of(db(), first.id).back().action, "expire");
}

// --- quota (§6.5) --------------------------------------------------------------------------------

class PeeringQuotaTest : public PeeringRepositoryTest {
protected:
    static RepositoryPolicy quota(long long default_limit,
                                  std::map<std::string, long long, std::less<>> per_project = {}) {
        RepositoryPolicy policy = policy_with_ttl(kTtl);
        policy.quota.default_limit = default_limit;
        policy.quota.per_project = std::move(per_project);
        return policy;
    }
};

TEST_F(PeeringQuotaTest, DefaultLimitBoundsTheRequester) {
    auto repo = repository(quota(2));
    ASSERT_TRUE(succeeded(repo->create(create_command(1, 2, kProjectB), actor(kProjectA), kNow)));
    ASSERT_TRUE(succeeded(repo->create(create_command(3, 4, kProjectB), actor(kProjectA), kNow)));

    EXPECT_TRUE(fails_with(repo->create(create_command(5, 6, kProjectB), actor(kProjectA), kNow),
                           ErrorCode::over_quota));

    EXPECT_EQ(count_rows(db(), "SELECT count(*) FROM peerings"), 2);
    EXPECT_EQ(count_rows(db(), "SELECT count(*) FROM peering_history"), 2);
}

TEST_F(PeeringQuotaTest, PerProjectOverrideReplacesDefault) {
    auto repo = repository(quota(2, {{kProjectC, 1}, {kProjectD, 3}}));
    ASSERT_TRUE(succeeded(repo->create(create_command(1, 2, kProjectB), actor(kProjectC), kNow)));
    EXPECT_TRUE(fails_with(repo->create(create_command(3, 4, kProjectB), actor(kProjectC), kNow),
                           ErrorCode::over_quota));

    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(succeeded(repo->create(create_command(10 + 2 * i, 11 + 2 * i, kProjectB),
                                          actor(kProjectD), kNow)));
    EXPECT_TRUE(fails_with(repo->create(create_command(30, 31, kProjectB), actor(kProjectD), kNow),
                           ErrorCode::over_quota));
}

TEST_F(PeeringQuotaTest, PendingCountsForRequesterOnly) {
    auto repo = repository(quota(2));
    ASSERT_TRUE(succeeded(repo->create(create_command(1, 2, kProjectB), actor(kProjectA), kNow)));
    ASSERT_TRUE(succeeded(repo->create(create_command(3, 4, kProjectB), actor(kProjectA), kNow)));

    // B is the accepter of two pending requests and still has its whole quota.
    EXPECT_TRUE(succeeded(repo->create(create_command(5, 6, kProjectA), actor(kProjectB), kNow)));
    EXPECT_TRUE(succeeded(repo->create(create_command(7, 8, kProjectC), actor(kProjectB), kNow)));
    EXPECT_TRUE(fails_with(repo->create(create_command(9, 10, kProjectC), actor(kProjectB), kNow),
                           ErrorCode::over_quota));
}

TEST_F(PeeringQuotaTest, ActiveCountsForBothSides) {
    auto repo = repository(quota(2));
    const auto p = repo->create(create_command(1, 2, kProjectB), actor(kProjectA), kNow);
    ASSERT_TRUE(succeeded(p));
    ASSERT_TRUE(succeeded(repo->accept(p.value().id, actor(kProjectB), kNow)));

    // B now uses 1 (the accepted peering): one more, then full.
    EXPECT_TRUE(succeeded(repo->create(create_command(3, 4, ""), actor(kProjectB), kNow)));
    EXPECT_TRUE(fails_with(repo->create(create_command(5, 6, ""), actor(kProjectB), kNow),
                           ErrorCode::over_quota));
    // A too: 1 used by the accepted peering.
    EXPECT_TRUE(succeeded(repo->create(create_command(7, 8, kProjectC), actor(kProjectA), kNow)));
    EXPECT_TRUE(fails_with(repo->create(create_command(9, 10, kProjectC), actor(kProjectA), kNow),
                           ErrorCode::over_quota));
}

TEST_F(PeeringQuotaTest, SameProjectActiveCountsOnce) {
    auto repo = repository(quota(2));

    EXPECT_TRUE(succeeded(repo->create(create_command(1, 2, ""), actor(kProjectA), kNow)));
    EXPECT_TRUE(succeeded(repo->create(create_command(3, 4, ""), actor(kProjectA), kNow)));
    EXPECT_TRUE(fails_with(repo->create(create_command(5, 6, ""), actor(kProjectA), kNow),
                           ErrorCode::over_quota));
}

TEST_F(PeeringQuotaTest, RejectedExpiredAndDeletedDoNotCount) {
    auto repo = repository(quota(1));
    const auto rejected = repo->create(create_command(1, 2, kProjectB), actor(kProjectA), kNow);
    ASSERT_TRUE(succeeded(rejected));
    ASSERT_TRUE(succeeded(repo->reject(rejected.value().id, actor(kProjectB), kNow)));

    const auto expiring = repo->create(create_command(3, 4, kProjectB), actor(kProjectA), kNow);
    ASSERT_TRUE(succeeded(expiring));
    EXPECT_TRUE(fails_with(repo->create(create_command(5, 6, kProjectB), actor(kProjectA), kNow),
                           ErrorCode::over_quota));

    // Due but not yet swept: already free.
    const auto deleted = repo->create(create_command(5, 6, kProjectB), actor(kProjectA), kAfterDeadline);
    ASSERT_TRUE(succeeded(deleted));
    ASSERT_TRUE(succeeded(repo->remove(deleted.value().id, actor(kProjectA), kAfterDeadline)));

    EXPECT_TRUE(succeeded(repo->create(create_command(7, 8, kProjectB), actor(kProjectA), kAfterDeadline)));
}

TEST_F(PeeringQuotaTest, AcceptOverAccepterQuotaIsRefusedAndStaysPending) {
    auto repo = repository(quota(5, {{kProjectB, 1}}));
    ASSERT_TRUE(succeeded(repo->create(create_command(1, 2, ""), actor(kProjectB), kNow)));
    const auto p = repo->create(create_command(3, 4, kProjectB), actor(kProjectA), kNow);
    ASSERT_TRUE(succeeded(p));

    EXPECT_TRUE(fails_with(repo->accept(p.value().id, actor(kProjectB), kLater), ErrorCode::over_quota));

    const auto row = stored_row(db(), p.value().id);
    EXPECT_EQ(row->status, "PENDING_ACCEPTANCE");
    EXPECT_EQ(row->updated_at, "2026-03-14T08:00:00");
    EXPECT_EQ(history_of(db(), p.value().id).size(), 1U);
    EXPECT_EQ(repo.bare().find(p.value().id, kProjectB, kLater).value().status,
              PeeringStatus::pending_acceptance);
    // Rejecting needs no quota.
    const auto other = repo->create(create_command(5, 6, kProjectB), actor(kProjectA), kNow);
    ASSERT_TRUE(succeeded(other));
    EXPECT_TRUE(succeeded(repo->reject(other.value().id, actor(kProjectB), kLater)));
}

TEST_F(PeeringQuotaTest, AcceptSucceedsOnceAccepterFreesQuota) {
    auto repo = repository(quota(5, {{kProjectB, 1}}));
    const auto own = repo->create(create_command(1, 2, ""), actor(kProjectB), kNow);
    ASSERT_TRUE(succeeded(own));
    const auto p = repo->create(create_command(3, 4, kProjectB), actor(kProjectA), kNow);
    ASSERT_TRUE(succeeded(p));
    ASSERT_TRUE(fails_with(repo->accept(p.value().id, actor(kProjectB), kLater), ErrorCode::over_quota));

    ASSERT_TRUE(succeeded(repo->remove(own.value().id, actor(kProjectB), kLater)));

    const auto accepted = repo->accept(p.value().id, actor(kProjectB), kLater);
    ASSERT_TRUE(succeeded(accepted));
    EXPECT_EQ(accepted.value().status, PeeringStatus::active);
}

}  // namespace
}  // namespace peeringd::storage::test
