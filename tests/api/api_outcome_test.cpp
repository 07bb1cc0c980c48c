// Api::serve reports what the daemon logs and counts: the route template (never the raw path),
// the authenticated project and credential, and the vendor error code.
#include "tests/api/api_fixture.hpp"

namespace peeringd::api::test {
namespace {

using ApiOutcome = ApiTest;

TEST_F(ApiOutcome, SuccessNamesRouteTemplateAndCaller) {
    const auto id = std::string(create(vpc(1), vpc(2)).at("id").as_string());
    const auto outcome = harness_.serve(make_request(http::verb::get, "/v2.0/vpc/peerings/" + id));
    EXPECT_EQ(outcome.response.result(), http::status::ok);
    EXPECT_EQ(outcome.route, "/v2.0/vpc/peerings/{id}");
    EXPECT_EQ(outcome.peering_id, id);
    EXPECT_EQ(outcome.project, kProjectA);
    EXPECT_EQ(outcome.error_code, "");
}

TEST_F(ApiOutcome, ErrorsCarryTheirVendorCode) {
    auto outcome = harness_.serve(make_request(http::verb::put, "/v2.0/vpc/peerings/nope/accept"));
    EXPECT_EQ(outcome.route, "/v2.0/vpc/peerings/{id}/accept");
    EXPECT_EQ(outcome.error_code, "VPC.0802");
    EXPECT_EQ(outcome.project, kProjectA);

    outcome = harness_.serve(make_request(http::verb::patch, "/v2.0/vpc/peerings"));
    EXPECT_EQ(outcome.response.result(), http::status::method_not_allowed);
    EXPECT_EQ(outcome.route, "/v2.0/vpc/peerings");  // the path is known even if the method is not
    EXPECT_EQ(outcome.error_code, "VPC.0811");

    outcome = harness_.serve(make_request(http::verb::get, "/v2.0/secret-tenant-path"));
    EXPECT_EQ(outcome.route, "unmatched");
    EXPECT_EQ(outcome.error_code, "APIGW.0101");
}

TEST_F(ApiOutcome, UnauthenticatedRequestNamesNoProject) {
    // The development authenticator refuses a malformed X-Project-Id: the claim is not an identity.
    const auto outcome = harness_.serve(make_request(http::verb::get, "/v2.0/vpc/peerings", {}, "not a project"));
    EXPECT_EQ(outcome.response.result(), http::status::unauthorized);
    EXPECT_EQ(outcome.project, "");
    EXPECT_EQ(outcome.credential_id, "");
    EXPECT_EQ(outcome.error_code, "APIGW.0301");
}

}  // namespace
}  // namespace peeringd::api::test
