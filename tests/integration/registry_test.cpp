// The VPC registry's enforcement on create (spec §6.7, E10/E11), on and off, and the admin-only
// registry endpoints (docs/API.md) with real tokens from peeringctl.
#include "tests/integration/cs_fixture.hpp"

#include <fstream>
#include <map>

namespace peeringd::test {
namespace {

const std::string kAcceptMessage =
    "Invalid input for operation: Accept VPC id or tenant id is incorrect.";
const std::string kRequestMessage =
    "Invalid input for operation: Request VPC id or tenant id is incorrect.";

class VpcRegistry : public CsFixture {
protected:
    std::string post(const std::string& as, const std::string& request_vpc,
                     const std::string& accept_vpc, const std::string& accept_tenant,
                     int want_status, const std::string& want_type = {}) {
        const auto r = call("POST", kPeerings, as, create_body("p", request_vpc, accept_vpc, accept_tenant));
        if (want_type.empty()) {
            EXPECT_EQ(r.status, want_status) << r.body;
            return {};
        }
        const auto code = expect_neutron_error(r, want_status, want_type);
        return code + " " + std::string(r.json().at("error_msg").as_string());
    }
};

TEST_F(VpcRegistry, OffByDefaultAnyWellFormedVpcIsAccepted) {
    ASSERT_NO_FATAL_FAILURE(start());
    const auto b_vpc = random_vpc();
    add_vpc(kProjectB, b_vpc);  // registered to B, but nothing is enforced
    post(kProjectA, b_vpc, random_vpc(), kProjectC, 201);
    post(kProjectA, random_vpc(), random_vpc(), "", 201);
}

TEST_F(VpcRegistry, EnforcedRequestVpcMustBeTheCallers) {
    ASSERT_NO_FATAL_FAILURE(start({"--enforce-vpc-registry"}));
    const auto a_vpc = random_vpc(), b_vpc = random_vpc();
    add_vpc(kProjectA, a_vpc);
    add_vpc(kProjectB, b_vpc);
    // Unknown and foreign request VPCs answer alike (no ownership leak).
    EXPECT_EQ(post(kProjectA, random_vpc(), b_vpc, kProjectB, 400, "InvalidInput"),
              "VPC.0810 " + kRequestMessage);
    EXPECT_EQ(post(kProjectA, b_vpc, a_vpc, "", 400, "InvalidInput"), "VPC.0810 " + kRequestMessage);
    post(kProjectA, a_vpc, b_vpc, kProjectB, 201);
}

TEST_F(VpcRegistry, EnforcedAcceptVpcMustBeTheAcceptProjects) {
    ASSERT_NO_FATAL_FAILURE(start({"--enforce-vpc-registry"}));
    const auto a_vpc = random_vpc(), a2_vpc = random_vpc(), b_vpc = random_vpc();
    add_vpc(kProjectA, a_vpc);
    add_vpc(kProjectA, a2_vpc);
    add_vpc(kProjectB, b_vpc);
    EXPECT_EQ(post(kProjectA, a_vpc, random_vpc(), kProjectB, 400, "InvalidInput"),
              "VPC.0809 " + kAcceptMessage);
    EXPECT_EQ(post(kProjectA, a_vpc, b_vpc, kProjectC, 400, "InvalidInput"),
              "VPC.0809 " + kAcceptMessage);
    EXPECT_EQ(post(kProjectA, a_vpc, b_vpc, "", 400, "InvalidInput"), "VPC.0809 " + kAcceptMessage);
    post(kProjectA, a_vpc, a2_vpc, "", 201);  // same project, implied accept project
    post(kProjectA, a2_vpc, b_vpc, kProjectB, 201);
}

TEST_F(VpcRegistry, EnforcedOnCsCreateForTheAcceptVpc) {
    ASSERT_NO_FATAL_FAILURE(start({"--enforce-vpc-registry"}));
    add_cluster(7, kProjectA);  // the cluster VPC itself needs no VPC registry entry
    const auto a_vpc = random_vpc();
    const auto r = call("POST", cs_base(kProjectA, 7), kProjectA, cs_body(random_vpc()));
    expect_cs_error(r, 400, "CS.10001");
    EXPECT_EQ(r.json().at("error_msg").as_string(), kAcceptMessage);
    add_vpc(kProjectA, a_vpc);
    cs_create(kProjectA, 7, a_vpc);
}

TEST_F(VpcRegistry, ConfigFileTurnsItOn) {
    const auto config = dir_.file("peeringd.conf");
    {
        std::ofstream file(config);
        file << "enforce-vpc-registry = true\n";
    }
    ASSERT_NO_FATAL_FAILURE(start({"--config", config.string()}));
    post(kProjectA, random_vpc(), random_vpc(), "", 400, "InvalidInput");
}

class AdminEndpoints : public CsFixture {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(start({}, false));
        admin_ = token(kProjectC, true);
        user_ = token(kProjectA, false);
    }
    std::string token(const std::string& project, bool admin) {
        std::vector<std::string> args{"token", "create", "--project", project};
        if (admin) args.emplace_back("--admin");
        return std::string(ctl(args).at("token").as_string());
    }
    HttpResponse as(const std::string& token, const std::string& method, const std::string& target,
                    const std::string& body = {}) {
        std::map<std::string, std::string> headers{{"X-Auth-Token", token}};
        if (!body.empty()) headers["Content-Type"] = "application/json";
        return client().request(method, target, std::nullopt, body, headers);
    }
    std::string admin_, user_;
};

TEST_F(AdminEndpoints, OnlyAdminsMayUseThem) {
    for (const auto& [method, target] :
         std::vector<std::pair<std::string, std::string>>{{"GET", "/v2.0/peeringd/clusters"},
                                                          {"POST", "/v2.0/peeringd/clusters"},
                                                          {"DELETE", "/v2.0/peeringd/clusters/7"},
                                                          {"GET", "/v2.0/peeringd/vpcs"},
                                                          {"POST", "/v2.0/peeringd/vpcs"},
                                                          {"DELETE", "/v2.0/peeringd/vpcs/" + random_vpc()}}) {
        SCOPED_TRACE(method + " " + target);
        const auto r = as(user_, method, target, method == "POST" ? "{}" : "");
        EXPECT_EQ(expect_neutron_error(r, 403, "Forbidden"), "VPC.0816");
    }
}

TEST_F(AdminEndpoints, ClustersAddListRemove) {
    const auto vpc = random_vpc();
    const std::string body = R"({"cluster":{"id":7,"project_id":")" + kProjectA +
                             R"(","service_project_id":")" + kServiceProject + R"(","vpc_id":")" +
                             vpc + R"(","vpc_cidr":"10.8.0.0/16","subnet_cidr":"10.8.1.0/24"}})";
    const auto added = as(admin_, "POST", "/v2.0/peeringd/clusters", body);
    ASSERT_EQ(added.status, 201) << added.body;
    EXPECT_EQ(added.json().at("cluster").at("vpc_id").as_string(), vpc);
    expect_neutron_error(as(admin_, "POST", "/v2.0/peeringd/clusters", body), 409, "RegistryEntryConflict");
    const auto listed = as(admin_, "GET", "/v2.0/peeringd/clusters");
    ASSERT_EQ(listed.json().at("clusters").as_array().size(), 1U) << listed.body;
    EXPECT_EQ(listed.json().at("clusters").at(0).at("id").as_int64(), 7);
    expect_neutron_error(as(admin_, "POST", "/v2.0/peeringd/clusters", R"({"cluster":{"id":"7"}})"), 400,
                         "HTTPBadRequest");
    // A cluster with a peering cannot go: its owner would lose the only way to reach it.
    ASSERT_EQ(as(user_, "POST", cs_base(kProjectA, 7), cs_body(random_vpc())).status, 201);
    expect_neutron_error(as(admin_, "DELETE", "/v2.0/peeringd/clusters/7"), 409, "RegistryEntryConflict");
    add_cluster(8, kProjectB);
    EXPECT_EQ(as(admin_, "DELETE", "/v2.0/peeringd/clusters/8").status, 204);
    expect_neutron_error(as(admin_, "DELETE", "/v2.0/peeringd/clusters/8"), 404, "RegistryEntryNotFound");
}

