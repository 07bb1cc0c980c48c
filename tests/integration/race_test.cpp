// Concurrent accept, reject, delete and expiry on one pending peering: exactly one transition
// wins, the others get the spec's error, and the history holds exactly one row for it (§5).
#include "tests/integration/daemon_fixture.hpp"


#include <algorithm>
#include <latch>
#include <thread>

namespace peeringd::test {
namespace {

struct Outcome {
    int accept = 0, reject = 0, remove = 0;
};

class Race : public DaemonFixture {
protected:
    /// Fires the three calls at `id` from three connections released by one latch.
    Outcome fire(const std::string& id, std::vector<std::unique_ptr<HttpClient>>& clients) {
        Outcome out;
        std::latch go{3};
        auto shoot = [&](int which) {
            go.arrive_and_wait();
            if (which == 0) out.accept = clients[0]->request("PUT", kPeerings + "/" + id + "/accept", kProjectB).status;
            if (which == 1) out.reject = clients[1]->request("PUT", kPeerings + "/" + id + "/reject", kProjectB).status;
            if (which == 2) out.remove = clients[2]->request("DELETE", kPeerings + "/" + id, kProjectA).status;
        };
        {
            std::jthread a(shoot, 0), r(shoot, 1), d(shoot, 2);
        }  // joined here, before `out` is read
        return out;
    }

    std::vector<std::string> transitions(storage::sql::Session& db, const std::string& id) {
        auto q = db.prepare("SELECT action FROM peering_history WHERE peering_id = ? AND action IN "
                            "('accept','reject','expire','delete') ORDER BY revision");
        q->bind(1, id);
        std::vector<std::string> out;
        while (q->executeStep()) out.push_back(q->getColumn(0).getString());
        return out;
    }

    std::vector<std::unique_ptr<HttpClient>> clients() {
        std::vector<std::unique_ptr<HttpClient>> out;
        for (int i = 0; i < 3; ++i) out.push_back(std::make_unique<HttpClient>(port()));
        return out;
    }
};

TEST_F(Race, AcceptRejectDeleteHaveExactlyOneWinner) {
    start({"--quota", "100000"});
    auto c = clients();
    constexpr int kTrials = 100;
    std::vector<std::pair<std::string, Outcome>> results;
    for (int i = 0; i < kTrials; ++i) {
        const std::string id(create(kProjectA, kProjectB).at("id").as_string());
        results.emplace_back(id, fire(id, c));
    }
    auto connection = open_db();
    auto& db = *connection;
    for (const auto& [id, o] : results) {
        EXPECT_EQ(o.remove, 204) << id;  // DELETE never answers 409
        const int wins = (o.accept == 200) + (o.reject == 200);
        EXPECT_LE(wins, 1) << id;
        for (int status : {o.accept, o.reject}) EXPECT_TRUE(status == 200 || status == 409 || status == 404) << status;
        const auto t = transitions(db, id);
        ASSERT_FALSE(t.empty());
        EXPECT_EQ(t.back(), "delete");
        EXPECT_EQ(t.size(), static_cast<std::size_t>(wins) + 1) << id;
        if (o.accept == 200) { EXPECT_EQ(t.front(), "accept"); }
        if (o.reject == 200) { EXPECT_EQ(t.front(), "reject"); }
        // The loser of accept-vs-reject saw the winner's state (409), or the delete (404).
        if (wins == 1) { EXPECT_TRUE((o.accept == 200 ? o.reject : o.accept) != 200); }
    }
}

TEST_F(Race, ExpiryAtTheDeadlineRacesAcceptAndRejectWithOneWinner) {
    start({"--quota", "100000", "--pending-ttl", "1", "--sweep-interval", "1"});
    auto c = clients();
    for (int round = 0; round < 5; ++round) {
        std::vector<std::string> ids;
        for (int i = 0; i < 10; ++i) ids.emplace_back(create(kProjectA, kProjectB).at("id").as_string());
        // Fire close to the one-second deadline so that expiry competes with the answers.
        std::this_thread::sleep_for(std::chrono::milliseconds(700 + 60 * round));
        std::vector<std::pair<int, int>> answers;
        for (const auto& id : ids) {
            std::latch go{2};
            int accept = 0, reject = 0;
            {
                std::jthread a([&] { go.arrive_and_wait(); accept = c[0]->request("PUT", kPeerings + "/" + id + "/accept", kProjectB).status; });
                std::jthread r([&] { go.arrive_and_wait(); reject = c[1]->request("PUT", kPeerings + "/" + id + "/reject", kProjectB).status; });
            }
            answers.emplace_back(accept, reject);
        }
        auto connection = open_db();
    auto& db = *connection;
        // Let the sweeper settle the rest: poll, so that a loaded machine gets more time.
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        const auto settled = [&] {
            return std::all_of(ids.begin(), ids.end(), [&](const auto& id) { return !transitions(db, id).empty(); });
        };
        while (!settled() && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const auto t = transitions(db, ids[i]);
            ASSERT_EQ(t.size(), 1u) << ids[i];
            const auto [accept, reject] = answers[i];
            EXPECT_TRUE(accept == 200 || accept == 409);
            EXPECT_TRUE(reject == 200 || reject == 409);
            EXPECT_EQ((accept == 200) + (reject == 200), t[0] == "expire" ? 0 : 1);
            if (accept == 200) { EXPECT_EQ(t[0], "accept"); }
            if (reject == 200) { EXPECT_EQ(t[0], "reject"); }
        }
    }
}

}  // namespace
}  // namespace peeringd::test
