#include "tests/api/api_fixture.hpp"

namespace peeringd::api::test {
namespace {

class CreatePeering : public ApiTest {
protected:
    Response post(std::string body, std::string project = kProjectA) {
        return call(http::verb::post, "/v2.0/vpc/peerings", std::move(body), std::move(project));
    }
};

TEST_F(CreatePeering, SameProjectIsActiveAtOnce) {
    const auto response = post(create_body(vpc(1), vpc(2)));
    ASSERT_EQ(response.result(), http::status::created);
    const auto body = body_of(response).as_object();
    ASSERT_EQ(body.size(), 1U);
    const auto& p = body.at("peering").as_object();
    EXPECT_EQ(p.size(), 9U);  // the §1.1 fields plus peeringd's revision
    EXPECT_GT(p.at("revision").as_int64(), 0);
    EXPECT_EQ(p.at("id").as_string().size(), 36U);
    EXPECT_EQ(p.at("name").as_string(), "app-to-db");
    EXPECT_EQ(p.at("description").as_string(), "");
    EXPECT_EQ(p.at("status").as_string(), "ACTIVE");
    EXPECT_EQ(p.at("request_vpc_info"), (bj::object{{"vpc_id", vpc(1)}, {"tenant_id", kProjectA}}));
    EXPECT_EQ(p.at("accept_vpc_info"), (bj::object{{"vpc_id", vpc(2)}, {"tenant_id", kProjectA}}));
    EXPECT_EQ(p.at("created_at").as_string(), "2026-03-14T08:05:00");
    EXPECT_EQ(p.at("updated_at").as_string(), "2026-03-14T08:05:00");
}

TEST_F(CreatePeering, OtherProjectWaitsForAcceptance) {
    const auto p = create(vpc(1), vpc(2), kProjectB);
    EXPECT_EQ(p.at("status").as_string(), "PENDING_ACCEPTANCE");
    EXPECT_EQ(p.at("accept_vpc_info").at("tenant_id").as_string(), kProjectB);
}

TEST_F(CreatePeering, CanonicalizesIdsAndTreatsEmptyTenantAsAbsent) {
    const auto response = post(R"({"peering": {"name": "n", "description": "d",
        "request_vpc_info": {"vpc_id": "3E6F1D2C8B4A4F7EA1C90D5B7E2F6A18", "tenant_id": ""},
        "accept_vpc_info": {"vpc_id": "C47A9E10-2F3B-4D6C-8E91-5A0B3C7D2E64", "tenant_id": ""}},
        "ignored_sibling": [1, 2]})");
    ASSERT_EQ(response.result(), http::status::created) << response.body();
    const auto p = body_of(response).at("peering");
    EXPECT_EQ(p.at("request_vpc_info").at("vpc_id").as_string(),
              "3e6f1d2c-8b4a-4f7e-a1c9-0d5b7e2f6a18");
    EXPECT_EQ(p.at("accept_vpc_info").at("vpc_id").as_string(),
              "c47a9e10-2f3b-4d6c-8e91-5a0b3c7d2e64");
    EXPECT_EQ(p.at("accept_vpc_info").at("tenant_id").as_string(), kProjectA);
    EXPECT_EQ(p.at("description").as_string(), "d");
}

TEST_F(CreatePeering, MalformedBodiesAreE1) {
    const std::string deep =
        R"({"peering": {"name": {"a": [[[[[[["x"]]]]]]]}, "request_vpc_info": {}}})";
    const std::string duplicate = R"({"peering": {"name": "a", "name": "b",
        "request_vpc_info": {"vpc_id": ")" + vpc(1) + R"("},
        "accept_vpc_info": {"vpc_id": ")" + vpc(2) + R"("}}})";
    for (const std::string& body :
         {std::string("not json"), std::string("[]"), std::string("\"peering\""),
          std::string(R"({"peering": {"name": "x"}} trailing)"), deep, duplicate,
          std::string(R"({"peering": {"name": "x", "quota": 1e400}})"),
          std::string(R"({"peering": {"name": "x", "quota": NaN}})")}) {
        SCOPED_TRACE(body);
        expect_bad_request(post(body), "Malformed request body");
    }
    expect_bad_request(call(http::verb::post, "/v2.0/vpc/peerings"), "Malformed request body");
}

