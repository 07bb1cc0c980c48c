// The daemon as operators and systemd see it: flags, exit codes, restart durability, shutdown.
#include "tests/integration/daemon_fixture.hpp"

#include <SQLiteCpp/Database.h>

#include <fstream>
#include <sstream>

namespace peeringd::test {
namespace {

class Process : public DaemonFixture {};

TEST_F(Process, HelpPrintsUsageAndExitsZero) {
    std::string out;
    EXPECT_EQ(run_peeringd({"--help"}, out), 0);
    EXPECT_NE(out.find("--listen"), std::string::npos);
    EXPECT_NE(out.find("--sweep-interval"), std::string::npos);
}

TEST_F(Process, BadFlagsExitTwoWithOneMessage) {
    std::string out;
    EXPECT_EQ(run_peeringd({"--no-such-flag"}, out), 2);
    EXPECT_NE(out.find("peeringd:"), std::string::npos);
    EXPECT_EQ(run_peeringd({"--listen", "nonsense"}, out), 2);
    EXPECT_EQ(run_peeringd({"--sweep-interval", "0"}, out), 2);
    EXPECT_EQ(run_peeringd({"--pending-ttl", "abc"}, out), 2);
}

TEST_F(Process, InsecureDevAuthRefusesNonLoopbackAddresses) {
    std::string out;
    EXPECT_EQ(run_peeringd({"--insecure-dev-auth", "--listen", "0.0.0.0:0", "--db", db_path().string()}, out), 2);
    EXPECT_NE(out.find("non-loopback"), std::string::npos) << out;
    EXPECT_FALSE(std::filesystem::exists(db_path()));
}

TEST_F(Process, DevAuthWarnsAtStartAndSignedModeDoesNot) {
    start();
    stop();
    start({}, false);
    stop();
    std::ifstream log(log_path());
    std::stringstream text;
    text << log.rdbuf();
    const auto all = text.str();
    const auto first = all.find("NOT authenticated");
    EXPECT_NE(first, std::string::npos);
    EXPECT_EQ(all.find("NOT authenticated", first + 1), std::string::npos);  // only the dev-mode start
}

TEST_F(Process, UnusableDatabasePathExitsThree) {
    std::string out;
    EXPECT_EQ(run_peeringd({"--listen", "127.0.0.1:0", "--db", (dir_.path() / "missing/dir/x.db").string()}, out), 3);
    EXPECT_NE(out.find("missing/dir/x.db"), std::string::npos) << out;
}

TEST_F(Process, EmptyOrCorruptDatabaseExitsFourAndIsLeftAlone) {
    std::string out;
    { std::ofstream empty(db_path()); }
    EXPECT_EQ(run_peeringd({"--listen", "127.0.0.1:0", "--db", db_path().string()}, out), 4) << out;
    EXPECT_EQ(std::filesystem::file_size(db_path()), 0u);
    {
        std::ofstream garbage(db_path(), std::ios::binary | std::ios::trunc);
        garbage << std::string(4096, 'x');
    }
    EXPECT_EQ(run_peeringd({"--listen", "127.0.0.1:0", "--db", db_path().string()}, out), 4) << out;
    EXPECT_EQ(std::filesystem::file_size(db_path()), 4096u);
}

TEST_F(Process, NewerSchemaExitsFive) {
    {
        SQLite::Database db(db_path().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("PRAGMA user_version = 999");
    }
    std::string out;
    EXPECT_EQ(run_peeringd({"--listen", "127.0.0.1:0", "--db", db_path().string()}, out), 5);
    EXPECT_NE(out.find("newer"), std::string::npos) << out;
}

TEST_F(Process, RestartKeepsEverythingAcknowledgedAndShutdownLeavesNoWal) {
    start();
    std::vector<std::string> ids;
    for (int i = 0; i < 10; ++i) ids.emplace_back(create(kProjectA, i % 2 ? kProjectB : "").at("id").as_string());
    ASSERT_EQ(call("PUT", kPeerings + "/" + ids[1] + "/accept", kProjectB).status, 200);
    ASSERT_EQ(call("DELETE", kPeerings + "/" + ids[2], kProjectA).status, 204);
    ASSERT_EQ(call("PUT", kPeerings + "/" + ids[3], kProjectA, R"({"peering":{"name":"kept"}})").status, 200);
    stop();
    EXPECT_FALSE(std::filesystem::exists(db_path().string() + "-wal") &&
                 std::filesystem::file_size(db_path().string() + "-wal") > 0);
    start();
    EXPECT_EQ(call("GET", kPeerings, kProjectA).json().at("peerings").as_array().size(), 9u);
    EXPECT_EQ(call("GET", kPeerings + "/" + ids[1], kProjectA).json().at("peering").at("status").as_string(), "ACTIVE");
    EXPECT_EQ(call("GET", kPeerings + "/" + ids[2], kProjectA).status, 404);
    EXPECT_EQ(call("GET", kPeerings + "/" + ids[3], kProjectA).json().at("peering").at("name").as_string(), "kept");
}

TEST_F(Process, SigkillLosesNothingAcknowledged) {
    start();
    std::vector<std::string> ids;
    for (int i = 0; i < 20; ++i) ids.emplace_back(create(kProjectA, kProjectB).at("id").as_string());
    daemon_->stop(SIGKILL);
    start();
    for (const auto& id : ids) EXPECT_EQ(call("GET", kPeerings + "/" + id, kProjectB).status, 200);
}

TEST_F(Process, SigtermWhileIdleConnectionsAreOpenExitsZeroPromptly) {
    start();
    HttpClient idle(port());
    EXPECT_EQ(idle.request("GET", kPeerings, kProjectA).status, 200);  // keeps the connection open
    const auto started = std::chrono::steady_clock::now();
    stop();
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST_F(Process, HistoryIsReadableWithSqlite) {
    start();
    const std::string id(create(kProjectA, kProjectB).at("id").as_string());
    ASSERT_EQ(call("PUT", kPeerings + "/" + id + "/reject", kProjectB).status, 200);
    SQLite::Database db(db_path().string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT action, coalesce(from_status, ''), to_status, actor_project, changed_at, "
                            "length(request_id) FROM peering_history WHERE peering_id = ? ORDER BY revision");
    q.bind(1, id);
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getString(), "create");
    EXPECT_EQ(q.getColumn(1).getString(), "");
    EXPECT_EQ(q.getColumn(2).getString(), "PENDING_ACCEPTANCE");
    EXPECT_EQ(q.getColumn(3).getString(), kProjectA);
    EXPECT_EQ(q.getColumn(4).getString().size(), 19u);
    EXPECT_EQ(q.getColumn(5).getInt(), 32);
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getString(), "reject");
    EXPECT_EQ(q.getColumn(1).getString(), "PENDING_ACCEPTANCE");
    EXPECT_EQ(q.getColumn(2).getString(), "REJECTED");
    EXPECT_EQ(q.getColumn(3).getString(), kProjectB);
    EXPECT_FALSE(q.executeStep());
    const auto expires = db.execAndGet("SELECT count(*) FROM peerings WHERE expires_at IS NOT NULL").getInt();
    EXPECT_EQ(expires, 0);
}

}  // namespace
}  // namespace peeringd::test
