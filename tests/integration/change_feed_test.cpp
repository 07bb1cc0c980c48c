// The change feed against the real daemon (docs/API.md "Change feed"): an agent with an admin
// token follows the feed (long polls; SSE with a forced reconnect) while other threads drive
// random lifecycle operations, and must end with exactly the full list; isolation of a third
// project; 410 after pruning; If-Match; history visibility.
#include "tests/integration/daemon_fixture.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>

#include <poll.h>

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

namespace peeringd::test {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;

const std::string kEvents = "/v2.0/vpc/peering-events";

/// One Server-Sent Event as the client parsed it.
struct SseEvent {
    std::int64_t id = 0;
    std::string event;
    std::string data;
};

/// A blocking SSE reader over one connection; every read is bounded by a 20 s poll().
class SseClient {
public:
    SseClient(unsigned short port, const std::string& token, std::int64_t since,
              std::optional<std::int64_t> last_event_id = std::nullopt)
        : socket_(io_) {
        socket_.connect({asio::ip::make_address("127.0.0.1"), port});
        std::string request = "GET " + kEvents + "?since=" + std::to_string(since) +
                              " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                              "X-Auth-Token: " + token + "\r\n";
        if (last_event_id) request += "Last-Event-ID: " + std::to_string(*last_event_id) + "\r\n";
        asio::write(socket_, asio::buffer(request + "\r\n"));
        const auto end = read_until("\r\n\r\n");
        head_ = end ? buffer_.substr(0, *end) : buffer_;
        buffer_.erase(0, end ? *end + 4 : buffer_.size());
    }

    /// "HTTP/1.1 200 OK\r\n..." up to the blank line.
    const std::string& head() const { return head_; }
    int status() const { return head_.size() > 12 ? std::stoi(head_.substr(9, 3)) : 0; }

    /// The next event (heartbeat comments skipped); nullopt on timeout or end of stream.
    std::optional<SseEvent> next(std::chrono::milliseconds within = std::chrono::seconds(40)) {
        // Heartbeats alone never keep a stalled stream "alive" for longer than `within`.
        const auto give_up = std::chrono::steady_clock::now() + within;
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                give_up - std::chrono::steady_clock::now());
            if (left.count() <= 0) return std::nullopt;
            const auto end = read_until("\n\n", std::min<std::chrono::milliseconds>(left, std::chrono::seconds(20)));
            if (!end) return std::nullopt;
            const std::string block = buffer_.substr(0, *end);
            buffer_.erase(0, *end + 2);
            SseEvent e;
            std::istringstream lines(block);
            bool any = false;
            for (std::string line; std::getline(lines, line);) {
                if (line.rfind("id: ", 0) == 0) e.id = std::stoll(line.substr(4)), any = true;
                if (line.rfind("event: ", 0) == 0) e.event = line.substr(7), any = true;
                if (line.rfind("data: ", 0) == 0) e.data = line.substr(6), any = true;
            }
            if (any) return e;
        }
    }

    void close() {
        boost::system::error_code ignored;
        socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        socket_.close(ignored);
    }

private:
    std::optional<std::size_t> read_until(const std::string& marker,
                                          std::chrono::milliseconds wait = std::chrono::seconds(20)) {
        for (;;) {
            if (const auto at = buffer_.find(marker); at != std::string::npos) return at;
            // Asio's blocking read retries past SO_RCVTIMEO, so wait with poll() (20 s, longer
            // than the 15 s heartbeat): a stalled stream fails the test instead of hanging it.
            pollfd ready{socket_.native_handle(), POLLIN, 0};
            if (::poll(&ready, 1, static_cast<int>(wait.count())) != 1) return std::nullopt;
            char chunk[4096];
            boost::system::error_code ec;
            const auto n = socket_.read_some(asio::buffer(chunk), ec);
            if (ec) return std::nullopt;
            buffer_.append(chunk, n);
        }
    }

    asio::io_context io_;
    asio::ip::tcp::socket socket_;
    std::string buffer_;
    std::string head_;
};

