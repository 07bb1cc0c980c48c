// Every error of spec §7 over real HTTP: status, body shape, error_code, X-Request-Id.
#include "tests/integration/daemon_fixture.hpp"

#include "storage/database.hpp"

#include <SQLiteCpp/Database.h>

namespace peeringd::test {
namespace {

class Errors : public DaemonFixture {
protected:
    void SetUp() override { start({"--busy-timeout-ms", "200", "--quota", "3"}); }

    std::string create_code(const std::string& body, int status, const std::string& type) {
        return expect_neutron_error(call("POST", kPeerings, kProjectA, body), status, type);
    }
};

TEST_F(Errors, MalformedBodiesAreE1) {
    for (const std::string body : {"", "not json", "[1,2]", "\"text\"", "{\"peering\":{}} trailing",
                                   "{\"a\":1}{\"b\":2}", "{\"peering\":{\"name\":\"x\",\"name\":\"y\"}}",
                                   "{\"peering\":{\"name\":1e400}}",
                                   "[[[[[[[[[[[[1]]]]]]]]]]]]"}) {
        EXPECT_EQ(create_code(body, 400, "HTTPBadRequest"), "VPC.0801") << body;
    }
}

TEST_F(Errors, MissingWrapperIsE2AndMissingAttributeIsE3) {
    const auto e2 = call("POST", kPeerings, kProjectA, R"({"name":"x"})");
    expect_neutron_error(e2, 400, "HTTPBadRequest");
    EXPECT_EQ(e2.json().at("error_msg").as_string(), "Unable to find 'peering' in request body");
    const auto e3 = call("POST", kPeerings, kProjectA,
                         R"({"peering":{"name":"x","request_vpc_info":{"vpc_id":")" + random_vpc() + R"("}}})");
    expect_neutron_error(e3, 400, "HTTPBadRequest");
    EXPECT_EQ(e3.json().at("error_msg").as_string(),
              "Failed to parse request. Required attribute 'accept_vpc_info' not specified");
}

TEST_F(Errors, UnknownAttributeIsE4AndReadOnlyUpdateIsE5AndEmptyUpdateIsE8) {
    auto body = boost::json::parse(create_body("x", random_vpc(), random_vpc()));
    body.at("peering").as_object()["status"] = "ACTIVE";
    const auto e4 = call("POST", kPeerings, kProjectA, boost::json::serialize(body));
    expect_neutron_error(e4, 400, "HTTPBadRequest");
    EXPECT_NE(std::string(e4.json().at("error_msg").as_string()).find("status"), std::string::npos);

    const std::string id(create(kProjectA).at("id").as_string());
    const auto e5 = call("PUT", kPeerings + "/" + id, kProjectA, R"({"peering":{"status":"ACTIVE"}})");
    expect_neutron_error(e5, 400, "HTTPBadRequest");
    EXPECT_EQ(e5.json().at("error_msg").as_string(), "Cannot update read-only attribute status");
    const auto e8 = call("PUT", kPeerings + "/" + id, kProjectA, R"({"peering":{}})");
    expect_neutron_error(e8, 400, "HTTPBadRequest");
    EXPECT_EQ(e8.json().at("error_msg").as_string(), "At least one of name and description must be specified.");
}

TEST_F(Errors, InvalidFieldsAreE6AndE7) {
    const std::string long_name(65, 'n');
    EXPECT_EQ(create_code(create_body(long_name, random_vpc(), random_vpc()), 400, "HTTPBadRequest"), "VPC.0801");
    const auto e7 = call("POST", kPeerings, kProjectA, create_body("x", random_vpc(), "not-a-uuid"));
    expect_neutron_error(e7, 400, "HTTPBadRequest");
    EXPECT_EQ(e7.json().at("error_msg").as_string(),
              "Invalid input for accept_vpc_info. Reason: 'not-a-uuid' is not a valid UUID.");
    EXPECT_EQ(create_code(R"({"peering":{"name":5,"request_vpc_info":{"vpc_id":")" + random_vpc() +
                              R"("},"accept_vpc_info":{"vpc_id":")" + random_vpc() + R"("}}})",
                          400, "HTTPBadRequest"),
              "VPC.0801");
    EXPECT_EQ(create_code(create_body("x", random_vpc(), random_vpc(), "bad tenant!"), 400, "HTTPBadRequest"),
              "VPC.0801");
}

