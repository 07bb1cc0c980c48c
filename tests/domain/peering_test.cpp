#include "domain/peering.hpp"

#include "tests/domain/domain_printers.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string_view>

namespace peeringd::domain {
namespace {

struct StatusSpelling {
    PeeringStatus status;
    std::string_view wire;
    bool live;
};

// The wire/DB spelling of §1.1 and the live set of §6.4, one row per status.
constexpr std::array<StatusSpelling, 5> kStatuses{{
    {PeeringStatus::pending_acceptance, "PENDING_ACCEPTANCE", true},
    {PeeringStatus::active, "ACTIVE", true},
    {PeeringStatus::rejected, "REJECTED", false},
    {PeeringStatus::expired, "EXPIRED", false},
    {PeeringStatus::deleted, "DELETED", false},
}};

TEST(PeeringStatus, ToStringUsesWireSpelling) {
    for (const auto& row : kStatuses) {
        SCOPED_TRACE(row.wire);
        EXPECT_EQ(to_string(row.status), row.wire);
    }
}

TEST(PeeringStatus, ParseIsInverseOfToString) {
    for (const auto& row : kStatuses) {
        SCOPED_TRACE(row.wire);
        EXPECT_EQ(parse_status(row.wire), row.status);
        EXPECT_EQ(parse_status(to_string(row.status)), row.status);
    }
}

TEST(PeeringStatus, ParseRejectsEverythingElse) {
    for (std::string_view text : {"", "active", "Active", "ACTIVE ", " ACTIVE", "PENDING",
                                  "PENDING-ACCEPTANCE", "UNKNOWN", "ACTIVE\n"}) {
        SCOPED_TRACE(text);
        EXPECT_EQ(parse_status(text), std::nullopt);
    }
}

TEST(PeeringStatus, OnlyPendingAndActiveAreLive) {
    for (const auto& row : kStatuses) {
        SCOPED_TRACE(row.wire);
        EXPECT_EQ(is_live(row.status), row.live);
    }
}

Peering cross_project_peering() {
    Peering p;
    p.id = "5f0c2a7e-3b1d-4c8e-9a61-2d7f4e8b1c90";
    p.request = {"3e6f1d2c-8b4a-4f7e-a1c9-0d5b7e2f6a18", "0a1b2c3d4e5f60718293a4b5c6d7e8f9"};
    p.accept = {"c47a9e10-2f3b-4d6c-8e91-5a0b3c7d2e64", "9f8e7d6c5b4a39281706f5e4d3c2b1a0"};
    return p;
}

TEST(PeeringVisibility, BothSidesArePartiesAndNobodyElse) {
    const Peering p = cross_project_peering();
    struct Row {
        std::string_view project;
        bool party;
    };
    for (const Row& row : {Row{"0a1b2c3d4e5f60718293a4b5c6d7e8f9", true},
                           Row{"9f8e7d6c5b4a39281706f5e4d3c2b1a0", true},
                           Row{"11111111111111111111111111111111", false},
                           Row{"0A1B2C3D4E5F60718293A4B5C6D7E8F9", false},  // ids are opaque
                           Row{"0a1b2c3d4e5f60718293a4b5c6d7e8f", false},   // no prefix match
                           Row{"", false}}) {
        SCOPED_TRACE(row.project);
        EXPECT_EQ(is_party(p, row.project), row.party);
    }
}

TEST(PeeringVisibility, SameProjectPeeringHasOneParty) {
    Peering p = cross_project_peering();
    p.accept.tenant_id = p.request.tenant_id;
    EXPECT_TRUE(is_party(p, "0a1b2c3d4e5f60718293a4b5c6d7e8f9"));
    EXPECT_FALSE(is_party(p, "9f8e7d6c5b4a39281706f5e4d3c2b1a0"));
}

TEST(Peering, EqualityComparesEveryField) {
    const Peering a = cross_project_peering();
    Peering b = a;
    EXPECT_EQ(a, b);
    b.expires_at = Timestamp{std::chrono::seconds{1}};
    EXPECT_NE(a, b);
}

}  // namespace
}  // namespace peeringd::domain
