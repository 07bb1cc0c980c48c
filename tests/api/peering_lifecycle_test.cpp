#include "tests/api/api_fixture.hpp"

namespace peeringd::api::test {
namespace {

constexpr const char* kPeerings = "/v2.0/vpc/peerings/";

/// A pending peering A -> B, created at the fixture's start time.
class PeeringLifecycle : public ApiTest {
protected:
    void SetUp() override {
        id_ = std::string(create(vpc(1), vpc(2), kProjectB).at("id").as_string());
    }

    std::string path(const std::string& suffix = "") const { return kPeerings + id_ + suffix; }

    std::string id_;
};

TEST_F(PeeringLifecycle, ShowIsWrappedForBothParties) {
    for (const char* project : {kProjectA, kProjectB}) {
        const auto response = call(http::verb::get, path(), "", project);
        ASSERT_EQ(response.result(), http::status::ok);
        EXPECT_EQ(body_of(response).at("peering").at("id").as_string(), id_);
    }
}

TEST_F(PeeringLifecycle, UnknownOrForeignOrMalformedIdIsE12) {
    expect_error(call(http::verb::get, path(), "", kProjectC), http::status::not_found,
                 "PeeringNotFound", "VPC.0802", "Peering " + id_ + " could not be found.");
    const std::string random = "6d1e4b0a-93c2-4f58-8a07-b5e21c9d3f44";
    expect_error(call(http::verb::get, kPeerings + random), http::status::not_found,
                 "PeeringNotFound", "VPC.0802", "Peering " + random + " could not be found.");
    expect_error(call(http::verb::get, std::string(kPeerings) + "not-a-uuid"),
                 http::status::not_found, "PeeringNotFound", "VPC.0802",
                 "Peering not-a-uuid could not be found.");
    const std::string long_id(200, 'z');
    expect_error(call(http::verb::delete_, kPeerings + long_id), http::status::not_found,
                 "PeeringNotFound", "VPC.0802",
                 "Peering " + std::string(64, 'z') + "... could not be found.");
}

TEST_F(PeeringLifecycle, ShowAcceptsUppercaseAndUnhyphenatedIds) {
    std::string compact;
    for (const char c : id_)
        if (c != '-') compact.push_back(static_cast<char>(std::toupper(c)));
    EXPECT_EQ(call(http::verb::get, kPeerings + compact).result(), http::status::ok);
}

TEST_F(PeeringLifecycle, UpdateChangesNameAndDescriptionAndRefreshesUpdatedAt) {
    harness_.clock().advance(90s);
    const auto response = call(http::verb::put, path(),
                               R"({"peering": {"name": "v2", "description": ""}})", kProjectB);
    ASSERT_EQ(response.result(), http::status::ok) << response.body();
    const auto p = body_of(response).at("peering");
    EXPECT_EQ(p.at("name").as_string(), "v2");
    EXPECT_EQ(p.at("description").as_string(), "");
    EXPECT_EQ(p.at("status").as_string(), "PENDING_ACCEPTANCE");
    EXPECT_EQ(p.at("created_at").as_string(), "2026-03-14T08:05:00");
    EXPECT_EQ(p.at("updated_at").as_string(), "2026-03-14T08:06:30");
}

TEST_F(PeeringLifecycle, UpdateValidationIsE1ToE8) {
    expect_bad_request(call(http::verb::put, path()), "Malformed request body");
    expect_bad_request(call(http::verb::put, path(), R"({"name": "x"})"),
                       "Unable to find 'peering' in request body");
    expect_bad_request(call(http::verb::put, path(), R"({"peering": {"name": "x", "colour": 1}})"),
                       "Unrecognized attribute(s) 'colour'");
    expect_bad_request(call(http::verb::put, path(), R"({"peering": {"status": "ACTIVE"}})"),
                       "Cannot update read-only attribute status");
    expect_bad_request(call(http::verb::put, path(), R"({"peering": {"tenant_id": "x"}})"),
                       "Cannot update read-only attribute tenant_id");
    expect_bad_request(call(http::verb::put, path(), R"({"peering": {"name": ""}})"),
                       "Invalid input for name. Reason: '' must not be empty.");
    expect_bad_request(call(http::verb::put, path(), R"({"peering": {}})"),
                       "At least one of name and description must be specified.");
    expect_error(call(http::verb::put, path(), R"({"peering": {"name": "x"}})", kProjectC),
                 http::status::not_found, "PeeringNotFound", "VPC.0802");
}

TEST_F(PeeringLifecycle, AcceptReturnsBareObjectWithCallerTenant) {
    harness_.clock().advance(60s);
    const auto response =
        call(http::verb::put, path("/accept"), "ignored, not even JSON", kProjectB);
    ASSERT_EQ(response.result(), http::status::ok) << response.body();
    const auto body = body_of(response).as_object();
    EXPECT_FALSE(body.contains("peering"));
    EXPECT_EQ(body.size(), 10U);  // the §3.5 fields plus peeringd's revision
    EXPECT_EQ(body.at("id").as_string(), id_);
    EXPECT_EQ(response[http::field::etag], "\"" + std::to_string(body.at("revision").as_int64()) + "\"");
    EXPECT_EQ(body.at("status").as_string(), "ACTIVE");
    EXPECT_EQ(body.at("tenant_id").as_string(), kProjectB);
    EXPECT_EQ(body.at("updated_at").as_string(), "2026-03-14T08:06:00");
}

TEST_F(PeeringLifecycle, RejectMovesToRejected) {
    const auto response = call(http::verb::put, path("/reject"), "", kProjectB);
    ASSERT_EQ(response.result(), http::status::ok) << response.body();
    EXPECT_EQ(body_of(response).at("status").as_string(), "REJECTED");
    EXPECT_EQ(body_of(response).at("tenant_id").as_string(), kProjectB);
}

TEST_F(PeeringLifecycle, RequesterCannotAnswerE15) {
    for (const char* action : {"/accept", "/reject"})
        expect_error(call(http::verb::put, path(action), "", kProjectA), http::status::forbidden,
                     "NotAuthorized", "VPC.0805",
                     "Only the project owning the accept VPC can accept or reject peering " + id_ +
                         ".");
}

TEST_F(PeeringLifecycle, AnsweringTwiceIsE14) {
    ASSERT_EQ(call(http::verb::put, path("/accept"), "", kProjectB).result(), http::status::ok);
    expect_error(call(http::verb::put, path("/reject"), "", kProjectB), http::status::conflict,
                 "PeeringStatusInvalid", "VPC.0804",
                 "Peering " + id_ +
                     " is ACTIVE; only PENDING_ACCEPTANCE peerings can be accepted or rejected.");
}

TEST_F(PeeringLifecycle, ThirdProjectGetsE12OnEveryRoute) {
    for (const auto& [method, suffix] :
         {std::pair{http::verb::put, "/accept"}, std::pair{http::verb::put, "/reject"},
          std::pair{http::verb::delete_, ""}, std::pair{http::verb::get, ""}})
        expect_error(call(method, path(suffix), "", kProjectC), http::status::not_found,
                     "PeeringNotFound", "VPC.0802");
}

TEST_F(PeeringLifecycle, ExpiredPeeringCannotBeAcceptedAndWakesTheSweeper) {
    int wakeups = 0;
    harness_.api().on_due_peering_seen([&] { ++wakeups; });
    harness_.clock().advance(std::chrono::hours(24 * 7));
    const auto shown = call(http::verb::get, path());
    EXPECT_EQ(body_of(shown).at("peering").at("status").as_string(), "EXPIRED");
    EXPECT_EQ(wakeups, 1);
    expect_error(call(http::verb::put, path("/accept"), "", kProjectB), http::status::conflict,
                 "PeeringStatusInvalid", "VPC.0804");
    harness_.clock().advance(std::chrono::hours(1));  // long past the deadline: no more wakeups
    call(http::verb::get, path());
    call(http::verb::get, "/v2.0/vpc/peerings");
    EXPECT_EQ(wakeups, 1);
}

TEST_F(PeeringLifecycle, DeleteIs204ThenGone) {
    const auto response = call(http::verb::delete_, path(), "", kProjectB);
    EXPECT_EQ(response.result(), http::status::no_content);
    EXPECT_TRUE(response.body().empty());
    EXPECT_EQ(response.count(http::field::content_type), 0U);
    EXPECT_EQ(call(http::verb::get, path()).result(), http::status::not_found);
    EXPECT_EQ(call(http::verb::delete_, path()).result(), http::status::not_found);
    // The pair is free again.
    EXPECT_EQ(create(vpc(2), vpc(1)).at("status").as_string(), "ACTIVE");
}

}  // namespace
}  // namespace peeringd::api::test
