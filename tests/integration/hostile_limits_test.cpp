// RELIABILITY.md §4 against the real daemon: deadlines and limits with small configured values
// (the effective ones are the flags each test passes). The assertions are about behaviour —
// the server closes, a legitimate client is still served, the connection count comes back —
// with generous margins, never about latency percentiles.
#include "tests/integration/daemon_fixture.hpp"
#include "tests/support/prometheus_text.hpp"
#include "tests/support/raw_connection.hpp"

#include <memory>
#include <thread>

namespace peeringd::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

/// Slack on top of a deadline for scheduling on a busy 2-core machine.
constexpr auto kSlack = 4s;

class HostileLimits : public DaemonFixture {
protected:
    void SetUp() override {
        start({"--header-timeout", "1", "--request-timeout", "2", "--idle-timeout", "2", "--write-timeout", "1"});
    }

    double open_connections() {
        const auto r = client().request("GET", "/metrics");
        EXPECT_EQ(r.status, 200);
        return prom_value(parse_prometheus_text(r.body), "peeringd_open_connections");
    }

    /// Polls the gauge until it equals `expected`; the tracker drops a session only once its
    /// coroutine has unwound, a moment after the close.
    bool connections_return_to(double expected, std::chrono::seconds within = 10s) {
        const auto until = Clock::now() + within;
        while (Clock::now() < until) {
            if (open_connections() == expected) return true;
            std::this_thread::sleep_for(100ms);
        }
        return open_connections() == expected;
    }

    /// Sends `bytes` one byte every `pace` until the server closes; how long that took and
    /// whether it happened before the bytes ran out.
    static std::pair<Clock::duration, bool> trickle(RawConnection& c, const std::string& bytes, Clock::duration pace) {
        const auto started = Clock::now();
        for (const char byte : bytes) {
            c.send_some(std::string_view(&byte, 1));
            c.read_until_closed(std::chrono::duration_cast<std::chrono::milliseconds>(pace));
            if (c.closed()) return {Clock::now() - started, true};
        }
        return {Clock::now() - started, false};
    }
};

TEST_F(HostileLimits, SlowHeaderIsClosedByTheHeaderDeadlineFromTheFirstByte) {
    const double baseline = open_connections();
    RawConnection slow(port());
    const auto [took, closed] = trickle(slow, RawConnection::request("GET", "/healthz") + std::string(200, 'x'), 250ms);
    EXPECT_TRUE(closed) << "a 4 bytes/s client kept its connection";
    EXPECT_LT(took, 1s + kSlack);
    EXPECT_TRUE(connections_return_to(baseline));
}

TEST_F(HostileLimits, SlowBodyIsClosedByTheWholeRequestDeadline) {
    RawConnection slow(port());
    ASSERT_TRUE(slow.send("POST " + kPeerings + " HTTP/1.1\r\nHost: x\r\nX-Project-Id: " + kProjectA +
                          "\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"));
    const auto [took, closed] = trickle(slow, std::string(200, ' '), 250ms);
    EXPECT_TRUE(closed) << "a body trickled at 4 bytes/s was waited for";
    EXPECT_LT(took, 2s + kSlack);
}

TEST_F(HostileLimits, IdleKeepAliveConnectionIsClosed) {
    RawConnection idle(port());
    ASSERT_TRUE(idle.send(RawConnection::request("GET", "/healthz")));
    const auto started = Clock::now();
    const auto answered = idle.read_responses(1);
    ASSERT_EQ(answered.size(), 1u);
    EXPECT_TRUE(answered[0].keep_alive);
    idle.read_until_closed(2s + kSlack);
    EXPECT_TRUE(idle.closed());
    EXPECT_GE(Clock::now() - started, 1s) << "closed long before the idle deadline";
}

TEST_F(HostileLimits, ManySlowClientsDoNotStopALegitimateOne) {
    const double baseline = open_connections();
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < 100; ++i) {
        slow.push_back(std::make_unique<RawConnection>(port()));
        slow.back()->send_some("GET /healthz HTTP/1.1\r\nHo");
    }
    HttpClient legit(port());
    for (int i = 0; i < 20; ++i) {
        const auto r = legit.request("GET", kPeerings, kProjectA);
        ASSERT_EQ(r.status, 200) << "request " << i;
    }
    // Every slow client is dropped by the header deadline, none is ever answered.
    for (auto& c : slow) {
        const auto text = c->read_until_closed(1s + kSlack);
        EXPECT_TRUE(c->closed());
        EXPECT_TRUE(text.empty() || text.rfind("HTTP/1.1 4", 0) == 0) << text.substr(0, 80);
    }
    slow.clear();
    legit.close();
    EXPECT_TRUE(connections_return_to(baseline));
}

