// RELIABILITY.md §3 rows 25-29 against the real daemon over HTTP: well-formed requests that the
// rules refuse. Each answers the spec's status and vendor code and leaves the connection usable.
// Row 24 (identity games) needs real credentials and lives in auth_test.cpp.
#include "tests/integration/daemon_fixture.hpp"

#include <thread>

namespace peeringd::test {
namespace {

class HostileApi : public DaemonFixture {
protected:
    void SetUp() override { start({"--quota", "3"}); }

    std::string vpc_registered_to(const std::string& project) {
        const auto vpc = random_vpc();
        std::string out;
        EXPECT_EQ(run_program(peeringctl_binary(),
                              {"--db", db_path().string(), "vpc", "add", "--project", project, "--id", vpc,
                               "--cidr", "10.0.0.0/16"},
                              out),
                  0)
            << out;
        return vpc;
    }

    /// The error body with its request id removed, to compare two refusals.
    static std::string without_request_id(const HttpResponse& r) {
        auto body = r.json().as_object();
        body.erase("request_id");
        return std::to_string(r.status) + boost::json::serialize(body);
    }

    std::string pending_id() {
        return std::string(create(kProjectA, kProjectB).at("id").as_string());
    }
};

TEST_F(HostileApi, Row25ForeignOrUnknownVpcsGetOneAnswerWhetherTheyExistOrNot) {
    start({"--enforce-vpc-registry"});
    const auto mine = vpc_registered_to(kProjectA), theirs = vpc_registered_to(kProjectB);
    const auto third = vpc_registered_to(kProjectC);
    // Requester VPC of another project, or of nobody: E10, byte-identical bodies.
    const auto foreign = call("POST", kPeerings, kProjectA, create_body("x", theirs, third, kProjectC));
    const auto unknown = call("POST", kPeerings, kProjectA, create_body("x", random_vpc(), third, kProjectC));
    EXPECT_EQ(expect_neutron_error(foreign, 400, "InvalidInput"), "VPC.0810");
    EXPECT_EQ(without_request_id(foreign), without_request_id(unknown));
    // Accept VPC not in the named project, or nowhere: E11, identical bodies.
    const auto wrong_tenant = call("POST", kPeerings, kProjectA, create_body("x", mine, third, kProjectB));
    const auto nowhere = call("POST", kPeerings, kProjectA, create_body("x", mine, random_vpc(), kProjectB));
    EXPECT_EQ(expect_neutron_error(wrong_tenant, 400, "InvalidInput"), "VPC.0809");
    EXPECT_EQ(without_request_id(wrong_tenant), without_request_id(nowhere));
    EXPECT_EQ(call("POST", kPeerings, kProjectA, create_body("x", mine, theirs, kProjectB)).status, 201);
}

TEST_F(HostileApi, Row26SecondLivePeeringForAPairIs409NamingTheExistingId) {
    const auto a = random_vpc(), b = random_vpc();
    const auto first = call("POST", kPeerings, kProjectA, create_body("x", a, b, kProjectB));
    ASSERT_EQ(first.status, 201);
    const std::string id(first.json().at("peering").at("id").as_string());
    for (const auto& body : {create_body("y", a, b, kProjectB), create_body("y", b, a, kProjectB)}) {
        const auto again = call("POST", kPeerings, kProjectA, body);
        EXPECT_EQ(expect_neutron_error(again, 409, "PeeringExists"), "VPC.0803");
        EXPECT_NE(again.body.find(id), std::string::npos);
    }
}

TEST_F(HostileApi, Row27AnsweringAnAnsweredPeeringIs409AndADeletedOne404) {
    const auto active = pending_id(), rejected = pending_id(), deleted = pending_id();
    ASSERT_EQ(call("PUT", kPeerings + "/" + active + "/accept", kProjectB).status, 200);
    ASSERT_EQ(call("PUT", kPeerings + "/" + rejected + "/reject", kProjectB).status, 200);
    ASSERT_EQ(call("DELETE", kPeerings + "/" + deleted, kProjectA).status, 204);
    for (const auto& id : {active, rejected})
        for (const std::string verb : {"accept", "reject"})
            EXPECT_EQ(expect_neutron_error(call("PUT", kPeerings + "/" + id + "/" + verb, kProjectB), 409,
                                           "PeeringStatusInvalid"),
                      "VPC.0804");
    for (const std::string verb : {"accept", "reject"})
        EXPECT_EQ(call("PUT", kPeerings + "/" + deleted + "/" + verb, kProjectB).status, 404);
}

TEST_F(HostileApi, Row27AnsweringAnExpiredPeeringIs409) {
    start({"--pending-ttl", "1"});
    const auto id = pending_id();
    // The deadline has one-second resolution: poll until the read shows EXPIRED.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (call("GET", kPeerings + "/" + id, kProjectA).json().at("peering").at("status") != "EXPIRED" &&
           std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    for (const std::string verb : {"accept", "reject"})
        EXPECT_EQ(expect_neutron_error(call("PUT", kPeerings + "/" + id + "/" + verb, kProjectB), 409,
                                       "PeeringStatusInvalid"),
                  "VPC.0804");
}

TEST_F(HostileApi, Row28QuotaIs409OnCreateAndOnAccept) {
    for (int i = 0; i < 3; ++i) create(kProjectA, kProjectB);
    EXPECT_EQ(expect_neutron_error(call("POST", kPeerings, kProjectA, create_body("x", random_vpc(), random_vpc())),
                                   409, "OverQuota"),
              "VPC.0807");
    for (int i = 0; i < 3; ++i) create(kProjectB);
    const auto listed = call("GET", kPeerings + "?status=PENDING_ACCEPTANCE&limit=1", kProjectB);
    const std::string id(listed.json().at("peerings").at(0).at("id").as_string());
    EXPECT_EQ(expect_neutron_error(call("PUT", kPeerings + "/" + id + "/accept", kProjectB), 409, "OverQuota"),
              "VPC.0807");
}

TEST_F(HostileApi, Row29ListParameters) {
    create(kProjectA);
    for (const std::string limit : {"-1", "x", "1.5", "1e400"})
        EXPECT_EQ(expect_neutron_error(call("GET", kPeerings + "?limit=" + limit, kProjectA), 400, "BadRequest"),
                  "VPC.0808")
            << limit;
    const auto clamped = call("GET", kPeerings + "?limit=100000", kProjectA);
    EXPECT_EQ(clamped.status, 200);
    EXPECT_EQ(clamped.json().at("peerings").as_array().size(), 1u);
    for (const std::string& marker : std::vector<std::string>{"zzz", "%00", std::string(100, 'a')})
        EXPECT_EQ(call("GET", kPeerings + "?marker=" + marker, kProjectA).status, 400) << marker;
    const auto unknown = call("GET", kPeerings + "?status=NOT_A_STATUS", kProjectA);
    EXPECT_EQ(unknown.status, 200);
    EXPECT_TRUE(unknown.json().at("peerings").as_array().empty());
}

}  // namespace
}  // namespace peeringd::test
