// Idempotency-Key on create over real HTTP (docs/API.md, RELIABILITY.md §6): replays across a
// restart, per-project keys, 422 for another body, bad keys, the CS create, and N parallel
// creates with one key making exactly one peering with N equal answers.
#include "tests/integration/cs_fixture.hpp"
#include "tests/support/raw_connection.hpp"

#include <thread>

namespace peeringd::test {
namespace {

class Idempotency : public CsFixture {
protected:
    void SetUp() override { start(); }

    HttpResponse create_with_key(const std::string& project, const std::string& body, const std::string& key) {
        return client().request("POST", kPeerings, project, body, {{"Idempotency-Key", key}});
    }
    std::size_t listed(const std::string& project) {
        return call("GET", kPeerings, project).json().at("peerings").as_array().size();
    }
};

TEST_F(Idempotency, SameKeySameBodyReplaysTheSamePeeringAlsoAfterARestart) {
    const auto body = create_body("x", random_vpc(), random_vpc(), kProjectB);
    const auto first = create_with_key(kProjectA, body, "order-42");
    ASSERT_EQ(first.status, 201) << first.body;
    const auto again = create_with_key(kProjectA, body, "order-42");
    EXPECT_EQ(again.status, 201);
    EXPECT_EQ(again.json(), first.json());
    stop();
    start();
    const auto after_restart = create_with_key(kProjectA, body, "order-42");
    EXPECT_EQ(after_restart.status, 201);
    EXPECT_EQ(after_restart.json().at("peering").at("id"), first.json().at("peering").at("id"));
    EXPECT_EQ(listed(kProjectA), 1u);
    // Without the key the same body is an ordinary duplicate: 409 naming the id.
    EXPECT_EQ(call("POST", kPeerings, kProjectA, body).status, 409);
}

TEST_F(Idempotency, ReplayShowsTheCurrentState) {
    const auto body = create_body("x", random_vpc(), random_vpc(), kProjectB);
    const auto first = create_with_key(kProjectA, body, "k");
    const std::string id(first.json().at("peering").at("id").as_string());
    ASSERT_EQ(call("PUT", kPeerings + "/" + id + "/accept", kProjectB).status, 200);
    const auto again = create_with_key(kProjectA, body, "k");
    EXPECT_EQ(again.status, 201);
    EXPECT_EQ(again.json().at("peering").at("status"), "ACTIVE");
    ASSERT_EQ(call("DELETE", kPeerings + "/" + id, kProjectA).status, 204);
    EXPECT_EQ(expect_neutron_error(create_with_key(kProjectA, body, "k"), 404, "PeeringNotFound"), "VPC.0802");
}

TEST_F(Idempotency, SameKeyDifferentBodyIs422) {
    ASSERT_EQ(create_with_key(kProjectA, create_body("x", random_vpc(), random_vpc()), "k").status, 201);
    const auto other = create_with_key(kProjectA, create_body("x", random_vpc(), random_vpc()), "k");
    EXPECT_EQ(expect_neutron_error(other, 422, "IdempotencyKeyReused"), "VPC.0821");
    EXPECT_EQ(listed(kProjectA), 1u);
}

TEST_F(Idempotency, KeysAreScopedPerProject) {
    const auto a = create_with_key(kProjectA, create_body("x", random_vpc(), random_vpc()), "shared-key");
    const auto b = create_with_key(kProjectB, create_body("x", random_vpc(), random_vpc()), "shared-key");
    ASSERT_EQ(a.status, 201);
    ASSERT_EQ(b.status, 201);
    EXPECT_NE(a.json().at("peering").at("id"), b.json().at("peering").at("id"));
}

TEST_F(Idempotency, MalformedKeysAre400AndCreateNothing) {
    for (const std::string& bad : {std::string(256, 'k'), std::string("has space"), std::string("caf\xc3\xa9")}) {
        const auto r = create_with_key(kProjectA, create_body("x", random_vpc(), random_vpc()), bad);
        EXPECT_EQ(expect_neutron_error(r, 400, "HTTPBadRequest"), "VPC.0801") << bad;
    }
    EXPECT_EQ(create_with_key(kProjectA, create_body("x", random_vpc(), random_vpc()), std::string(255, 'k')).status, 201);
    RawConnection raw(port());
    ASSERT_TRUE(raw.send(RawConnection::request("POST", kPeerings, kProjectA, create_body("x", random_vpc(), random_vpc()),
                                                "Idempotency-Key: a\r\nIdempotency-Key: b\r\n")));
    const auto answers = raw.read_responses(1);
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].status, 400);
    RawConnection empty(port());
    ASSERT_TRUE(empty.send(RawConnection::request("POST", kPeerings, kProjectA, create_body("x", random_vpc(), random_vpc()),
                                                  "Idempotency-Key: \r\n")));
    const auto empty_answer = empty.read_responses(1);
    ASSERT_EQ(empty_answer.size(), 1u);
    EXPECT_EQ(empty_answer[0].status, 400);
    EXPECT_EQ(listed(kProjectA), 1u);
}

TEST_F(Idempotency, ParallelCreatesWithOneKeyMakeOnePeeringAndEqualAnswers) {
    constexpr int kClients = 16;
    const auto body = create_body("x", random_vpc(), random_vpc(), kProjectB);
    std::vector<HttpResponse> answers(kClients);
    std::vector<std::thread> threads;
    for (int i = 0; i < kClients; ++i)
        threads.emplace_back([&, i] {
            HttpClient own(port());
            answers[static_cast<std::size_t>(i)] =
                own.request("POST", kPeerings, kProjectA, body, {{"Idempotency-Key", "burst"}});
        });
    for (auto& t : threads) t.join();
    for (const auto& a : answers) {
        EXPECT_EQ(a.status, 201) << a.body;
        EXPECT_EQ(a.json(), answers.front().json());
    }
    EXPECT_EQ(listed(kProjectA), 1u);
}

TEST_F(Idempotency, CsCreateHonoursTheKeyToo) {
    add_cluster(7, kProjectA);
    const auto body = cs_body(random_vpc());
    const auto first = client().request("POST", cs_base(kProjectA, 7), kProjectA, body, {{"Idempotency-Key", "cs-1"}});
    ASSERT_EQ(first.status, 201) << first.body;
    const auto again = client().request("POST", cs_base(kProjectA, 7), kProjectA, body, {{"Idempotency-Key", "cs-1"}});
    EXPECT_EQ(again.status, 201);
    EXPECT_EQ(again.json().at("peering").at("id"), first.json().at("peering").at("id"));
    const auto other = client().request("POST", cs_base(kProjectA, 7), kProjectA, cs_body(random_vpc()),
                                        {{"Idempotency-Key", "cs-1"}});
    EXPECT_EQ(other.status, 422);
}

}  // namespace
}  // namespace peeringd::test
