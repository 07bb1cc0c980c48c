#include "domain/peering_rules.hpp"

#include "tests/domain/domain_printers.hpp"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace peeringd::domain {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::seconds;

constexpr std::string_view kId = "5f0c2a7e-3b1d-4c8e-9a61-2d7f4e8b1c90";
constexpr std::string_view kRequester = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
constexpr std::string_view kAccepter = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
constexpr std::string_view kRequestVpc = "3e6f1d2c-8b4a-4f7e-a1c9-0d5b7e2f6a18";
constexpr std::string_view kAcceptVpc = "c47a9e10-2f3b-4d6c-8e91-5a0b3c7d2e64";
constexpr seconds kTtl = days{7};

const Timestamp kCreated =
    std::chrono::sys_days{std::chrono::year{2026} / std::chrono::March / 14} + hours{8} +
    std::chrono::minutes{5} + seconds{9};
const Timestamp kDeadline = kCreated + kTtl;
const Timestamp kNow = kCreated + hours{1};  // well before the deadline

CreateCommand cross_project_command() {
    return CreateCommand{"app-to-db",
                         "app tier reaches the database tier",
                         std::string(kRequestVpc),
                         "",
                         std::string(kAcceptVpc),
                         std::string(kAccepter)};
}

/// A cross-project peering as it would be stored in `status` (never due at kNow).
Peering peering_in(PeeringStatus status) {
    Peering p;
    p.id = std::string(kId);
    p.name = "app-to-db";
    p.description = "app tier reaches the database tier";
    p.status = status;
    p.request = {std::string(kRequestVpc), std::string(kRequester)};
    p.accept = {std::string(kAcceptVpc), std::string(kAccepter)};
    p.created_at = kCreated;
    p.updated_at = status == PeeringStatus::pending_acceptance ? kCreated : kCreated + seconds{30};
    if (status == PeeringStatus::pending_acceptance) p.expires_at = kDeadline;
    return p;
}

/// Creates as the requester at kCreated with the default deadline.
Result<Peering> create(const CreateCommand& cmd) {
    return create_peering(cmd, kRequester, std::string(kId), kCreated, kTtl);
}

std::string status_invalid_message(std::string_view status) {
    return "Peering " + std::string(kId) + " is " + std::string(status) +
           "; only PENDING_ACCEPTANCE peerings can be accepted or rejected.";
}

std::string not_authorized_message() {
    return "Only the project owning the accept VPC can accept or reject peering " +
           std::string(kId) + ".";
}

// ---- accept/reject: every status x action x caller (§5 table, E14, E15) ----

enum class Action { accept, reject };
enum class Caller { accepter, requester };

struct TransitionRow {
    PeeringStatus from;
    Action action;
    Caller caller;
    std::optional<PeeringStatus> to;  ///< set when the transition succeeds
    std::optional<ErrorCode> error;   ///< set when it fails
};

void PrintTo(const TransitionRow& row, std::ostream* os) {
    *os << (row.caller == Caller::accepter ? "accepter " : "requester ")
        << (row.action == Action::accept ? "accepts " : "rejects ") << to_string(row.from);
}

Result<Peering> answer(Action action, const Peering& p, std::string_view caller, Timestamp now) {
    return action == Action::accept ? accept(p, caller, now) : reject(p, caller, now);
}

constexpr std::array<PeeringStatus, 5> kAllStatuses{PeeringStatus::pending_acceptance,
                                                    PeeringStatus::active, PeeringStatus::rejected,
                                                    PeeringStatus::expired, PeeringStatus::deleted};

/// The §5 table as data: 5 statuses x 2 actions x 2 callers, each with its expected outcome.
std::vector<TransitionRow> transition_table() {
    std::vector<TransitionRow> rows;
    for (PeeringStatus from : kAllStatuses) {
        for (Action action : {Action::accept, Action::reject}) {
            // The requester is refused whatever the state: role is checked before state.
            rows.push_back(
                {from, action, Caller::requester, std::nullopt, ErrorCode::not_authorized});
            if (from == PeeringStatus::pending_acceptance)
                rows.push_back(
                    {from, action, Caller::accepter,
                     action == Action::accept ? PeeringStatus::active : PeeringStatus::rejected,
                     std::nullopt});
            else
                rows.push_back(
                    {from, action, Caller::accepter, std::nullopt, ErrorCode::status_invalid});
        }
    }
    return rows;
}

std::string camel_case(std::string_view upper_snake) {
    std::string out;
    bool start = true;
    for (char c : upper_snake) {
        if (c == '_') {
            start = true;
            continue;
        }
        out.push_back(start ? c : static_cast<char>(c - 'A' + 'a'));
        start = false;
    }
    return out;
}

