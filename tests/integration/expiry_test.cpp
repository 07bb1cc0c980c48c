// Expiry (§5): the sweeper persists EXPIRED with a history row; a restart past the deadline
// never shows or accepts a pending request.
#include "tests/integration/daemon_fixture.hpp"


#include <thread>

namespace peeringd::test {
namespace {

class Expiry : public DaemonFixture {
protected:
    /// Polls show until the status is `want` or the deadline passes.
    std::string wait_for_status(const std::string& id, const std::string& want,
                                std::chrono::seconds deadline = std::chrono::seconds(10)) {
        const auto until = std::chrono::steady_clock::now() + deadline;
        std::string status;
        while (std::chrono::steady_clock::now() < until) {
            const auto r = call("GET", kPeerings + "/" + id, kProjectA);
            status = std::string(r.json().at("peering").at("status").as_string());
            if (status == want) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return status;
    }

    int history_rows(const std::string& id, const std::string& action) {
        auto db = open_db();
        auto q = db->prepare("SELECT count(*) FROM peering_history WHERE peering_id = ? AND action = ?");
        q->bind(1, id);
        q->bind(2, action);
        q->executeStep();
        return q->getColumn(0).getInt();
    }

    std::string stored_status(const std::string& id) {
        auto db = open_db();
        auto q = db->prepare("SELECT status FROM peerings WHERE id = ?");
        q->bind(1, id);
        return q->executeStep() ? q->getColumn(0).getString() : std::string{};
    }
};

TEST_F(Expiry, SweeperExpiresUnansweredRequests) {
    start({"--pending-ttl", "1", "--sweep-interval", "1"});
    const std::string id(create(kProjectA, kProjectB).at("id").as_string());
    const std::string active(create(kProjectA).at("id").as_string());
    EXPECT_EQ(wait_for_status(id, "EXPIRED"), "EXPIRED");
    // Persisted by the sweeper (or on the read path), with exactly one history row.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (stored_status(id) != "EXPIRED" && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(stored_status(id), "EXPIRED");
    EXPECT_EQ(history_rows(id, "expire"), 1);
    expect_neutron_error(call("PUT", kPeerings + "/" + id + "/accept", kProjectB), 409, "PeeringStatusInvalid");
    EXPECT_EQ(call("GET", kPeerings + "/" + active, kProjectA).json().at("peering").at("status").as_string(),
              "ACTIVE");
    const auto listed = call("GET", kPeerings + "?status=EXPIRED", kProjectB);
    EXPECT_EQ(listed.json().at("peerings").as_array().size(), 1u);
    // An expired request no longer holds the pair or the quota.
    const auto shown = call("GET", kPeerings + "/" + id, kProjectA).json().at("peering");
    const std::string a(shown.at("request_vpc_info").at("vpc_id").as_string());
    const std::string b(shown.at("accept_vpc_info").at("vpc_id").as_string());
    EXPECT_EQ(call("POST", kPeerings, kProjectA, create_body("again", a, b, kProjectB)).status, 201);
}

TEST_F(Expiry, RestartPastDeadlineShowsExpiredAndRefusesAccept) {
    start({"--pending-ttl", "2", "--sweep-interval", "3600"});
    const std::string id(create(kProjectA, kProjectB).at("id").as_string());
    stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    EXPECT_EQ(stored_status(id), "PENDING_ACCEPTANCE");
    start({"--pending-ttl", "2", "--sweep-interval", "3600"});
    EXPECT_EQ(call("GET", kPeerings + "/" + id, kProjectB).json().at("peering").at("status").as_string(), "EXPIRED");
    EXPECT_EQ(expect_neutron_error(call("PUT", kPeerings + "/" + id + "/accept", kProjectB), 409,
                                   "PeeringStatusInvalid"),
              "VPC.0804");
    EXPECT_EQ(history_rows(id, "expire"), 1);
}

}  // namespace
}  // namespace peeringd::test