TEST_F(Errors, SameVpcIsE9AndForeignRequestTenantIsE10) {
    const auto vpc = random_vpc();
    EXPECT_EQ(create_code(create_body("x", vpc, vpc), 400, "InvalidInput"), "VPC.0806");
    auto body = boost::json::parse(create_body("x", random_vpc(), random_vpc()));
    body.at("peering").at("request_vpc_info").as_object()["tenant_id"] = kProjectB;
    EXPECT_EQ(create_code(boost::json::serialize(body), 400, "InvalidInput"), "VPC.0810");
}

TEST_F(Errors, NotFoundIsE12ForUnknownAndMalformedIds) {
    for (const std::string& id : {random_vpc(), std::string("nope"), std::string("%2e%2e")})
        EXPECT_EQ(expect_neutron_error(call("GET", kPeerings + "/" + id, kProjectA), 404, "PeeringNotFound"),
                  "VPC.0802");
}

TEST_F(Errors, DuplicatePairIsE13NamingTheExistingIdInEitherDirection) {
    const auto vpc_a = random_vpc(), vpc_b = random_vpc();
    const auto first = call("POST", kPeerings, kProjectA, create_body("x", vpc_a, vpc_b, kProjectB));
    ASSERT_EQ(first.status, 201);
    const std::string id(first.json().at("peering").at("id").as_string());
    for (const auto& [req, acc] : {std::pair{vpc_a, vpc_b}, std::pair{vpc_b, vpc_a}}) {
        const auto dup = call("POST", kPeerings, kProjectA, create_body("y", req, acc, kProjectB));
        EXPECT_EQ(expect_neutron_error(dup, 409, "PeeringExists"), "VPC.0803");
        EXPECT_NE(std::string(dup.json().at("error_msg").as_string()).find(id), std::string::npos);
    }
}

TEST_F(Errors, QuotaIsE16OnCreateAndOnAccept) {
    for (int i = 0; i < 3; ++i) create(kProjectA, kProjectB);
    EXPECT_EQ(expect_neutron_error(call("POST", kPeerings, kProjectA, create_body("x", random_vpc(), random_vpc())),
                                   409, "OverQuota"),
              "VPC.0807");
    // B fills its quota with its own peerings, then accepting A's request would exceed it.
    for (int i = 0; i < 3; ++i) create(kProjectB);
    const auto pending = call("GET", kPeerings + "?status=PENDING_ACCEPTANCE&limit=1", kProjectB);
    const std::string id(pending.json().at("peerings").at(0).at("id").as_string());
    EXPECT_EQ(expect_neutron_error(call("PUT", kPeerings + "/" + id + "/accept", kProjectB), 409, "OverQuota"),
              "VPC.0807");
}

TEST_F(Errors, BadLimitIsE17AndBadMarkerIsE18) {
    for (const std::string limit : {"-1", "x", "1.5", "1e400"})
        EXPECT_EQ(expect_neutron_error(call("GET", kPeerings + "?limit=" + limit, kProjectA), 400, "BadRequest"),
                  "VPC.0808")
            << limit;
    const auto e18 = call("GET", kPeerings + "?marker=zzz", kProjectA);
    expect_neutron_error(e18, 400, "BadRequest");
    EXPECT_EQ(e18.json().at("error_msg").as_string(), "Bad marker request: 'zzz' is not a valid peering id.");
}

TEST_F(Errors, WrongMethodIsE19WithAllow) {
    const auto r = call("DELETE", kPeerings, kProjectA);
    EXPECT_EQ(expect_neutron_error(r, 405, "HTTPMethodNotAllowed"), "VPC.0811");
    EXPECT_NE(r.header("Allow").find("GET"), std::string::npos);
    EXPECT_NE(r.header("Allow").find("POST"), std::string::npos);
    EXPECT_EQ(call("POST", kPeerings + "/" + random_vpc() + "/accept", kProjectA).status, 405);
}