std::string row_name(const testing::TestParamInfo<TransitionRow>& info) {
    const TransitionRow& row = info.param;
    return std::string(row.caller == Caller::accepter ? "Accepter" : "Requester") +
           (row.action == Action::accept ? "Accepts" : "Rejects") + camel_case(to_string(row.from));
}

class PeeringTransitions : public testing::TestWithParam<TransitionRow> {};

TEST_P(PeeringTransitions, FollowStateMachine) {
    const TransitionRow& row = GetParam();
    const Peering current = peering_in(row.from);
    const std::string_view caller = row.caller == Caller::accepter ? kAccepter : kRequester;
    const Result<Peering> result = answer(row.action, current, caller, kNow);
    if (row.to) {
        ASSERT_TRUE(result.has_value()) << result.error().message;
        Peering expected = current;
        expected.status = *row.to;
        expected.updated_at = kNow;
        expected.expires_at.reset();
        EXPECT_EQ(*result, expected);
        return;
    }
    ASSERT_TRUE(result.has_error()) << "unexpectedly became " << to_string(result->status);
    EXPECT_EQ(result.error().code, *row.error);
    EXPECT_EQ(result.error().message, row.error == ErrorCode::not_authorized
                                          ? not_authorized_message()
                                          : status_invalid_message(to_string(row.from)));
}

INSTANTIATE_TEST_SUITE_P(EveryStatusAndAction, PeeringTransitions,
                         testing::ValuesIn(transition_table()), row_name);

TEST(PeeringRules, AcceptMovesPendingToActive) {
    const auto result = accept(peering_in(PeeringStatus::pending_acceptance), kAccepter, kNow);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->status, PeeringStatus::active);
    EXPECT_EQ(result->created_at, kCreated);
    EXPECT_EQ(result->updated_at, kNow);
    EXPECT_FALSE(result->expires_at.has_value());
}

TEST(PeeringRules, StrangerCannotAnswer) {
    // Visibility (404 for non-parties) is storage's job; the rule itself only admits the accepter.
    for (Action action : {Action::accept, Action::reject}) {
        const Peering p = peering_in(PeeringStatus::pending_acceptance);
        const auto result = answer(action, p, "11111111", kNow);
        ASSERT_TRUE(result.has_error());
        EXPECT_EQ(result.error().code, ErrorCode::not_authorized);
    }
}

TEST(PeeringRules, DuePendingIsAnsweredAsExpired) {
    for (Timestamp now : {kDeadline, kDeadline + seconds{1}, kDeadline + days{30}}) {
        SCOPED_TRACE(format_timestamp(now));
        for (Action action : {Action::accept, Action::reject}) {
            const Peering p = peering_in(PeeringStatus::pending_acceptance);
            const auto result = answer(action, p, kAccepter, now);
            ASSERT_TRUE(result.has_error());
            EXPECT_EQ(result.error().code, ErrorCode::status_invalid);
            EXPECT_EQ(result.error().message, status_invalid_message("EXPIRED"));
        }
    }
}

TEST(PeeringRules, DuePendingAnsweredByRequesterIsNotAuthorized) {
    const auto result =
        accept(peering_in(PeeringStatus::pending_acceptance), kRequester, kDeadline);
    ASSERT_TRUE(result.has_error());
    EXPECT_EQ(result.error().code, ErrorCode::not_authorized);
}

TEST(PeeringRules, AcceptOneSecondBeforeDeadlineSucceeds) {
    const auto result =
        accept(peering_in(PeeringStatus::pending_acceptance), kAccepter, kDeadline - seconds{1});
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->status, PeeringStatus::active);
    EXPECT_EQ(result->updated_at, kDeadline - seconds{1});
}

// ---- create (§3.1, §5, E9, E10) ----

TEST(PeeringRules, CreateCrossProjectIsPendingWithDeadline) {
    const auto result = create(cross_project_command());
    ASSERT_TRUE(result.has_value()) << result.error().message;
    EXPECT_EQ(*result, peering_in(PeeringStatus::pending_acceptance));
    EXPECT_EQ(result->expires_at, kCreated + kTtl);
}