/// What a follower knows: every live peering by id, as the newest event showed it.
struct View {
    std::map<std::string, json::object> peerings;
    std::int64_t last_revision = 0;
    std::size_t events = 0;
    std::size_t out_of_order = 0;  ///< events whose revision was not above the previous one

    void apply(const json::object& event) {
        const auto revision = event.at("revision").as_int64();
        if (revision <= last_revision) ++out_of_order;
        last_revision = std::max(last_revision, revision);
        ++events;
        const auto& peering = event.at("peering").as_object();
        const std::string id(peering.at("id").as_string());
        if (peering.at("status").as_string() == "DELETED")
            peerings.erase(id);
        else
            peerings[id] = peering;
    }
};

class ChangeFeed : public DaemonFixture {
protected:
    void SetUp() override {
        a_ = token(kProjectA);
        b_ = token(kProjectB);
        c_ = token(kProjectC);
        admin_ = token("feedadmin", true);
        // Random operations create far more than the default quota of 50.
        start({"--quota", "100000"}, false);
    }

    void start_pruning() {
        stop();
        start({"--history-retention", "1", "--sweep-interval", "1"}, false);
    }

    std::string token(const std::string& project, bool admin = false) {
        std::vector<std::string> args{"--db", db_path().string(), "--json", "token", "create",
                                      "--project", project};
        if (admin) args.emplace_back("--admin");
        std::string out;
        EXPECT_EQ(run_program(peeringctl_binary(), args, out), 0) << out;
        return std::string(json::parse(out).at("token").as_string());
    }

    static HttpResponse as(HttpClient& client, const std::string& token, const std::string& method,
                           const std::string& target, const std::string& body = {},
                           std::map<std::string, std::string> headers = {}) {
        headers["X-Auth-Token"] = token;
        if (!body.empty()) headers["Content-Type"] = "application/json";
        return client.request(method, target, std::nullopt, body, headers);
    }
    HttpResponse as(const std::string& token, const std::string& method, const std::string& target,
                    const std::string& body = {}, std::map<std::string, std::string> headers = {}) {
        return as(client(), token, method, target, body, std::move(headers));
    }

    /// A peering from `from` to `to` (tokens and projects); returns its object.
    json::object create(HttpClient& client, const std::string& from, const std::string& to_project) {
        const auto r = as(client, from, "POST", kPeerings, create_body("p", random_vpc(), random_vpc(), to_project));
        EXPECT_EQ(r.status, 201) << r.body;
        return r.status == 201 ? r.json().at("peering").as_object() : json::object{};
    }

    /// The admin's full list and the head revision of its snapshot.
    std::pair<std::map<std::string, json::object>, std::int64_t> full_list() {
        const auto r = as(admin_, "GET", kPeerings + "?limit=2000");
        EXPECT_EQ(r.status, 200) << r.body;
        std::map<std::string, json::object> out;
        const auto body = r.json();
        for (const auto& p : body.at("peerings").as_array())
            out[std::string(p.at("id").as_string())] = p.as_object();
        return {out, std::stoll(r.header("X-Peeringd-Revision"))};
    }

    /// ~`total` random create/accept/reject/update/delete requests from 4 threads over projects
    /// A, B and C. Returns how many succeeded (each is exactly one change).
    std::size_t drive_random_operations(std::size_t total);

    static void expect_same(const View& view, const std::map<std::string, json::object>& list) {
        EXPECT_EQ(view.out_of_order, 0u);
        EXPECT_EQ(view.peerings.size(), list.size());
        for (const auto& [id, peering] : list) {
            const auto it = view.peerings.find(id);
            if (it == view.peerings.end()) {
                ADD_FAILURE() << "the feed never showed " << id;
                continue;
            }
            for (const char* field : {"revision", "status", "name", "description", "updated_at"})
                EXPECT_EQ(it->second.at(field), peering.at(field)) << id << " " << field;
        }
    }

    std::string a_, b_, c_, admin_;
};