TEST_F(AdminEndpoints, VpcsAddListRemove) {
    const auto vpc = random_vpc();
    const std::string body =
        R"({"vpc":{"id":")" + vpc + R"(","project_id":")" + kProjectA + R"(","cidr":"10.1.0.0/16"}})";
    ASSERT_EQ(as(admin_, "POST", "/v2.0/peeringd/vpcs", body).status, 201);
    expect_neutron_error(as(admin_, "POST", "/v2.0/peeringd/vpcs", body), 409, "RegistryEntryConflict");
    expect_neutron_error(as(admin_, "POST", "/v2.0/peeringd/vpcs",
                            R"({"vpc":{"id":")" + random_vpc() + R"(","project_id":"p","cidr":"10.1.0.1/16"}})"),
                         400, "HTTPBadRequest");
    const auto listed = as(admin_, "GET", "/v2.0/peeringd/vpcs");
    ASSERT_EQ(listed.json().at("vpcs").as_array().size(), 1U) << listed.body;
    EXPECT_EQ(listed.json().at("vpcs").at(0).at("project_id").as_string(), kProjectA);
    EXPECT_EQ(as(admin_, "DELETE", "/v2.0/peeringd/vpcs/" + vpc).status, 204);
    expect_neutron_error(as(admin_, "DELETE", "/v2.0/peeringd/vpcs/" + vpc), 404, "RegistryEntryNotFound");
}

}  // namespace
}  // namespace peeringd::test