TEST(PeeringRules, CreateSameProjectIsActiveWithoutDeadline) {
    struct Row {
        const char* label;
        std::string accept_tenant_id;
    };
    for (const Row& row : {Row{"absent accept tenant", ""},
                           Row{"accept tenant is the caller", std::string(kRequester)}}) {
        SCOPED_TRACE(row.label);
        CreateCommand cmd = cross_project_command();
        cmd.accept_tenant_id = row.accept_tenant_id;
        const auto result = create(cmd);
        ASSERT_TRUE(result.has_value()) << result.error().message;
        EXPECT_EQ(result->status, PeeringStatus::active);
        EXPECT_FALSE(result->expires_at.has_value());
        EXPECT_EQ(result->accept.tenant_id, kRequester);
        EXPECT_EQ(result->created_at, kCreated);
        EXPECT_EQ(result->updated_at, kCreated);
    }
}

TEST(PeeringRules, CreateHonoursConfiguredTtl) {
    const auto result = create_peering(cross_project_command(), kRequester, std::string(kId),
                                       kCreated, seconds{90});
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->expires_at, kCreated + seconds{90});
}

TEST(PeeringRules, CreateAcceptsRequestTenantEqualToCaller) {
    CreateCommand cmd = cross_project_command();
    cmd.request_tenant_id = std::string(kRequester);
    const auto result = create(cmd);
    ASSERT_TRUE(result.has_value()) << result.error().message;
    EXPECT_EQ(result->request.tenant_id, kRequester);
}

TEST(PeeringRules, CreateRefusesForeignRequestTenant) {
    for (std::string_view foreign :
         {kAccepter, std::string_view{"0A1B2C3D4E5F60718293A4B5C6D7E8F9"}}) {
        SCOPED_TRACE(foreign);
        CreateCommand cmd = cross_project_command();
        cmd.request_tenant_id = std::string(foreign);
        const auto result = create(cmd);
        ASSERT_TRUE(result.has_error());
        EXPECT_EQ(result.error().code, ErrorCode::request_vpc_invalid);
        EXPECT_EQ(result.error().message,
                  "Invalid input for operation: Request VPC id or tenant id is incorrect.");
    }
}

TEST(PeeringRules, CreateTreatsEmptyTenantIdsAsAbsent) {
    // The Ansible module always sends "" for both tenant ids (§3.1).
    CreateCommand cmd = cross_project_command();
    cmd.request_tenant_id = "";
    cmd.accept_tenant_id = "";
    const auto result = create(cmd);
    ASSERT_TRUE(result.has_value()) << result.error().message;
    EXPECT_EQ(result->request.tenant_id, kRequester);
    EXPECT_EQ(result->accept.tenant_id, kRequester);
    EXPECT_EQ(result->status, PeeringStatus::active);
}

TEST(PeeringRules, CreateRefusesSameVpcOnBothSides) {
    for (const std::string& accept_tenant : {std::string(kAccepter), std::string()}) {
        SCOPED_TRACE(accept_tenant);
        CreateCommand cmd = cross_project_command();
        cmd.accept_vpc_id = cmd.request_vpc_id;
        cmd.accept_tenant_id = accept_tenant;
        const auto result = create(cmd);
        ASSERT_TRUE(result.has_error());
        EXPECT_EQ(result.error().code, ErrorCode::same_vpc);
        EXPECT_EQ(result.error().message,
                  "Invalid input for operation: request VPC and accept VPC must be different.");
    }
}

TEST(PeeringRules, SameProjectPeeringCannotBeAcceptedAgain) {
    // OTC acceptance tests rely on this: an accepter on a same-tenant peering fails (§3.1).
    CreateCommand cmd = cross_project_command();
    cmd.accept_tenant_id = "";
    const auto created = create(cmd);
    ASSERT_TRUE(created.has_value());
    const auto result = accept(*created, kRequester, kNow);
    ASSERT_TRUE(result.has_error());
    EXPECT_EQ(result.error().code, ErrorCode::status_invalid);
    EXPECT_EQ(result.error().message, status_invalid_message("ACTIVE"));
}

// ---- update (§3.4) ----

TEST(PeeringRules, UpdateKeepsStatusAndRefreshesUpdatedAt) {
    struct Row {
        const char* label;
        UpdateCommand cmd;
        std::string name;
        std::string description;
    };
    const Row rows[] = {
        {"name only",
         {"app-to-db-v2", std::nullopt},
         "app-to-db-v2",
         "app tier reaches the database tier"},
        {"description only", {std::nullopt, "new text"}, "app-to-db", "new text"},
        {"both", {"n", "d"}, "n", "d"},
        {"empty description clears it", {std::nullopt, ""}, "app-to-db", ""},
    };
    for (PeeringStatus status : kAllStatuses) {
        for (const Row& row : rows) {
            SCOPED_TRACE(std::string(to_string(status)) + ", " + row.label);
            const Peering current = peering_in(status);
            Peering expected = current;
            expected.name = row.name;
            expected.description = row.description;
            expected.updated_at = kNow;
            EXPECT_EQ(update(current, row.cmd, kNow), expected);
        }
    }
}