TEST_F(Errors, LargeBodyIsE20) {
    const std::string huge = R"({"peering":{"name":")" + std::string(70 * 1024, 'a') + "\"}}";
    EXPECT_EQ(expect_neutron_error(call("POST", kPeerings, kProjectA, huge), 413, "HTTPRequestEntityTooLarge"),
              "VPC.0812");
}

TEST_F(Errors, HeldWriteLockIsE22WithRetryAfterWhileReadsWork) {
    const std::string id(create(kProjectA).at("id").as_string());
    // An admin's transaction holds the write lock (SQLite's file lock, PostgreSQL's feed_head
    // row); the session waits up to 5 s if a daemon job holds it for a moment.
    auto admin = storage::open_session(db_path().string(), storage::OpenMode::read_write, std::chrono::milliseconds(5000));
    admin->begin_write();
    const auto write = call("POST", kPeerings, kProjectA, create_body("x", random_vpc(), random_vpc()));
    EXPECT_EQ(expect_neutron_error(write, 503, "ServiceUnavailable"), "VPC.0898");
    EXPECT_FALSE(write.header("Retry-After").empty());
    EXPECT_EQ(call("GET", kPeerings + "/" + id, kProjectA).status, 200);
    admin->exec("ROLLBACK");
    EXPECT_EQ(call("POST", kPeerings, kProjectA, create_body("x", random_vpc(), random_vpc())).status, 201);
}

TEST_F(Errors, MissingProjectIsGatewayG1AndUnknownPathIsG2) {
    const auto g1 = call("GET", kPeerings, std::nullopt);
    EXPECT_EQ(g1.status, 401);
    EXPECT_EQ(g1.json().at("error_code").as_string(), "APIGW.0301");
    EXPECT_EQ(g1.json().at("request_id").as_string(), g1.header("X-Request-Id"));
    const auto g2 = call("GET", "/v3.0/vpc/peerings", kProjectA);
    EXPECT_EQ(g2.status, 404);
    EXPECT_EQ(g2.json().at("error_code").as_string(), "APIGW.0101");
    EXPECT_FALSE(g2.json().as_object().contains("NeutronError"));
}

TEST_F(Errors, SmugglingAndBadFramingAreRefusedAndClosed) {
    const std::string smuggle =
        "POST /v2.0/vpc/peerings HTTP/1.1\r\nHost: x\r\nX-Project-Id: " + kProjectA +
        "\r\nTransfer-Encoding: gzip\r\nContent-Length: 40\r\n\r\n"
        "GET /v2.0/vpc/peerings HTTP/1.1\r\nHost: x\r\n\r\n";
    const auto answer = client().raw(smuggle);
    EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
    EXPECT_EQ(answer.find("HTTP/1.1", 5), std::string::npos) << "second request ran: " << answer;
    const auto no_host = client().raw("GET /v2.0/vpc/peerings HTTP/1.1\r\nX-Project-Id: " + kProjectA + "\r\n\r\n");
    EXPECT_EQ(no_host.rfind("HTTP/1.1 400", 0), 0u) << no_host;
    const auto two_hosts = client().raw("GET /v2.0/vpc/peerings HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
    EXPECT_EQ(two_hosts.rfind("HTTP/1.1 400", 0), 0u) << two_hosts;
    const auto garbage = client().raw("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n");
    EXPECT_TRUE(garbage.empty() || garbage.rfind("HTTP/1.1 400", 0) == 0) << garbage;
    EXPECT_EQ(call("GET", kPeerings, kProjectA).status, 200);  // still serving
}

TEST_F(Errors, HugeHeaderIs431) {
    const auto answer = client().raw("GET /v2.0/vpc/peerings HTTP/1.1\r\nHost: x\r\nX-Big: " +
                                     std::string(10000, 'a') + "\r\n\r\n");
    EXPECT_EQ(answer.rfind("HTTP/1.1 431", 0), 0u) << answer.substr(0, 200);
}

TEST_F(Errors, NonJsonContentTypeIs415) {
    const auto r = client().request("POST", kPeerings, kProjectA, create_body("x", random_vpc(), random_vpc()),
                                    {{"Content-Type", "text/plain"}});
    EXPECT_EQ(r.status, 415) << r.body;
}

}  // namespace
}  // namespace peeringd::test
