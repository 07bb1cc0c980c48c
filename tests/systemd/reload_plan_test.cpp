// What SIGHUP may change live, the shipped example config, and the test-hook switch.
#include "daemon/config.hpp"
#include "daemon/config_reload.hpp"
#include "daemon/test_hooks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

namespace peeringd::daemon {
namespace {

Config parse(std::vector<std::string> args) {
    args.insert(args.begin(), "peeringd");
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    return std::get<Config>(parse_command_line(static_cast<int>(argv.size()), argv.data()));
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

TEST(ReloadPlan, SameSettingsChangeNothing) {
    const auto config = parse({"--quota", "7"});
    const auto plan = plan_reload(config, config);
    EXPECT_TRUE(plan.applied.empty());
    EXPECT_TRUE(plan.need_restart.empty());
    EXPECT_FALSE(plan.policy_changed);
    EXPECT_FALSE(plan.interval_changed);
}

TEST(ReloadPlan, QuotaTtlAndSweepIntervalAreLive) {
    const auto plan = plan_reload(parse({}), parse({"--quota", "80", "--project-quota", "p1=3",
                                                    "--pending-ttl", "60", "--sweep-interval", "5"}));
    EXPECT_TRUE(plan.policy_changed);
    EXPECT_TRUE(plan.interval_changed);
    EXPECT_TRUE(contains(plan.applied, "quota 50 -> 80 p1=3"));
    EXPECT_TRUE(contains(plan.applied, "pending-ttl 604800s -> 60s"));
    EXPECT_TRUE(contains(plan.applied, "sweep-interval 60s -> 5s"));
    EXPECT_TRUE(plan.need_restart.empty());
}

TEST(ReloadPlan, HistoryRetentionIsLive) {
    const auto plan = plan_reload(parse({}), parse({"--history-retention", "3600"}));
    EXPECT_TRUE(plan.retention_changed);
    EXPECT_FALSE(plan.policy_changed);
    EXPECT_TRUE(contains(plan.applied, "history-retention 604800s -> 3600s"));
    EXPECT_TRUE(plan.need_restart.empty());
}

TEST(ReloadPlan, EverythingElseNeedsARestart) {
    const auto plan = plan_reload(parse({}), parse({"--listen", "127.0.0.1:1", "--db", "x.db",
                                                    "--io-threads", "3", "--shutdown-grace", "1"}));
    EXPECT_FALSE(plan.policy_changed);
    EXPECT_FALSE(plan.interval_changed);
    EXPECT_EQ(plan.need_restart, (std::vector<std::string>{"listen", "db", "io-threads", "shutdown-grace"}));
}

TEST(ReloadPlan, ConfigRemembersWhereItCameFrom) {
    const auto config = parse({"--config", PEERINGD_CONF_EXAMPLE, "--quota", "9"});
    ASSERT_TRUE(config.config_file);
    EXPECT_EQ(*config.config_file, PEERINGD_CONF_EXAMPLE);
    EXPECT_EQ(config.command_line.size(), 5u);
    EXPECT_EQ(config.quota.default_limit, 9);  // the command line still wins over the file
}

TEST(ExampleConfig, ParsesWithTheDaemonsOwnOptionNames) {
    const auto config = parse({"--config", PEERINGD_CONF_EXAMPLE});
    EXPECT_EQ(config.listen_host, "127.0.0.1");
    EXPECT_EQ(config.listen_port, 9696);
    EXPECT_EQ(config.db_path, "/var/lib/peeringd/peeringd.db");
    EXPECT_EQ(config.pending_ttl, std::chrono::seconds(604800));
    EXPECT_EQ(config.sweep_interval, std::chrono::seconds(60));
    EXPECT_EQ(config.quota.default_limit, 50);
    // Below the unit's TimeoutStopSec=30, so systemd never SIGKILLs a draining daemon.
    EXPECT_LT(config.shutdown_grace, std::chrono::seconds(30));
}

TEST(TestHooks, OffUnlessTheVariableNamesAKnownHook) {
    EXPECT_FALSE(wedge_hook_from_env(nullptr));
    EXPECT_FALSE(wedge_hook_from_env(""));
    EXPECT_EQ(wedge_hook_from_env("wedge_db_on_sigusr1"), std::chrono::seconds(5));
    EXPECT_EQ(wedge_hook_from_env("wedge_db_on_sigusr1=2"), std::chrono::seconds(2));
    EXPECT_THROW(wedge_hook_from_env("wedge_db_on_sigusr1=x"), std::invalid_argument);
    EXPECT_THROW(wedge_hook_from_env("something_else"), std::invalid_argument);
}

}  // namespace
}  // namespace peeringd::daemon