TEST_F(CreatePeering, MissingWrapperIsE2) {
    expect_bad_request(post(R"({"name": "x"})"), "Unable to find 'peering' in request body");
    expect_bad_request(post(R"({"peering": []})"),
                       "Invalid input for peering. Reason: '[]' is not a valid dictionary.");
}

TEST_F(CreatePeering, MissingRequiredAttributeIsE3) {
    expect_bad_request(
        post(R"({"peering": {"request_vpc_info": {}, "accept_vpc_info": {}}})"),
        "Failed to parse request. Required attribute 'name' not specified");
    expect_bad_request(
        post(R"({"peering": {"name": "x", "request_vpc_info": {}}})"),
        "Failed to parse request. Required attribute 'accept_vpc_info' not specified");
    expect_bad_request(
        post(R"({"peering": {"name": "x", "request_vpc_info": {}, "accept_vpc_info": {}}})"),
        "Failed to parse request. Required attribute 'request_vpc_info.vpc_id' not specified");
}

TEST_F(CreatePeering, UnknownAttributeIsE4) {
    expect_bad_request(post(R"({"peering": {"name": "x", "status": "ACTIVE", "foo": 1}})"),
                       "Unrecognized attribute(s) 'status, foo'");
    expect_bad_request(post(R"({"peering": {"name": "x", "accept_vpc_info": {},
        "request_vpc_info": {"vpc_id": ")" + vpc(1) + R"(", "cidr": "10.0.0.0/8"}}})"),
                       "Unrecognized attribute(s) 'request_vpc_info.cidr'");
}

TEST_F(CreatePeering, WrongTypeOrValueIsE6) {
    auto body = [](const std::string& name, const std::string& extra) {
        return R"({"peering": {"name": )" + name + extra + R"(,
            "request_vpc_info": {"vpc_id": ")" + vpc(1) + R"("},
            "accept_vpc_info": {"vpc_id": ")" + vpc(2) + R"("}}})";
    };
    expect_bad_request(post(body("42", "")),
                       "Invalid input for name. Reason: '42' is not a valid string.");
    expect_bad_request(post(body('"' + std::string(65, 'n') + '"', "")),
                       "Invalid input for name. Reason: '" + std::string(64, 'n') +
                           "...' exceeds maximum length of 64.");
    expect_bad_request(post(body("\"ok\"", R"(, "description": "<b>")")),
                       "Invalid input for description. Reason: '<b>' must not contain '<' or '>'.");
    expect_bad_request(post(body("\"ok\"", R"(, "description": null)")),
                       "Invalid input for description. Reason: 'null' is not a valid string.");
    expect_bad_request(
        post(R"({"peering": {"name": "x", "request_vpc_info": [], "accept_vpc_info": {}}})"),
        "Invalid input for request_vpc_info. Reason: '[]' is not a valid dictionary.");
    expect_bad_request(
        post(R"({"peering": {"name": "x", "request_vpc_info": {"vpc_id": 7},
            "accept_vpc_info": {}}})"),
        "Invalid input for request_vpc_info. Reason: '7' is not a valid string.");
}

TEST_F(CreatePeering, NameCountsCodePoints) {
    std::string name;
    for (int i = 0; i < 64; ++i) name += "\xE5\x90\x8D";  // 名, 3 bytes each
    EXPECT_EQ(create(vpc(1), vpc(2), "", kProjectA, name).at("name").as_string(), name);
}

TEST_F(CreatePeering, MalformedVpcIdOrTenantIsE7) {
    expect_bad_request(post(create_body(vpc(1), "xyz")),
                       "Invalid input for accept_vpc_info. Reason: 'xyz' is not a valid UUID.");
    expect_bad_request(post(create_body(vpc(1), vpc(2), "bad tenant!")),
                       "Invalid input for accept_vpc_info. Reason: 'bad tenant!' is not a valid "
                       "tenant id.");
}

