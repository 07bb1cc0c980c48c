#include "tests/api/api_fixture.hpp"

#include <regex>
#include <set>
#include <stdexcept>

namespace peeringd::api::test {
namespace {

bool is_request_id(std::string_view text) {
    return std::regex_match(std::string(text), std::regex("[0-9a-f]{32}"));
}

bool is_openstack_id(std::string_view text) {
    return std::regex_match(
        std::string(text),
        std::regex("req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
}

using ApiHeaders = ApiTest;

TEST_F(ApiHeaders, EverySuccessCarriesRequestIdsAndJsonContentType) {
    const auto response = call(http::verb::get, "/v2.0/vpc/peerings");
    EXPECT_EQ(response.result(), http::status::ok);
    EXPECT_TRUE(is_request_id(response["X-Request-Id"])) << response["X-Request-Id"];
    EXPECT_TRUE(is_openstack_id(response["X-Openstack-Request-Id"]));
    EXPECT_EQ(response[http::field::content_type], "application/json");
    EXPECT_EQ(response[http::field::content_length], std::to_string(response.body().size()));
}

TEST_F(ApiHeaders, RequestIdsAreFreshPerResponse) {
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i)
        seen.insert(std::string(call(http::verb::get, "/v2.0/vpc/peerings")["X-Request-Id"]));
    EXPECT_EQ(seen.size(), 50U);
}

TEST_F(ApiHeaders, ErrorBodyRequestIdEqualsHeader) {
    const auto response = call(http::verb::get, "/v2.0/vpc/peerings/nope");
    EXPECT_EQ(body_of(response).at("request_id").as_string(), response["X-Request-Id"]);
}

TEST_F(ApiHeaders, VersionAndKeepAliveAreMirrored) {
    auto request = make_request(http::verb::get, "/v2.0/vpc/peerings");
    request.version(10);
    request.keep_alive(false);
    auto response = harness_.handle(request);
    EXPECT_EQ(response.version(), 10U);
    EXPECT_FALSE(response.keep_alive());
    request.version(11);
    request.keep_alive(true);
    response = harness_.handle(request);
    EXPECT_EQ(response.version(), 11U);
    EXPECT_TRUE(response.keep_alive());
}

TEST_F(ApiHeaders, UnknownPathIsTheGatewayNotFound) {
    for (const char* target : {"/v2.0/vpc/peering", "/v3/vpc/peerings", "/", "/v2.0/vpc/%2e%2e",
                               "/v2.0/vpc/peerings/x/y/z"}) {
        SCOPED_TRACE(target);
        const auto response = call(http::verb::get, target, "", "");  // no credentials needed
        EXPECT_EQ(response.result(), http::status::not_found);
        const auto body = body_of(response).as_object();
        EXPECT_EQ(body, (bj::object{
                            {"error_msg",
                             "The API does not exist or has not been published in the environment"},
                            {"error_code", "APIGW.0101"},
                            {"request_id", response["X-Request-Id"]}}));
    }
}

TEST_F(ApiHeaders, WrongMethodIs405WithAllow) {
    const auto response = call(http::verb::delete_, "/v2.0/vpc/peerings");
    expect_error(response, http::status::method_not_allowed, "HTTPMethodNotAllowed", "VPC.0811",
                 "The method DELETE is not allowed for this resource.");
    EXPECT_EQ(response[http::field::allow], "GET, POST");
    const auto patch = call(http::verb::patch, "/v2.0/vpc/peerings/x/accept/");
    EXPECT_EQ(patch[http::field::allow], "PUT");
}

TEST_F(ApiHeaders, TrailingSlashIsTheSameResource) {
    const auto created = harness_.handle(make_request(http::verb::post, "/v2.0/vpc/peerings/",
                                                      create_body(vpc(1), vpc(2))));
    ASSERT_EQ(created.result(), http::status::created);
    const std::string id(body_of(created).at("peering").at("id").as_string());
    EXPECT_EQ(call(http::verb::get, "/v2.0/vpc/peerings/" + id + "/").result(), http::status::ok);
    EXPECT_EQ(body_of(call(http::verb::get, "/v2.0/vpc/peerings/?id=" + id))
                  .at("peerings")
                  .as_array()
                  .size(),
              1U);
}

TEST_F(ApiHeaders, MissingOrInvalidProjectIsGateway401) {
    auto missing = make_request(http::verb::get, "/v2.0/vpc/peerings", "", "");
    auto invalid = make_request(http::verb::get, "/v2.0/vpc/peerings", "", "not a project!");
    auto repeated = make_request(http::verb::get, "/v2.0/vpc/peerings");
    repeated.insert("X-Project-Id", kProjectB);
    for (const auto& request : {missing, invalid, repeated}) {
        const auto response = harness_.handle(request);
        EXPECT_EQ(response.result(), http::status::unauthorized);
        const auto body = body_of(response).as_object();
        EXPECT_EQ(body.size(), 3U);
        EXPECT_EQ(body.at("error_code").as_string(), "APIGW.0301");
        EXPECT_EQ(std::string(body.at("error_msg").as_string())
                      .rfind("Incorrect IAM authentication information: ", 0),
                  0U);
    }
}

class ThrowingAuthenticator final : public Authenticator {
public:
    boost::asio::awaitable<domain::Result<Identity>> authenticate(const Request&) const override {
        throw std::runtime_error("secret internals");
        co_return domain::Result<Identity>{Identity{}};  // makes this a coroutine
    }
};

TEST(ApiFailures, ExceptionsBecomeTheGeneric500) {
    ApiHarness harness({}, {}, std::make_unique<ThrowingAuthenticator>());
    const auto response = harness.handle(make_request(http::verb::get, "/v2.0/vpc/peerings"));
    expect_error(response, http::status::internal_server_error, "HTTPInternalServerError",
                 "VPC.0899",
                 "Request Failed: internal server error while processing your request.");
    EXPECT_EQ(response.body().find("secret"), std::string::npos);
}

class AdminAuthenticator final : public Authenticator {
public:
    boost::asio::awaitable<domain::Result<Identity>> authenticate(const Request&) const override {
        co_return Identity{std::nullopt, true, "admin"};
    }
};

TEST(ApiAdmin, AdminWithoutProjectReadsEverythingButCannotWrite) {
    ApiHarness harness({}, {}, std::make_unique<AdminAuthenticator>());
    const auto listed = harness.handle(make_request(http::verb::get, "/v2.0/vpc/peerings"));
    EXPECT_EQ(listed.result(), http::status::ok);
    const auto created = harness.handle(
        make_request(http::verb::post, "/v2.0/vpc/peerings", create_body(vpc(1), vpc(2))));
    EXPECT_EQ(created.result(), http::status::unauthorized);
}

}  // namespace
}  // namespace peeringd::api::test