std::size_t ChangeFeed::drive_random_operations(std::size_t total) {
    struct Known {
        std::string id, requester, accepter;  // tokens of the two parties
    };
    std::mutex mutex;
    std::vector<Known> known;
    std::atomic<std::size_t> succeeded{0};
    const std::vector<std::pair<std::string, std::string>> projects{
        {a_, kProjectA}, {b_, kProjectB}, {c_, kProjectC}};
    auto worker = [&](unsigned seed) {
        HttpClient client(port());
        std::mt19937 gen(seed);
        for (std::size_t i = 0; i < total / 4; ++i) {
            const auto dice = gen() % 100;
            std::optional<Known> target;
            {
                std::lock_guard lock{mutex};
                if (!known.empty()) target = known[gen() % known.size()];
            }
            if (dice < 35 || !target) {
                const auto& from = projects[gen() % 3];
                const auto& to = projects[gen() % 3];
                const auto r = as(client, from.first, "POST", kPeerings,
                                  create_body("w", random_vpc(), random_vpc(), to.second));
                if (r.status != 201) continue;
                ++succeeded;
                std::lock_guard lock{mutex};
                known.push_back({std::string(r.json().at("peering").at("id").as_string()), from.first, to.first});
                continue;
            }
            const auto path = kPeerings + "/" + target->id;
            const auto& party = gen() % 2 ? target->requester : target->accepter;
            HttpResponse r;
            if (dice < 55)
                r = as(client, target->accepter, "PUT", path + "/accept");
            else if (dice < 65)
                r = as(client, target->accepter, "PUT", path + "/reject");
            else if (dice < 85)
                r = as(client, party, "PUT", path,
                       R"({"peering": {"name": "n)" + std::to_string(gen() % 1000) + R"("}})");
            else
                r = as(client, party, "DELETE", path);
            if (r.status / 100 == 2) ++succeeded;
            else EXPECT_TRUE(r.status == 404 || r.status == 409) << r.status << " " << r.body;
        }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < 4; ++t) threads.emplace_back(worker, 1000 + t);
    for (auto& t : threads) t.join();
    return succeeded;
}

TEST_F(ChangeFeed, AgentFollowingLongPollsEndsWithTheFullList) {
    const auto [initial, list_head] = full_list();
    ASSERT_TRUE(initial.empty());
    const std::int64_t head = list_head;  // a plain variable for the lambda to capture
    std::atomic<std::int64_t> stop_at{-1};
    View view;
    std::thread agent([&] {
        HttpClient follower(port());
        std::int64_t since = head;
        while (stop_at < 0 || since < stop_at) {
            const auto r = as(follower, admin_, "GET", kEvents + "?limit=1000&wait=5&since=" + std::to_string(since));
            ASSERT_EQ(r.status, 200) << r.body;
            const auto body = r.json();
            for (const auto& e : body.at("events").as_array()) view.apply(e.as_object());
            const auto next = body.at("next_since").as_int64();
            ASSERT_GE(next, since);
            since = next;
        }
    });
    const auto changes = drive_random_operations(1000);
    // One more change marks the end: once the agent has seen it, it has seen everything.
    stop_at = create(client(), a_, kProjectB).at("revision").as_int64();
    agent.join();
    const auto [list, final_head] = full_list();
    EXPECT_EQ(final_head, stop_at.load());
    EXPECT_EQ(view.events, changes + 1);  // every change once: nothing missed, nothing twice
    expect_same(view, list);
}

