// peeringctl list / show / history against a live daemon while it writes.
#include "tests/ctl/ctl_fixture.hpp"

#include "domain/timestamp.hpp"

#include <algorithm>

namespace peeringd::test {
namespace {

using Ctl = CtlUnderLoad;

TEST_F(Ctl, ListFiltersByStatusAndEitherSidesProject) {
    const auto pending = create_pending("one");
    const auto accepted = create_pending("two");
    ASSERT_EQ(call("PUT", kPeerings + "/" + accepted + "/accept", kProjectB).status, 200);
    wait_for_load();

    const auto all_a = ctl({"list", "--project", kProjectA});
    ASSERT_EQ(all_a.exit_code, 0) << all_a.output;
    const auto listed = all_a.json();
    EXPECT_EQ(listed.at("count").to_number<std::int64_t>(), 2);
    auto want = std::vector<std::string>{pending, accepted};
    std::sort(want.begin(), want.end());
    EXPECT_EQ(ids_of(listed.at("peerings")), want);
    // The accepter's project finds the same rows.
    EXPECT_EQ(ids_of(ctl({"list", "--project", kProjectB}).json().at("peerings")), want);

    const auto active = ctl({"list", "--status", "ACTIVE", "--project", kProjectA}).json();
    ASSERT_EQ(active.at("count").to_number<std::int64_t>(), 1);
    const auto& row = active.at("peerings").at(0);
    EXPECT_EQ(row.at("id").as_string(), accepted);
    EXPECT_EQ(row.at("status").as_string(), "ACTIVE");
    EXPECT_EQ(row.at("request_project").as_string(), kProjectA);
    EXPECT_EQ(row.at("accept_project").as_string(), kProjectB);
    EXPECT_TRUE(row.at("expires_at").is_null());

    // Every project, load included: at least ours plus what the load thread created.
    EXPECT_GT(ctl({"list"}).json().at("count").to_number<std::int64_t>(), 2);
    const auto text = ctl_text({"list", "--project", kProjectA});
    EXPECT_EQ(text.exit_code, 0);
    EXPECT_NE(text.output.find(pending + "  PENDING_ACCEPTANCE  one"), std::string::npos) << text.output;
    EXPECT_NE(text.output.find("2 peerings"), std::string::npos) << text.output;

    EXPECT_NE(ctl({"list", "--status", "active"}).exit_code, 0);  // spelling is exact
}

TEST_F(Ctl, ListShowsTombstonesOnlyOnRequest) {
    const auto id = create_pending("gone");
    ASSERT_EQ(call("DELETE", kPeerings + "/" + id, kProjectB).status, 204);
    const auto deleted = ctl({"list", "--status", "DELETED", "--project", kProjectA}).json();
    ASSERT_EQ(deleted.at("count").to_number<std::int64_t>(), 1);
    EXPECT_EQ(deleted.at("peerings").at(0).at("id").as_string(), id);
    EXPECT_TRUE(deleted.at("peerings").at(0).at("deleted_at").is_string());
}

TEST_F(Ctl, ShowPrintsThePeeringWithItsFullHistory) {
    const auto id = create_pending("shown");
    ASSERT_EQ(call("PUT", kPeerings + "/" + id + "/accept", kProjectB).status, 200);
    ASSERT_EQ(call("PUT", kPeerings + "/" + id, kProjectA, R"({"peering": {"name": "renamed"}})").status, 200);
    wait_for_load();

    const auto run = ctl({"show", id});
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const auto shown = run.json();
    EXPECT_EQ(shown.at("peering").at("name").as_string(), "renamed");
    EXPECT_EQ(shown.at("peering").at("status").as_string(), "ACTIVE");
    const auto& history = shown.at("history").as_array();
    ASSERT_EQ(history.size(), 3u);
    EXPECT_EQ(history[0].at("action").as_string(), "create");
    EXPECT_TRUE(history[0].at("from_status").is_null());
    EXPECT_EQ(history[0].at("actor_project").as_string(), kProjectA);
    EXPECT_EQ(history[1].at("action").as_string(), "accept");
    EXPECT_EQ(history[1].at("from_status").as_string(), "PENDING_ACCEPTANCE");
    EXPECT_EQ(history[1].at("to_status").as_string(), "ACTIVE");
    EXPECT_EQ(history[1].at("actor_project").as_string(), kProjectB);
    EXPECT_EQ(history[2].at("action").as_string(), "update");
    EXPECT_LT(history[0].at("revision").to_number<std::int64_t>(), history[1].at("revision").to_number<std::int64_t>());

    const auto text = ctl_text({"show", id});
    EXPECT_EQ(text.exit_code, 0);
    EXPECT_NE(text.output.find("accept  PENDING_ACCEPTANCE -> ACTIVE  by " + kProjectB), std::string::npos)
        << text.output;
}

TEST_F(Ctl, ShowOfAnUnknownIdFails) {
    const auto run = ctl_text({"show", "00000000-0000-4000-8000-000000000000"});
    EXPECT_NE(run.exit_code, 0);
    EXPECT_NE(run.output.find("no peering"), std::string::npos) << run.output;
    EXPECT_NE(ctl_text({"show"}).exit_code, 0);  // the id is required
}

TEST_F(Ctl, HistorySinceListsChangesOldestFirst) {
    // Whole seconds: step back one so rows written in this second are certainly included.
    const auto since = domain::format_timestamp(domain::SystemClock{}.now() - std::chrono::seconds(1));
    const auto id = create_pending("historic");
    ASSERT_EQ(call("PUT", kPeerings + "/" + id + "/reject", kProjectB).status, 200);
    wait_for_load();

    const auto run = ctl({"history", "--since", since});
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const auto json = run.json();
    const auto& rows = json.at("history").as_array();
    std::vector<std::string> ours;
    std::int64_t previous = 0;
    for (const auto& row : rows) {
        EXPECT_GT(row.at("revision").to_number<std::int64_t>(), previous);  // newest last
        previous = row.at("revision").to_number<std::int64_t>();
        EXPECT_GE(std::string(row.at("changed_at").as_string()), since);
        if (row.at("peering_id").as_string() == id) ours.emplace_back(row.at("action").as_string());
    }
    EXPECT_EQ(ours, (std::vector<std::string>{"create", "reject"}));
    EXPECT_GT(rows.size(), 2u);  // the load's changes are in there too

    // A future start time finds nothing; a malformed one is refused.
    const auto future = ctl({"history", "--since", "2999-01-01T00:00:00"});
    EXPECT_EQ(future.exit_code, 0);
    EXPECT_EQ(future.json().at("count").to_number<std::int64_t>(), 0);
    EXPECT_NE(ctl({"history", "--since", "yesterday"}).exit_code, 0);
}

}  // namespace
}  // namespace peeringd::test
