// The v2.0 lifecycle end to end against the real daemon over loopback HTTP (spec §3, §5).
#include "tests/integration/daemon_fixture.hpp"

#include <regex>

namespace peeringd::test {
namespace {

using boost::json::object;

class Lifecycle : public DaemonFixture {
protected:
    void SetUp() override { start(); }
};

bool is_wire_timestamp(const boost::json::value& v) {
    static const std::regex kFormat{R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})"};
    return v.is_string() && std::regex_match(std::string(v.as_string()), kFormat);
}

TEST_F(Lifecycle, CrossProjectCreateIsPendingAndWrapped) {
    const auto request_vpc = random_vpc();
    const auto accept_vpc = random_vpc();
    const auto response = call("POST", kPeerings, kProjectA,
                               create_body("app-to-db", request_vpc, accept_vpc, kProjectB));
    ASSERT_EQ(response.status, 201) << response.body;
    EXPECT_EQ(response.header("Content-Type"), "application/json");
    EXPECT_EQ(response.header("X-Request-Id").size(), 32u);
    const auto p = response.json().as_object().at("peering").as_object();
    EXPECT_EQ(p.at("status").as_string(), "PENDING_ACCEPTANCE");
    EXPECT_EQ(p.at("name").as_string(), "app-to-db");
    EXPECT_EQ(p.at("description").as_string(), "");
    EXPECT_EQ(p.at("id").as_string().size(), 36u);
    EXPECT_EQ(p.at("request_vpc_info").at("vpc_id").as_string(), request_vpc);
    EXPECT_EQ(p.at("request_vpc_info").at("tenant_id").as_string(), kProjectA);
    EXPECT_EQ(p.at("accept_vpc_info").at("vpc_id").as_string(), accept_vpc);
    EXPECT_EQ(p.at("accept_vpc_info").at("tenant_id").as_string(), kProjectB);
    EXPECT_TRUE(is_wire_timestamp(p.at("created_at")));
    EXPECT_EQ(p.at("created_at"), p.at("updated_at"));
}

TEST_F(Lifecycle, SameProjectCreateIsActiveAtOnce) {
    const auto p = create(kProjectA);
    EXPECT_EQ(p.at("status").as_string(), "ACTIVE");
    EXPECT_EQ(p.at("accept_vpc_info").at("tenant_id").as_string(), kProjectA);
    const auto explicit_same = create(kProjectA, kProjectA);
    EXPECT_EQ(explicit_same.at("status").as_string(), "ACTIVE");
}

TEST_F(Lifecycle, AcceptByAccepterActivatesAndAnswersBareObject) {
    const auto p = create(kProjectA, kProjectB);
    const std::string id(p.at("id").as_string());
    const auto by_requester = call("PUT", kPeerings + "/" + id + "/accept", kProjectA);
    expect_neutron_error(by_requester, 403, "NotAuthorized");
    const auto accepted = call("PUT", kPeerings + "/" + id + "/accept", kProjectB);
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    const auto bare = accepted.json().as_object();
    EXPECT_FALSE(bare.contains("peering"));
    EXPECT_EQ(bare.at("status").as_string(), "ACTIVE");
    EXPECT_EQ(bare.at("tenant_id").as_string(), kProjectB);
    EXPECT_EQ(bare.at("id").as_string(), id);
    const auto again = call("PUT", kPeerings + "/" + id + "/accept", kProjectB);
    EXPECT_EQ(expect_neutron_error(again, 409, "PeeringStatusInvalid"), "VPC.0804");
    const auto shown = call("GET", kPeerings + "/" + id, kProjectA);
    ASSERT_EQ(shown.status, 200);
    EXPECT_EQ(shown.json().at("peering").at("status").as_string(), "ACTIVE");
}

TEST_F(Lifecycle, RejectByAccepterIsTerminal) {
    const auto p = create(kProjectA, kProjectB);
    const std::string id(p.at("id").as_string());
    const auto rejected = call("PUT", kPeerings + "/" + id + "/reject", kProjectB, "{\"ignored\":1}");
    ASSERT_EQ(rejected.status, 200) << rejected.body;
    EXPECT_EQ(rejected.json().at("status").as_string(), "REJECTED");
    EXPECT_EQ(rejected.json().at("tenant_id").as_string(), kProjectB);
    expect_neutron_error(call("PUT", kPeerings + "/" + id + "/accept", kProjectB), 409,
                         "PeeringStatusInvalid");
    // A rejected peering no longer holds the pair.
    const auto vpc_a = std::string(p.at("request_vpc_info").at("vpc_id").as_string());
    const auto vpc_b = std::string(p.at("accept_vpc_info").at("vpc_id").as_string());
    EXPECT_EQ(call("POST", kPeerings, kProjectA, create_body("again", vpc_a, vpc_b, kProjectB)).status, 201);
}

TEST_F(Lifecycle, EitherPartyUpdatesNameAndDescription) {
    const auto p = create(kProjectA, kProjectB);
    const std::string id(p.at("id").as_string());
    const auto by_b = call("PUT", kPeerings + "/" + id, kProjectB,
                           R"({"peering":{"name":"renamed","description":"by the accepter"}})");
    ASSERT_EQ(by_b.status, 200) << by_b.body;
    EXPECT_EQ(by_b.json().at("peering").at("name").as_string(), "renamed");
    EXPECT_EQ(by_b.json().at("peering").at("description").as_string(), "by the accepter");
    EXPECT_EQ(by_b.json().at("peering").at("status").as_string(), "PENDING_ACCEPTANCE");
    const auto by_a = call("PUT", kPeerings + "/" + id, kProjectA, R"({"peering":{"description":""}})");
    ASSERT_EQ(by_a.status, 200) << by_a.body;
    EXPECT_EQ(by_a.json().at("peering").at("description").as_string(), "");
    EXPECT_EQ(by_a.json().at("peering").at("name").as_string(), "renamed");
}

TEST_F(Lifecycle, DeleteAnswers204ThenNotFoundEverywhere) {
    const auto p = create(kProjectA, kProjectB);
    const std::string id(p.at("id").as_string());
    const auto deleted = call("DELETE", kPeerings + "/" + id, kProjectB);
    EXPECT_EQ(deleted.status, 204);
    EXPECT_TRUE(deleted.body.empty());
    for (const auto& [method, suffix] : std::vector<std::pair<std::string, std::string>>{
             {"GET", ""}, {"DELETE", ""}, {"PUT", "/accept"}, {"PUT", "/reject"}}) {
        const auto r = call(method, kPeerings + "/" + id + suffix, kProjectA);
        EXPECT_EQ(expect_neutron_error(r, 404, "PeeringNotFound"), "VPC.0802") << method << suffix;
    }
    expect_neutron_error(call("PUT", kPeerings + "/" + id, kProjectA, R"({"peering":{"name":"x"}})"),
                         404, "PeeringNotFound");
    const auto list = call("GET", kPeerings + "?id=" + id, kProjectA);
    EXPECT_TRUE(list.json().at("peerings").as_array().empty());
    // The pair and the quota are free again.
    const auto vpc_a = std::string(p.at("request_vpc_info").at("vpc_id").as_string());
    const auto vpc_b = std::string(p.at("accept_vpc_info").at("vpc_id").as_string());
    EXPECT_EQ(call("POST", kPeerings, kProjectA, create_body("again", vpc_b, vpc_a, kProjectA)).status, 201);
}

TEST_F(Lifecycle, ThirdProjectSeesNothing) {
    const auto p = create(kProjectA, kProjectB);
    const std::string id(p.at("id").as_string());
    for (const auto& [method, suffix] : std::vector<std::pair<std::string, std::string>>{
             {"GET", ""}, {"DELETE", ""}, {"PUT", "/accept"}, {"PUT", "/reject"}})
        expect_neutron_error(call(method, kPeerings + "/" + id + suffix, kProjectC), 404, "PeeringNotFound");
    EXPECT_TRUE(call("GET", kPeerings, kProjectC).json().at("peerings").as_array().empty());
    EXPECT_TRUE(call("GET", kPeerings + "?tenant_id=" + kProjectA, kProjectC).json().at("peerings").as_array().empty());
    EXPECT_EQ(call("GET", kPeerings + "/" + id, kProjectA).status, 200);
}

TEST_F(Lifecycle, KeepAliveServesManyRequestsOnOneConnection) {
    for (int i = 0; i < 20; ++i) EXPECT_EQ(call("GET", kPeerings, kProjectA).status, 200);
}

}  // namespace
}  // namespace peeringd::test