TEST_F(ChangeFeed, AgentFollowingServerSentEventsSurvivesAReconnect) {
    const std::int64_t head = full_list().second;
    std::atomic<std::int64_t> stop_at{-1};
    View view;
    std::size_t reconnects = 0;
    std::thread agent([&] {
        auto stream = std::make_unique<SseClient>(port(), admin_, head);
        ASSERT_EQ(stream->status(), 200) << stream->head();
        ASSERT_NE(stream->head().find("text/event-stream"), std::string::npos);
        auto last_event = std::chrono::steady_clock::now();
        while (stop_at < 0 || view.last_revision < stop_at) {
            if (view.events == 300 && reconnects == 0) {
                // Drop the stream mid-way and resume where we were, as EventSource does.
                stream->close();
                stream = std::make_unique<SseClient>(port(), admin_, 0, view.last_revision);
                ASSERT_EQ(stream->status(), 200) << stream->head();
                ++reconnects;
            }
            // Short reads, so the loop sees stop_at being set: the last create's event often
            // arrives before its own HTTP answer gives the main thread the revision to stop at.
            const auto event = stream->next(std::chrono::milliseconds(500));
            if (!event) {
                ASSERT_LT(std::chrono::steady_clock::now() - last_event, std::chrono::seconds(40))
                    << "stream ended or stalled after " << view.events << " events";
                continue;
            }
            last_event = std::chrono::steady_clock::now();
            const auto parsed = json::parse(event->data).as_object();
            EXPECT_EQ(event->id, parsed.at("revision").as_int64());
            EXPECT_EQ(event->event, parsed.at("action").as_string());
            view.apply(parsed);
        }
    });
    const auto changes = drive_random_operations(1000);
    stop_at = create(client(), a_, kProjectB).at("revision").as_int64();
    agent.join();
    EXPECT_EQ(reconnects, 1u);
    const auto [list, final_head] = full_list();
    EXPECT_EQ(view.events, changes + 1);
    expect_same(view, list);
}

TEST_F(ChangeFeed, AThirdProjectNeverSeesOtherProjectsChanges) {
    const auto head = full_list().second;
    // C waits (long poll and SSE) while A and B work; the first thing C sees must be its own.
    HttpResponse polled;
    std::thread poller([&] {
        HttpClient c_client(port());
        polled = as(c_client, c_, "GET", kEvents + "?wait=8&since=" + std::to_string(head));
    });
    SseClient stream(port(), c_, head);
    ASSERT_EQ(stream.status(), 200);
    for (int i = 0; i < 10; ++i) {
        const auto p = create(client(), a_, kProjectB);
        const auto id = std::string(p.at("id").as_string());
        EXPECT_EQ(as(b_, "PUT", kPeerings + "/" + id + "/accept").status, 200);
        EXPECT_EQ(as(a_, "DELETE", kPeerings + "/" + id).status, 204);
    }
    const auto own = create(client(), c_, kProjectA);
    poller.join();
    ASSERT_EQ(polled.status, 200) << polled.body;
    const auto events = polled.json().at("events").as_array();
    ASSERT_EQ(events.size(), 1u) << polled.body;
    EXPECT_EQ(events[0].at("peering").at("id"), own.at("id"));
    const auto event = stream.next();
    ASSERT_TRUE(event);
    EXPECT_EQ(event->id, own.at("revision").as_int64());
    // Its own feed read from the start shows only its own peering, and moves past the rest.
    const auto all = as(c_, "GET", kEvents + "?since=" + std::to_string(head));
    EXPECT_EQ(all.json().at("events").as_array().size(), 1u);
    EXPECT_EQ(all.json().at("next_since"), own.at("revision"));
}

TEST_F(ChangeFeed, PrunedPositionsAnswerGone) {
    start_pruning();
    const auto p = create(client(), a_, kProjectB);
    ASSERT_EQ(as(a_, "DELETE", kPeerings + "/" + std::string(p.at("id").as_string())).status, 204);
    // Retention is 1 s and the pruner runs every second: poll until the rows are gone.
    HttpResponse r;
    for (int i = 0; i < 100; ++i) {
        r = as(admin_, "GET", kEvents + "?since=0");
        if (r.status == 410) break;
        std::this_thread::sleep_for(100ms);
    }
    EXPECT_EQ(expect_neutron_error(r, 410, "RevisionGone"), "VPC.0831");
    SseClient stream(port(), admin_, 5, 0);  // Last-Event-ID 0 overrides since
    EXPECT_EQ(stream.status(), 410) << stream.head();
    // After listing again, the list's revision is a valid position.
    const auto head = full_list().second;
    EXPECT_EQ(as(admin_, "GET", kEvents + "?since=" + std::to_string(head)).status, 200);
}

