// The CS v1.0 reserved-cluster façade (spec §4) over HTTP against the real daemon: every
// endpoint, each CS error (§7.3/§7.4 CS catalogue), and one record shared with the v2.0 API.
#include "tests/integration/cs_fixture.hpp"

namespace peeringd::test {
namespace {

class CsApi : public CsFixture {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(start({"--project-quota", kServiceProject + "=3"}));
        cluster_vpc_ = add_cluster(7, kProjectA);
        base_ = cs_base(kProjectA, 7);
    }
    std::string id_path(const boost::json::object& peering) const {
        return base_ + "/" + std::string(peering.at("id").as_string());
    }
    void accept_v2(const boost::json::object& peering, const std::string& as) {
        const auto r = call("PUT", kPeerings + "/" + std::string(peering.at("id").as_string()) +
                                       "/accept", as);
        ASSERT_EQ(r.status, 200) << r.body;
    }
    std::string cluster_vpc_, base_;
};

TEST_F(CsApi, CreateIsPendingWithTheClusterVpcAsRequester) {
    const auto vpc = random_vpc();
    const auto r = call("POST", base_, kProjectA, cs_body(vpc));
    ASSERT_EQ(r.status, 201) << r.body;
    const auto p = r.json().as_object().at("peering").as_object();
    EXPECT_EQ(p.at("status").as_string(), "PENDING_ACCEPTANCE");
    EXPECT_EQ(p.at("name").as_string(), "flink-to-rds");
    EXPECT_EQ(p.at("request_vpc_info").at("vpc_id").as_string(), cluster_vpc_);
    EXPECT_EQ(p.at("request_vpc_info").at("tenant_id").as_string(), kServiceProject);
    EXPECT_EQ(p.at("accept_vpc_info").at("vpc_id").as_string(), vpc);
    EXPECT_EQ(p.at("accept_vpc_info").at("tenant_id").as_string(), kProjectA);
    const auto other = cs_create(kProjectA, 7, random_vpc(), kProjectB);
    EXPECT_EQ(other.at("accept_vpc_info").at("tenant_id").as_string(), kProjectB);
}

TEST_F(CsApi, ListShowsTheClustersPeeringsWithItsCidrs) {
    const auto mine = cs_create(kProjectA, 7, random_vpc());
    add_cluster(8, kProjectA);
    cs_create(kProjectA, 8, random_vpc());
    create(kServiceProject, kProjectA);  // a v2.0 peering of the service project: not CS
    const auto r = call("GET", base_, kProjectA);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto json = r.json();
    const auto& list = json.at("peerings").as_array();
    ASSERT_EQ(list.size(), 1U) << r.body;
    EXPECT_EQ(list[0].at("id"), mine.at("id"));
    EXPECT_EQ(list[0].at("request_vpc_info").at("vpc_cidr").as_string(), "10.8.0.0/16");
    EXPECT_EQ(list[0].at("request_vpc_info").at("subnet_cidr").as_string(), "10.8.1.0/24");
    const auto other = call("GET", cs_base(kProjectA, 8), kProjectA).json();
    EXPECT_EQ(other.at("peerings").as_array().size(), 1U);
}

TEST_F(CsApi, ShowThenDeleteThenShowIsCs22103) {
    const auto p = cs_create(kProjectA, 7, random_vpc());
    const auto shown = call("GET", id_path(p), kProjectA);
    ASSERT_EQ(shown.status, 200) << shown.body;
    EXPECT_EQ(shown.json().at("peering").at("id"), p.at("id"));
    const auto deleted = call("DELETE", id_path(p), kProjectA);
    EXPECT_EQ(deleted.status, 204);
    EXPECT_TRUE(deleted.body.empty());
    expect_cs_error(call("GET", id_path(p), kProjectA), 400, "CS.22103");
    expect_cs_error(call("DELETE", id_path(p), kProjectA), 400, "CS.22103");
    EXPECT_TRUE(call("GET", base_, kProjectA).json().at("peerings").as_array().empty());
}

TEST_F(CsApi, PathProjectMustBeTheCaller) {
    expect_cs_error(call("GET", base_, kProjectB), 400, "CS.10001");
    expect_cs_error(call("POST", base_, kProjectB, cs_body(random_vpc())), 400, "CS.10001");
}

TEST_F(CsApi, UnknownOrForeignClusterIsCs20005) {
    expect_cs_error(call("GET", cs_base(kProjectA, 99), kProjectA), 400, "CS.20005");
    expect_cs_error(call("POST", cs_base(kProjectB, 7), kProjectB, cs_body(random_vpc())), 400,
                    "CS.20005");
    expect_cs_error(call("GET", cs_base(kProjectB, 7) + "/" + random_vpc(), kProjectB), 400,
                    "CS.20005");
}

TEST_F(CsApi, InvalidInputIsCs10001) {
    expect_cs_error(call("GET", "/v1.0/" + kProjectA + "/reserved_cluster/abc/peering", kProjectA),
                    400, "CS.10001");
    for (const std::string& body : std::vector<std::string>{
             "not json", R"({"name":"x"})", R"({"vpc_id":"nope","name":"x"})", R"({"vpc_id":")" + random_vpc() + R"("})",
          R"({"vpc_id":")" + random_vpc() + R"(","name":"x","extra":1})",
          R"({"vpc_id":")" + random_vpc() + R"(","name":"x","accept_tenant_id":"bad id!"})",
          cs_body(cluster_vpc_)}) {
        SCOPED_TRACE(body);
        expect_cs_error(call("POST", base_, kProjectA, body), 400, "CS.10001");
    }
}

TEST_F(CsApi, DuplicatePairAndQuotaAre409) {
    const auto vpc = random_vpc();
    cs_create(kProjectA, 7, vpc);
    expect_cs_error(call("POST", base_, kProjectA, cs_body(vpc)), 409, "CS.22104");
    cs_create(kProjectA, 7, random_vpc());
    cs_create(kProjectA, 7, random_vpc());  // the service project's quota of 3 is used up
    expect_cs_error(call("POST", base_, kProjectA, cs_body(random_vpc())), 409, "CS.22106");
}

TEST_F(CsApi, UnknownPeeringIsCs22103) {
    expect_cs_error(call("GET", base_ + "/" + random_vpc(), kProjectA), 400, "CS.22103");
    expect_cs_error(call("GET", base_ + "/not-a-uuid", kProjectA), 400, "CS.22103");
    expect_cs_error(call("GET", base_ + "/" + random_vpc() + "/route", kProjectA), 400, "CS.22103");
    add_cluster(8, kProjectA);
    const auto other = cs_create(kProjectA, 8, random_vpc());
    expect_cs_error(call("GET", base_ + "/" + std::string(other.at("id").as_string()), kProjectA),
                    400, "CS.22103");
}

TEST_F(CsApi, RoutesNeedAnActivePeering) {
    const auto p = cs_create(kProjectA, 7, random_vpc());
    const std::string routes = id_path(p) + "/route";
    expect_cs_error(call("POST", routes, kProjectA, R"({"destination":"10.9.0.0/16"})"), 409,
                    "CS.22105");
    accept_v2(p, kProjectA);
    const auto created = call("POST", routes, kProjectA, R"({"destination":"10.9.0.0/16"})");
    ASSERT_EQ(created.status, 201) << created.body;
    const auto route = created.json().at("route").as_object();
    EXPECT_EQ(route.at("type").as_string(), "peering");
    EXPECT_EQ(route.at("nexthop"), p.at("id"));
    EXPECT_EQ(route.at("destination").as_string(), "10.9.0.0/16");
    EXPECT_EQ(route.at("vpc_id").as_string(), cluster_vpc_);
    EXPECT_EQ(route.at("tenant_id").as_string(), kServiceProject);
    EXPECT_EQ(route.at("id").as_string().size(), 36U);
    expect_cs_error(call("POST", routes, kProjectA, R"({"destination":"10.9.0.0/16"})"), 409,
                    "CS.22104");
    const auto listed = call("GET", routes, kProjectA);
    ASSERT_EQ(listed.status, 200) << listed.body;
    ASSERT_EQ(listed.json().at("routes").as_array().size(), 1U);
    EXPECT_EQ(listed.json().at("routes").at(0), created.json().at("route"));
    const std::string route_path = routes + "/" + std::string(route.at("id").as_string());
    EXPECT_EQ(call("DELETE", route_path, kProjectA).status, 204);
    expect_cs_error(call("DELETE", route_path, kProjectA), 400, "CS.22107");
    EXPECT_TRUE(call("GET", routes, kProjectA).json().at("routes").as_array().empty());
}

TEST_F(CsApi, RouteDestinationMustBeACidr) {
    const auto p = cs_create(kProjectA, 7, random_vpc());
    accept_v2(p, kProjectA);
    for (const char* body : {R"({"destination":"10.9.0.1/16"})", R"({"destination":"10.9.0.0/33"})",
                             R"({"destination":"banana"})", R"({})", R"({"destination":1})",
                             R"({"destination":"10.9.0.0/16","x":1})"}) {
        SCOPED_TRACE(body);
        expect_cs_error(call("POST", id_path(p) + "/route", kProjectA, body), 400, "CS.10001");
    }
}

TEST_F(CsApi, DeletingThePeeringDropsItsRoutes) {
    const auto p = cs_create(kProjectA, 7, random_vpc());
    accept_v2(p, kProjectA);
    ASSERT_EQ(call("POST", id_path(p) + "/route", kProjectA, R"({"destination":"10.9.0.0/16"})").status, 201);
    ASSERT_EQ(call("DELETE", id_path(p), kProjectA).status, 204);
    expect_cs_error(call("GET", id_path(p) + "/route", kProjectA), 400, "CS.22103");
}

TEST_F(CsApi, GatewayErrorsKeepTheirShapeAndOtherErrorsUseCs) {
    const auto unauthenticated = call("GET", base_, std::nullopt);
    EXPECT_EQ(unauthenticated.status, 401);
    EXPECT_EQ(unauthenticated.json().at("error_code").as_string(), "APIGW.0301");
    const auto wrong_method = call("PUT", base_, kProjectA, "{}");
    EXPECT_EQ(wrong_method.header("Allow"), "GET, POST");
    expect_cs_error(wrong_method, 405, "CS.10001");
}

TEST_F(CsApi, OneRecordTwoApis) {
    const auto p = cs_create(kProjectA, 7, random_vpc(), kProjectB);
    const std::string id(p.at("id").as_string());
    // The user's project accepts through v2.0 (§4.6); the CS side then reads ACTIVE.
    accept_v2(p, kProjectB);
    EXPECT_EQ(call("GET", id_path(p), kProjectA).json().at("peering").at("status").as_string(), "ACTIVE");
    const auto v2_list = call("GET", kPeerings + "?id=" + id, kServiceProject);
    ASSERT_EQ(v2_list.json().at("peerings").as_array().size(), 1U) << v2_list.body;
    EXPECT_EQ(call("GET", kPeerings + "/" + id, kProjectB).status, 200);
    // Deleting from v2.0 removes it from the CS API.
    EXPECT_EQ(call("DELETE", kPeerings + "/" + id, kProjectB).status, 204);
    expect_cs_error(call("GET", id_path(p), kProjectA), 400, "CS.22103");
    EXPECT_TRUE(call("GET", base_, kProjectA).json().at("peerings").as_array().empty());
    // ... and deleting from CS removes it from v2.0, for both parties.
    const auto q = cs_create(kProjectA, 7, random_vpc());
    const std::string qid(q.at("id").as_string());
    EXPECT_EQ(call("GET", kPeerings + "/" + qid, kProjectA).status, 200);
    EXPECT_EQ(call("DELETE", id_path(q), kProjectA).status, 204);
    expect_neutron_error(call("GET", kPeerings + "/" + qid, kProjectA), 404, "PeeringNotFound");
    expect_neutron_error(call("GET", kPeerings + "/" + qid, kServiceProject), 404, "PeeringNotFound");
}

}  // namespace
}  // namespace peeringd::test
