// RELIABILITY.md §1: the daemon under concurrent mixed load, SIGKILLed at random moments and
// restarted on the same file, cycle after cycle. Nightly runs raise the numbers:
//   PEERINGD_KILL9_CYCLES (default 10), PEERINGD_KILL9_CONNECTIONS (32), PEERINGD_KILL9_SEED.
#include "tests/reliability/crash_model.hpp"
#include "tests/reliability/notified_daemon.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <random>
#include <thread>

namespace peeringd::test {
namespace {

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
    const char* text = std::getenv(name);
    return text != nullptr && *text != '\0' ? std::stoull(text) : fallback;
}

std::string first_violations(const std::vector<std::string>& violations) {
    std::string out;
    for (std::size_t i = 0; i < violations.size() && i < 20; ++i) out += "\n  " + violations[i];
    return out;
}

TEST(KillNine, RandomSigkillsUnderLoadLoseNothingAcknowledgedAndHalfApplyNothing) {
    const auto cycles = env_number("PEERINGD_KILL9_CYCLES", 10);
    const auto connections = static_cast<int>(env_number("PEERINGD_KILL9_CONNECTIONS", 32));
    const auto seed = env_number("PEERINGD_KILL9_SEED", 20261122);
    TempDir dir;
    const auto db = dir.file("peeringd.db");
    // The default quota of 50 would turn most creates into 409s; the model expects none.
    const std::vector<std::string> args{"--quota", "1000000"};
    std::mt19937_64 rng(seed);
    CrashModel model(seed);

    auto daemon = std::make_unique<NotifiedDaemon>(dir.path(), db, args);
    ASSERT_TRUE(daemon->wait_ready()) << daemon_log(dir.path());
    const auto first_ready = daemon->ready_after();
    std::chrono::milliseconds max_ready{0};
    for (std::uint64_t cycle = 1; cycle <= cycles; ++cycle) {
        model.start(daemon->port(), connections);
        std::this_thread::sleep_for(std::chrono::milliseconds(200 + rng() % 2800));
        EXPECT_EQ(daemon->process().stop(SIGKILL), std::optional<int>(128 + SIGKILL));
        model.join();
        daemon = std::make_unique<NotifiedDaemon>(dir.path(), db, args);
        ASSERT_TRUE(daemon->wait_ready()) << "cycle " << cycle << ": no READY after the kill\n" << daemon_log(dir.path());
        max_ready = std::max(max_ready, daemon->ready_after());
        EXPECT_LT(daemon->ready_after(), std::chrono::seconds(2)) << "cycle " << cycle;
        const auto violations = model.verify(daemon->port(), read_snapshot(db));
        EXPECT_TRUE(violations.empty()) << "cycle " << cycle << ": " << violations.size() << " violations"
                                        << first_violations(violations);
    }
    const auto& t = model.totals();
    std::cout << "kill -9 harness: seed " << seed << ", " << cycles << " cycles, " << connections
              << " connections, " << t.requests << " requests: " << t.acknowledged << " acknowledged, "
              << t.refused << " refused (4xx), " << t.unavailable << " 503, " << t.unknown << " unknown ("
              << t.unknown_applied << " applied, " << t.unknown_not_applied << " not applied); "
              << t.creates_resent << " unknown creates re-sent (" << t.resent_conflict << " answered 409 with the id, "
              << t.resent_created << " 201); " << model.tracked() << " peerings tracked; READY after a kill max "
              << max_ready.count() << " ms (first start " << first_ready.count() << " ms)" << std::endl;
    ::testing::Test::RecordProperty("requests", std::to_string(t.requests));
    ::testing::Test::RecordProperty("max_ready_ms", std::to_string(max_ready.count()));
}

}  // namespace
}  // namespace peeringd::test
