// peeringd as systemd sees it through NOTIFY_SOCKET: READY=1 only once the port answers,
// STATUS= lines, STOPPING=1 on SIGTERM, and WATCHDOG=1 that stops while the DB thread is wedged.
#include "tests/support/daemon_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/notify_socket.hpp"
#include "tests/support/temp_dir.hpp"

#include <SQLiteCpp/Database.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <sstream>

namespace peeringd::test {
namespace {
using namespace std::chrono_literals;

const std::string kProject = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

class Notify : public ::testing::Test {
protected:
    void TearDown() override {
        if (!HasFailure()) return;
        std::ifstream log(dir_.file("peeringd.log"));
        std::stringstream text;
        text << log.rdbuf();
        std::cerr << "---- peeringd log ----\n" << text.str() << "----------------------\n";
    }
    std::unique_ptr<DaemonProcess> start(ChildEnv env) {
        env.vars.push_back(notify_.env());
        return std::make_unique<DaemonProcess>(dir_.file("peeringd.db"), std::vector<std::string>{"--insecure-dev-auth"},
                                               dir_.file("peeringd.log"), env);
    }
    /// WATCHDOG=1 datagrams that arrive within `window`.
    int count_pings(std::chrono::milliseconds window) {
        int pings = 0;
        const auto until = std::chrono::steady_clock::now() + window;
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
            if (left.count() <= 0) return pings;
            if (const auto message = notify_.receive(left); message && has_line(*message, "WATCHDOG=1")) ++pings;
        }
    }

    TempDir dir_;
    NotifySocket notify_{dir_.file("notify.sock")};
};

TEST_F(Notify, ReadyOnlyOnceMigratedAndListeningThenStoppingOnSigterm) {
    auto daemon = start({});
    // Everything before READY=1 is a status line; the first says what start-up is doing.
    std::vector<std::string> before;
    std::optional<std::string> ready;
    while (!ready) {
        auto message = notify_.receive(10s);
        ASSERT_TRUE(message) << "no READY=1 within 10 s";
        if (has_line(*message, "READY=1")) ready = message;
        else before.push_back(*message);
    }
    // Freeze the daemon the moment it claims readiness: it can do nothing more of its own,
    // yet the kernel must complete a connect (the socket already listens) ...
    ASSERT_EQ(::kill(daemon->pid(), SIGSTOP), 0);
    ASSERT_TRUE(daemon->wait_listening(2s));  // printed before READY=1, already in the pipe
    {
        boost::asio::io_context io;
        boost::asio::ip::tcp::socket socket(io);
        boost::system::error_code ec;
        socket.connect({boost::asio::ip::make_address("127.0.0.1"), daemon->port()}, ec);
        EXPECT_FALSE(ec) << "connect while frozen at READY=1: " << ec.message();
    }
    // ... and the schema is complete (migrations ran before READY=1).
    {
        SQLite::Database db(dir_.file("peeringd.db").string(), SQLite::OPEN_READONLY);
        EXPECT_GT(db.execAndGet("PRAGMA user_version").getInt(), 0);
    }
    ASSERT_EQ(::kill(daemon->pid(), SIGCONT), 0);
    ASSERT_FALSE(before.empty());
    EXPECT_EQ(field(before.front(), "STATUS"), "checking the database and applying migrations");
    EXPECT_EQ(field(*ready, "STATUS"), "serving on 127.0.0.1:" + std::to_string(daemon->port()));
    HttpClient client(daemon->port());
    EXPECT_EQ(client.request("GET", "/v2.0/vpc/peerings", kProject).status, 200);
    client.close();

    ASSERT_EQ(::kill(daemon->pid(), SIGTERM), 0);
    const auto stopping = notify_.wait_for("STOPPING=1", 10s);
    ASSERT_TRUE(stopping) << "no STOPPING=1 after SIGTERM";
    EXPECT_EQ(field(*stopping, "STATUS"), "shutting down");
    EXPECT_EQ(daemon->wait_exit(10s), std::optional<int>(0));
}

TEST_F(Notify, NoWatchdogPingsUnlessSystemdAsksForThem) {
    auto daemon = start({});
    ASSERT_TRUE(notify_.wait_for("READY=1", 10s));
    EXPECT_EQ(count_pings(1500ms), 0);
    EXPECT_EQ(daemon->stop(SIGTERM), std::optional<int>(0));
}

TEST_F(Notify, WatchdogPingsStopWhileTheDatabaseThreadIsWedged) {
    // WatchdogSec=1s: pings every 500 ms. SIGUSR1 blocks the DB writer thread for 4 s.
    auto daemon = start({{"WATCHDOG_USEC=1000000", "PEERINGD_TEST_HOOKS=wedge_db_on_sigusr1=4"}, true});
    ASSERT_TRUE(notify_.wait_for("READY=1", 10s));
    ASSERT_TRUE(daemon->wait_listening(2s));
    HttpClient client(daemon->port());
    EXPECT_GE(count_pings(2000ms), 2) << "a healthy daemon pings every half timeout";

    ASSERT_EQ(::kill(daemon->pid(), SIGUSR1), 0);
    const auto wedged_at = std::chrono::steady_clock::now();
    // A probe that finished just before the wedge may still earn one ping; then none at all,
    // although the event loop (and the HTTP side) keeps running.
    count_pings(1200ms);
    EXPECT_EQ(count_pings(1500ms), 0) << "pinged while the database thread was wedged";
    // Only the writer is stuck: reads still answer, so only the DB probe can have stopped the pings.
    EXPECT_EQ(client.request("GET", "/v2.0/vpc/peerings", kProject).status, 200);
    // The wedge ends 4 s after SIGUSR1; the next tick's probe comes back and pings resume.
    EXPECT_TRUE(notify_.wait_for("WATCHDOG=1", 5s)) << "pings did not resume after the wedge";
    EXPECT_GE(std::chrono::steady_clock::now() - wedged_at, 3500ms);
    EXPECT_EQ(daemon->stop(SIGTERM), std::optional<int>(0));
}

}  // namespace
}  // namespace peeringd::test
