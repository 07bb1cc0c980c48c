// FeedNotifier (api/feed_notifier.hpp): which watchers a published change wakes, that a change
// published between a watcher's read and its wait is not lost, and that close() ends every wait.
#include "api/feed_notifier.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace peeringd::api {
namespace {

using namespace std::chrono_literals;
using Wake = FeedNotifier::Wake;

const std::string kA = "project-a";
const std::string kB = "project-b";
const std::string kC = "project-c";

storage::ChangeNotice notice(std::int64_t revision, const std::string& from, const std::string& to) {
    return {revision, from, to};
}

class FeedNotifierTest : public ::testing::Test {
protected:
    /// Runs one wait on a strand of io_ (as sessions do) and returns how it ended.
    Wake wait(const std::optional<std::string>& scope, std::int64_t since,
              std::chrono::steady_clock::duration timeout, std::function<void()> meanwhile = {}) {
        auto strand = boost::asio::make_strand(io_);
        auto done = boost::asio::co_spawn(strand, notifier_.wait(scope, since, timeout),
                                          boost::asio::use_future);
        std::thread runner([this] { io_.run(); });
        if (meanwhile) meanwhile();
        const auto wake = done.get();
        runner.join();
        io_.restart();
        return wake;
    }

    boost::asio::io_context io_;
    FeedNotifier notifier_;
};

TEST_F(FeedNotifierTest, AChangePublishedBeforeTheWaitCountsWhenItIsAfterSince) {
    notifier_.start_at(10);
    notifier_.publish({notice(11, kA, kB)});
    EXPECT_EQ(wait(kB, 10, 10s), Wake::changed);
    EXPECT_EQ(wait(std::nullopt, 10, 10s), Wake::changed);  // admin
    EXPECT_EQ(notifier_.published(), 11);
}

TEST_F(FeedNotifierTest, OthersChangesDoNotWakeAProject) {
    notifier_.start_at(0);
    notifier_.publish({notice(1, kA, kB)});
    EXPECT_EQ(wait(kC, 0, 20ms), Wake::timeout);
    EXPECT_EQ(wait(kA, 1, 20ms), Wake::timeout);  // already seen
}

TEST_F(FeedNotifierTest, APublishWakesAWaitingParty) {
    notifier_.start_at(0);
    const auto wake = wait(kA, 0, 30s, [this] {
        // Keep publishing until the watcher got it: the waiter may register after the first.
        for (std::int64_t r = 1; r < 1000; ++r) {
            notifier_.publish({notice(r, kC, kA)});
            std::this_thread::sleep_for(5ms);
            if (io_.stopped()) break;
        }
    });
    EXPECT_EQ(wake, Wake::changed);
}

TEST_F(FeedNotifierTest, CloseEndsWaitsNowAndLater) {
    notifier_.start_at(0);
    const auto wake = wait(kA, 0, 30s, [this] {
        std::this_thread::sleep_for(20ms);
        notifier_.close();
    });
    EXPECT_EQ(wake, Wake::closed);
    EXPECT_EQ(wait(kA, 0, 30s), Wake::closed);
}

TEST_F(FeedNotifierTest, PositionsOlderThanTheRecentWindowWakeAtOnce) {
    notifier_.start_at(0);
    std::vector<storage::ChangeNotice> many;
    for (std::int64_t r = 1; r <= 5000; ++r) many.push_back(notice(r, kA, kB));
    notifier_.publish(std::move(many));
    // Revision 1 is no longer in the window: the notifier cannot tell, so the watcher re-reads.
    EXPECT_EQ(wait(kC, 1, 10s), Wake::changed);
    EXPECT_EQ(wait(kC, 4999, 20ms), Wake::timeout);
}

}  // namespace
}  // namespace peeringd::api