TEST_F(HostileLimits, ClientThatNeverReadsIsDroppedByTheWriteDeadline) {
    // Big list pages: 50 peerings with long descriptions, about 40 KB per response.
    const std::string description(250, 'd');
    for (int i = 0; i < 50; ++i) {
        const auto body = R"({"peering":{"name":"n","description":")" + description +
                          R"(","request_vpc_info":{"vpc_id":")" + random_vpc() + R"("},"accept_vpc_info":{"vpc_id":")" +
                          random_vpc() + R"("}}})";
        ASSERT_EQ(call("POST", kPeerings, kProjectA, body).status, 201);
    }
    const double baseline = open_connections();
    RawConnection deaf(port(), 4096);
    const auto list = RawConnection::request("GET", kPeerings, kProjectA);
    std::string pipeline;
    for (int i = 0; i < 400; ++i) pipeline += list;  // ~16 MB of answers, far beyond socket buffers
    deaf.send_some(pipeline);
    // The deaf client keeps its socket open; only the write deadline can free the session.
    EXPECT_TRUE(connections_return_to(baseline, 30s)) << "a client that never reads kept its session";
    EXPECT_EQ(call("GET", "/healthz", std::nullopt).status, 200);
}

TEST_F(HostileLimits, ConnectionsBeyondTheLimitGet503AndClose) {
    start({"--max-connections", "3"});
    // Two kept-alive connections, each proven registered by an answered request; the fixture's
    // client is the third once it asks.
    std::vector<std::unique_ptr<RawConnection>> held;
    for (int i = 0; i < 2; ++i) {
        held.push_back(std::make_unique<RawConnection>(port()));
        ASSERT_TRUE(held.back()->send(RawConnection::request("GET", "/healthz")));
        ASSERT_EQ(held.back()->read_responses(1).size(), 1u);
    }
    ASSERT_EQ(call("GET", "/healthz", std::nullopt).status, 200);
    RawConnection extra(port());
    extra.send(RawConnection::request("GET", "/healthz"));
    const auto refused = extra.read_responses(1);
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].status, 503);
    EXPECT_FALSE(refused[0].keep_alive);
    extra.read_until_closed();
    EXPECT_TRUE(extra.closed());
    // A slot frees when a connection goes: a new client is served again.
    held.clear();
    const auto until = Clock::now() + 10s;
    int status = 0;
    while (Clock::now() < until) {
        RawConnection again(port());
        again.send(RawConnection::request("GET", "/healthz"));
        const auto answer = again.read_responses(1);
        status = answer.empty() ? 0 : answer[0].status;
        if (status == 200) break;
        std::this_thread::sleep_for(100ms);
    }
    EXPECT_EQ(status, 200);
}

TEST_F(HostileLimits, RequestsPerConnectionAreCapped) {
    start({"--max-requests-per-connection", "3"});
    RawConnection c(port());
    std::string three;
    for (int i = 0; i < 4; ++i) three += RawConnection::request("GET", "/healthz");
    ASSERT_TRUE(c.send(three));
    const auto answers = c.read_responses(4);
    ASSERT_EQ(answers.size(), 3u) << "the fourth request was served";
    EXPECT_TRUE(answers[1].keep_alive);
    EXPECT_FALSE(answers[2].keep_alive);
    c.read_until_closed();
    EXPECT_TRUE(c.closed());
}

TEST_F(HostileLimits, BadLimitValuesAreRefusedAtStartUp) {
    std::string out;
    EXPECT_EQ(run_peeringd({"--header-timeout", "0"}, out), 2) << out;
    EXPECT_EQ(run_peeringd({"--header-timeout", "40", "--request-timeout", "30"}, out), 2) << out;
    EXPECT_EQ(run_peeringd({"--max-connections", "0"}, out), 2) << out;
}

}  // namespace
}  // namespace peeringd::test