TEST_F(CreatePeering, SameVpcIsE9) {
    expect_error(post(create_body(vpc(1), vpc(1))), http::status::bad_request, "InvalidInput",
                 "VPC.0806",
                 "Invalid input for operation: request VPC and accept VPC must be different.");
}

TEST_F(CreatePeering, ForeignRequestTenantIsE10) {
    const std::string body = R"({"peering": {"name": "x",
        "request_vpc_info": {"vpc_id": ")" + vpc(1) + R"(", "tenant_id": ")" + kProjectB + R"("},
        "accept_vpc_info": {"vpc_id": ")" + vpc(2) + R"("}}})";
    expect_error(post(body), http::status::bad_request, "InvalidInput", "VPC.0810",
                 "Invalid input for operation: Request VPC id or tenant id is incorrect.");
}

TEST_F(CreatePeering, LivePairInEitherDirectionIsE13) {
    const auto first = create(vpc(1), vpc(2), kProjectB);
    const std::string id(first.at("id").as_string());
    for (const auto& body : {create_body(vpc(1), vpc(2), kProjectB), create_body(vpc(2), vpc(1))}) {
        const auto response = post(body);
        expect_error(response, http::status::conflict, "PeeringExists", "VPC.0803");
        EXPECT_NE(body_of(response).at("error_msg").as_string().find(id), std::string::npos);
    }
}

TEST(CreatePeeringQuota, OverQuotaIsE16) {
    storage::RepositoryPolicy policy;
    policy.quota.default_limit = 1;
    ApiHarness harness(policy);
    auto post = [&](int a, int b) {
        return harness.handle(make_request(http::verb::post, "/v2.0/vpc/peerings",
                                           create_body(vpc(a), vpc(b))));
    };
    EXPECT_EQ(post(1, 2).result(), http::status::created);
    expect_error(post(3, 4), http::status::conflict, "OverQuota", "VPC.0807",
                 "Quota exceeded for resources: ['peering'].");
}

TEST(CreatePeeringQuota, AcceptOverTheAccepterQuotaIsE16) {
    storage::RepositoryPolicy policy;
    policy.quota.default_limit = 1;
    ApiHarness harness(policy);
    const auto pending = harness.handle(make_request(
        http::verb::post, "/v2.0/vpc/peerings", create_body(vpc(1), vpc(2), kProjectB)));
    ASSERT_EQ(pending.result(), http::status::created);
    const std::string id(body_of(pending).at("peering").at("id").as_string());
    const auto own = harness.handle(make_request(http::verb::post, "/v2.0/vpc/peerings",
                                                 create_body(vpc(3), vpc(4)), kProjectB));
    ASSERT_EQ(own.result(), http::status::created);
    expect_error(harness.handle(make_request(http::verb::put,
                                             "/v2.0/vpc/peerings/" + id + "/accept", "",
                                             kProjectB)),
                 http::status::conflict, "OverQuota", "VPC.0807");
}

TEST_F(CreatePeering, NonJsonContentTypeIs415) {
    const auto response = harness_.handle(make_request(
        http::verb::post, "/v2.0/vpc/peerings", create_body(vpc(1), vpc(2)), kProjectA,
        "text/plain"));
    expect_error(response, http::status::unsupported_media_type, "HTTPUnsupportedMediaType",
                 "VPC.0813");
}

TEST_F(CreatePeering, JsonWithParametersOrNoContentTypeIsAccepted) {
    auto send = [&](std::optional<std::string> type, int a) {
        return harness_.handle(make_request(http::verb::post, "/v2.0/vpc/peerings",
                                            create_body(vpc(a), vpc(a + 1)), kProjectA, type));
    };
    EXPECT_EQ(send("Application/JSON; charset=utf-8", 1).result(), http::status::created);
    EXPECT_EQ(send(std::nullopt, 3).result(), http::status::created);
}

}  // namespace
}  // namespace peeringd::api::test
