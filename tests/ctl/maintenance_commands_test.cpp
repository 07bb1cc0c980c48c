// peeringctl stats / check / backup / expire against a live daemon while it writes.
#include "tests/ctl/ctl_fixture.hpp"

#include "domain/timestamp.hpp"

#include <SQLiteCpp/Database.h>

#include <algorithm>
#include <fstream>

namespace peeringd::test {
namespace {

using Ctl = CtlUnderLoad;

std::string in_one_hour() {
    return domain::format_timestamp(domain::SystemClock{}.now() + std::chrono::hours(1));
}

TEST_F(Ctl, StatsCountsByStatusTombstonesAndSoonDueRequests) {
    const auto soon = create_pending("soon");
    const auto gone = create_pending("gone");
    ASSERT_EQ(call("DELETE", kPeerings + "/" + gone, kProjectA).status, 204);
    // The load's requests wait 7 days; this one is due within the hour.
    exec_sql("UPDATE peerings SET expires_at = '" + in_one_hour() + "' WHERE id = '" + soon + "'");
    wait_for_load();

    const auto run = ctl({"stats"});
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const auto stats = run.json();
    const auto& by_status = stats.at("by_status").as_object();
    EXPECT_EQ(by_status.size(), 4u);
    EXPECT_FALSE(by_status.contains("DELETED"));  // tombstones are counted apart
    EXPECT_GE(by_status.at("ACTIVE").to_number<std::int64_t>(), 1);
    EXPECT_GE(by_status.at("PENDING_ACCEPTANCE").to_number<std::int64_t>(), 1);
    EXPECT_GE(stats.at("tombstones").to_number<std::int64_t>(), 1);
    EXPECT_EQ(stats.at("pending_expiring_24h").to_number<std::int64_t>(), 1);
    EXPECT_EQ(stats.at("pending_due").to_number<std::int64_t>(), 0);
    EXPECT_GT(stats.at("history_rows").to_number<std::int64_t>(), 3);
    EXPECT_GT(stats.at("db_bytes").to_number<std::int64_t>(), 0);
    EXPECT_GT(stats.at("wal_bytes").to_number<std::int64_t>(), 0);  // the daemon is writing in WAL mode
    EXPECT_EQ(stats.at("schema_version"), stats.at("latest_schema_version"));

    const auto text = ctl_text({"stats"});
    EXPECT_EQ(text.exit_code, 0);
    EXPECT_NE(text.output.find("pending expiring within 24 h: 1"), std::string::npos) << text.output;
}

TEST_F(Ctl, CheckPassesOnTheLiveDatabase) {
    const auto run = ctl({"check"});
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const auto report = run.json();
    EXPECT_TRUE(report.at("ok").as_bool());
    EXPECT_EQ(report.at("integrity"), boost::json::value(boost::json::array{"ok"}));
    EXPECT_TRUE(report.at("foreign_keys").as_array().empty());
    EXPECT_EQ(report.at("schema_version"), report.at("expected_schema_version"));
}

TEST_F(Ctl, BackupUnderLoadYieldsACopyThatPassesCheck) {
    const auto mine = create_pending("backed-up");
    const auto file = dir_.file("copy.db");
    wait_for_load();
    const auto run = ctl({"backup", file.string()});
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_GT(run.json().at("pages").to_number<std::int64_t>(), 1);
    // A self-contained file: no -wal or -shm left beside the copy.
    EXPECT_FALSE(std::filesystem::exists(file.string() + "-wal"));

    const auto check = ctl({"check"}, file);
    ASSERT_EQ(check.exit_code, 0) << check.output;
    EXPECT_TRUE(check.json().at("ok").as_bool());
    const auto listed = ctl({"list", "--project", kProjectA}, file);
    EXPECT_EQ(ids_of(listed.json().at("peerings")), std::vector<std::string>{mine});

    // An existing FILE is kept unless --force.
    const auto again = ctl_text({"backup", file.string()});
    EXPECT_NE(again.exit_code, 0);
    EXPECT_NE(again.output.find("--force"), std::string::npos) << again.output;
    wait_for_load();
    EXPECT_EQ(ctl({"backup", file.string(), "--force"}).exit_code, 0);
    EXPECT_EQ(ctl({"check"}, file).exit_code, 0);
    // Never over the live database itself.
    EXPECT_NE(ctl({"backup", db_path().string(), "--force"}).exit_code, 0);
}

TEST_F(Ctl, CheckFailsOnACorruptedCopy) {
    for (int i = 0; i < 5; ++i) create_pending("filler");
    const auto file = dir_.file("corrupt.db");
    ASSERT_EQ(ctl({"backup", file.string()}).exit_code, 0);
    // Garbage over every page but the first: the schema still reads, the b-trees do not.
    const auto size = std::filesystem::file_size(file);
    ASSERT_GT(size, 4096u * 2);
    {
        std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
        out.seekp(4096);
        const std::string garbage(size - 4096, '\xA5');
        out.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
    const auto run = ctl_text({"check"}, file);
    EXPECT_NE(run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find("FAILED"), std::string::npos) << run.output;
}

TEST_F(Ctl, CheckFailsOnASchemaVersionTheBinaryDoesNotKnow) {
    const auto file = dir_.file("newer.db");
    ASSERT_EQ(ctl({"backup", file.string()}).exit_code, 0);
    {
        SQLite::Database copy(file.string(), SQLite::OPEN_READWRITE);
        copy.exec("PRAGMA user_version = 999");
    }
    const auto run = ctl({"check"}, file);
    EXPECT_NE(run.exit_code, 0);
    // The report still comes first, then the error line on stderr.
    EXPECT_NE(run.output.find("\"schema_version\":999"), std::string::npos) << run.output;
}

TEST_F(Ctl, ExpireDryRunListsDueRequestsAndNowExpiresThemWithHistory) {
    std::vector<std::string> due{create_pending("a"), create_pending("b"), create_pending("c")};
    const auto waiting = create_pending("not-due");
    std::sort(due.begin(), due.end());
    // Deadlines in the past without waiting for them; the daemon never reads these rows, so
    // nothing but peeringctl moves them.
    exec_sql("UPDATE peerings SET expires_at = '2000-01-01T00:00:00' WHERE id IN ('" + due[0] + "', '" +
             due[1] + "', '" + due[2] + "')");
    wait_for_load();

    const auto dry = ctl({"expire", "--dry-run"});
    ASSERT_EQ(dry.exit_code, 0) << dry.output;
    const auto listed = dry.json();
    EXPECT_EQ(listed.at("due").to_number<std::int64_t>(), 3);
    EXPECT_EQ(ids_of(listed.at("peerings")), due);
    EXPECT_EQ(listed.at("peerings").at(0).at("status").as_string(), "PENDING_ACCEPTANCE");
    // Nothing changed.
    EXPECT_EQ(sql_count("SELECT count(*) FROM peerings WHERE status = 'PENDING_ACCEPTANCE' AND "
                        "expires_at = '2000-01-01T00:00:00'"),
              3);
    EXPECT_EQ(sql_count("SELECT count(*) FROM peering_history WHERE action = 'expire'"), 0);

    const auto now = ctl({"expire", "--now", "--batch", "2"});  // two batches
    ASSERT_EQ(now.exit_code, 0) << now.output;
    EXPECT_EQ(now.json().at("expired").to_number<std::int64_t>(), 3);
    for (const auto& id : due) {
        const auto shown = ctl({"show", id}).json();
        EXPECT_EQ(shown.at("peering").at("status").as_string(), "EXPIRED");
        EXPECT_TRUE(shown.at("peering").at("expires_at").is_null());
        const auto& last = shown.at("history").as_array().back();
        EXPECT_EQ(last.at("action").as_string(), "expire");
        EXPECT_EQ(last.at("from_status").as_string(), "PENDING_ACCEPTANCE");
        EXPECT_TRUE(last.at("actor_project").is_null());  // the system acted
    }
    EXPECT_EQ(sql_count("SELECT count(*) FROM peering_history WHERE action = 'expire'"), 3);
    EXPECT_EQ(sql_text("SELECT status FROM peerings WHERE id = '" + waiting + "'"), "PENDING_ACCEPTANCE");
    EXPECT_EQ(ctl({"expire", "--dry-run"}).json().at("due").to_number<std::int64_t>(), 0);
    EXPECT_EQ(ctl({"expire", "--now"}).json().at("expired").to_number<std::int64_t>(), 0);
}

TEST_F(Ctl, ExpireNeedsExactlyOneMode) {
    EXPECT_NE(ctl_text({"expire"}).exit_code, 0);
    EXPECT_NE(ctl_text({"expire", "--dry-run", "--now"}).exit_code, 0);
}

TEST_F(Ctl, CommandsOnAMissingDatabaseFail) {
    const auto missing = dir_.file("missing.db");
    for (const auto* command : {"list", "stats", "check", "history"}) {
        const auto run = ctl_text({command}, missing);
        EXPECT_NE(run.exit_code, 0) << command;
    }
    EXPECT_FALSE(std::filesystem::exists(missing));  // read-only commands never create it
}

}  // namespace
}  // namespace peeringd::test