TEST_F(ChangeFeed, IfMatchGuardsUpdates) {
    const auto p = create(client(), a_, kProjectB);
    const auto path = kPeerings + "/" + std::string(p.at("id").as_string());
    const auto shown = as(b_, "GET", path);
    const auto etag = shown.header("ETag");
    EXPECT_EQ(etag, "\"" + std::to_string(p.at("revision").as_int64()) + "\"");
    const std::string rename = R"({"peering": {"name": "renamed"}})";
    const auto updated = as(a_, "PUT", path, rename, {{"If-Match", etag}});
    ASSERT_EQ(updated.status, 200) << updated.body;
    EXPECT_NE(updated.header("ETag"), etag);
    EXPECT_EQ(updated.header("ETag"),
              "\"" + std::to_string(updated.json().at("peering").at("revision").as_int64()) + "\"");
    EXPECT_EQ(expect_neutron_error(as(b_, "PUT", path, rename, {{"If-Match", etag}}), 412,
                                   "PreconditionFailed"),
              "VPC.0830");
    EXPECT_EQ(as(b_, "PUT", path + "/accept", {}, {{"If-Match", etag}}).status, 412);
    EXPECT_EQ(expect_neutron_error(as(a_, "PUT", path, rename, {{"If-Match", "17"}}), 400, "HTTPBadRequest"),
              "VPC.0801");
    EXPECT_EQ(as(a_, "PUT", path, rename, {{"If-Match", "*"}}).status, 200);
    const auto accepted = as(b_, "PUT", path + "/accept", {}, {{"If-Match", as(b_, "GET", path).header("ETag")}});
    EXPECT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_FALSE(accepted.header("ETag").empty());
}

TEST_F(ChangeFeed, HistoryIsForPartiesOnly) {
    const auto p = create(client(), a_, kProjectB);
    const auto path = kPeerings + "/" + std::string(p.at("id").as_string());
    ASSERT_EQ(as(b_, "PUT", path + "/accept").status, 200);
    ASSERT_EQ(as(a_, "PUT", path, R"({"peering": {"description": "d"}})").status, 200);
    for (const auto* who : {&a_, &b_, &admin_}) {
        const auto r = as(*who, "GET", path + "/history");
        ASSERT_EQ(r.status, 200) << r.body;
        const auto history = r.json().at("history").as_array();
        ASSERT_EQ(history.size(), 3u);
        EXPECT_EQ(history[0].at("action"), "create");
        EXPECT_TRUE(history[0].at("from_status").is_null());
        EXPECT_EQ(history[1].at("action"), "accept");
        EXPECT_EQ(history[1].at("actor_project").as_string(), kProjectB);
        EXPECT_EQ(history[2].at("to_status"), "ACTIVE");
        EXPECT_LT(history[0].at("revision").as_int64(), history[2].at("revision").as_int64());
    }
    const auto foreign = as(c_, "GET", path + "/history");
    const auto show = as(c_, "GET", path);
    EXPECT_EQ(expect_neutron_error(foreign, 404, "PeeringNotFound"), "VPC.0802");
    EXPECT_EQ(foreign.json().at("error_msg"), show.json().at("error_msg"));
}

TEST_F(ChangeFeed, BadParametersAreRefused) {
    for (const char* query : {"?since=-1", "?since=x", "?limit=0", "?limit=1001", "?wait=61",
                              "?since=1&since=2"})
        EXPECT_EQ(as(admin_, "GET", kEvents + query).status, 400) << query;
    EXPECT_EQ(as(admin_, "GET", kEvents + "?since=999").status, 410);  // beyond the head
}

TEST_F(ChangeFeed, ShutdownEndsWaitingWatchersAtOnce) {
    SseClient stream(port(), admin_, 0);
    ASSERT_EQ(stream.status(), 200);
    const auto started = std::chrono::steady_clock::now();
    stop();  // SIGTERM; expects exit 0
    EXPECT_FALSE(stream.next());  // the stream ended (no event, no 20 s timeout)
    // Generous: the point is "not after the 10 s grace period".
    EXPECT_LT(std::chrono::steady_clock::now() - started, 8s);
}

}  // namespace
}  // namespace peeringd::test