// ---- expiry (§5) ----

TEST(PeeringRules, ExpiredSetsUpdatedAtToDeadline) {
    const Peering result = expired(peering_in(PeeringStatus::pending_acceptance));
    EXPECT_EQ(result.status, PeeringStatus::expired);
    EXPECT_EQ(result.updated_at, kDeadline);
    EXPECT_FALSE(result.expires_at.has_value());
    EXPECT_EQ(result.created_at, kCreated);
}

TEST(PeeringRules, IsDueBoundaryIsInclusive) {
    struct Row {
        Timestamp now;
        bool due;
    };
    const Peering p = peering_in(PeeringStatus::pending_acceptance);
    for (const Row& row : {Row{kCreated, false}, Row{kDeadline - seconds{1}, false},
                           Row{kDeadline, true}, Row{kDeadline + seconds{1}, true}}) {
        SCOPED_TRACE(format_timestamp(row.now));
        EXPECT_EQ(is_due(p, row.now), row.due);
    }
}

TEST(PeeringRules, OnlyPendingWithDeadlineCanBeDue) {
    for (PeeringStatus status : kAllStatuses) {
        SCOPED_TRACE(to_string(status));
        Peering p = peering_in(status);
        p.expires_at = kDeadline;  // even a stray deadline does not make a settled peering due
        EXPECT_EQ(is_due(p, kDeadline + days{1}), status == PeeringStatus::pending_acceptance);
    }
    Peering no_deadline = peering_in(PeeringStatus::pending_acceptance);
    no_deadline.expires_at.reset();
    EXPECT_FALSE(is_due(no_deadline, kDeadline + days{1}));
}

TEST(PeeringRules, AsSeenAtShowsDuePendingAsExpired) {
    const Peering pending = peering_in(PeeringStatus::pending_acceptance);
    EXPECT_EQ(as_seen_at(pending, kDeadline - seconds{1}), pending);
    EXPECT_EQ(as_seen_at(pending, kDeadline), expired(pending));
    EXPECT_EQ(as_seen_at(pending, kDeadline + days{3}).updated_at, kDeadline);
    for (PeeringStatus status : kAllStatuses) {
        SCOPED_TRACE(to_string(status));
        if (status == PeeringStatus::pending_acceptance) continue;
        EXPECT_EQ(as_seen_at(peering_in(status), kDeadline + days{1}), peering_in(status));
    }
}

// ---- quota (§6.5) ----

TEST(PeeringRules, QuotaDefaultsToFifty) { EXPECT_EQ(QuotaPolicy{}.limit_for(kRequester), 50); }

TEST(PeeringRules, QuotaPolicyOverridesPerProject) {
    QuotaPolicy policy;
    policy.default_limit = 10;
    policy.per_project.emplace(std::string(kAccepter), 2);
    policy.per_project.emplace("00000000000000000000000000000000", 0);
    EXPECT_EQ(policy.limit_for(kAccepter), 2);
    EXPECT_EQ(policy.limit_for("00000000000000000000000000000000"), 0);
    EXPECT_EQ(policy.limit_for(kRequester), 10);
    EXPECT_EQ(policy.limit_for(""), 10);
}

// ---- error helpers (E12, E13, E16) ----

TEST(PeeringRules, ErrorHelpersUseCatalogueWording) {
    const Error not_found = peering_not_found(kId);
    EXPECT_EQ(not_found.code, ErrorCode::not_found);
    EXPECT_EQ(not_found.message,
              "Peering 5f0c2a7e-3b1d-4c8e-9a61-2d7f4e8b1c90 could not be found.");

    const Error exists = peering_exists(kRequestVpc, kAcceptVpc, kId);
    EXPECT_EQ(exists.code, ErrorCode::peering_exists);
    EXPECT_EQ(exists.message,
              "A VPC peering connection between 3e6f1d2c-8b4a-4f7e-a1c9-0d5b7e2f6a18 and "
              "c47a9e10-2f3b-4d6c-8e91-5a0b3c7d2e64 already exists: "
              "5f0c2a7e-3b1d-4c8e-9a61-2d7f4e8b1c90.");

    const Error quota = over_quota();
    EXPECT_EQ(quota.code, ErrorCode::over_quota);
    EXPECT_EQ(quota.message, "Quota exceeded for resources: ['peering'].");
}

}  // namespace
}  // namespace peeringd::domain
