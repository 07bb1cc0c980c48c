// Operational endpoints and the access log (issue 5 item 4): /healthz, /readyz against a held
// write lock, /metrics as valid Prometheus text whose counters follow the traffic, and one
// access-log line per request naming the authenticated caller and never a secret.
#include "tests/integration/daemon_fixture.hpp"

#include "storage/database.hpp"
#include "tests/support/prometheus_text.hpp"

#include <SQLiteCpp/Database.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace peeringd::test {
namespace {

class Observability : public DaemonFixture {
protected:
    PromParse scrape() {
        const auto r = client().request("GET", "/metrics");
        EXPECT_EQ(r.status, 200);
        EXPECT_EQ(r.header("Content-Type").rfind("text/plain; version=0.0.4", 0), 0u) << r.header("Content-Type");
        auto parsed = parse_prometheus_text(r.body);
        EXPECT_EQ(parsed.error, "") << r.body;
        return parsed;
    }

    static double requests(const PromParse& p, const std::string& method, const std::string& route,
                           const std::string& status) {
        return prom_value(p, "peeringd_http_requests_total", {{"method", method}, {"route", route}, {"status", status}});
    }

    /// The access-log line of the response with this request id, polled until the daemon wrote it.
    std::string access_line(const std::string& request_id) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (std::chrono::steady_clock::now() < until) {
            std::ifstream log(log_path());
            for (std::string line; std::getline(log, line);)
                if (line.find(" access ") != std::string::npos && line.find("request_id=" + request_id) != std::string::npos)
                    return line;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ADD_FAILURE() << "no access line for " << request_id;
        return {};
    }

    std::string log_text() {
        std::ifstream log(log_path());
        std::stringstream all;
        all << log.rdbuf();
        return all.str();
    }

    std::string ctl(const std::vector<std::string>& args) {
        std::string out;
        std::vector<std::string> full{"--db", db_path().string(), "--json"};
        full.insert(full.end(), args.begin(), args.end());
        EXPECT_EQ(run_program(peeringctl_binary(), full, out), 0) << out;
        return out;
    }
};

TEST_F(Observability, HealthzAnswersWithoutCredentials) {
    start({}, false);  // real authentication: the probe still needs none
    const auto r = client().request("GET", "/healthz");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.json().at("status").as_string(), "ok");
    EXPECT_EQ(client().request("POST", "/healthz").status, 405);
    EXPECT_EQ(client().request("GET", "/readyz").status, 200);
    EXPECT_EQ(client().request("GET", "/metrics").status, 200);
}

TEST_F(Observability, MetricsParseAndCountersFollowTraffic) {
    start();
    const auto before = scrape();
    constexpr int kLists = 5, kMissing = 3;
    for (int i = 0; i < kLists; ++i) EXPECT_EQ(call("GET", kPeerings, kProjectA).status, 200);
    for (int i = 0; i < kMissing; ++i) EXPECT_EQ(call("GET", kPeerings + "/no-such-id", kProjectA).status, 404);
    EXPECT_EQ(call("GET", "/no/such/route", kProjectA).status, 404);
    create(kProjectA, kProjectB);  // pending: waits for B
    create(kProjectA);             // same project: active at once
    const auto after = scrape();

    EXPECT_EQ(requests(after, "GET", kPeerings, "200") - requests(before, "GET", kPeerings, "200"), kLists);
    const std::string show = kPeerings + "/{id}";
    EXPECT_EQ(requests(after, "GET", show, "404") - requests(before, "GET", show, "404"), kMissing);
    EXPECT_EQ(requests(after, "GET", "unmatched", "404") - requests(before, "GET", "unmatched", "404"), 1);
    EXPECT_EQ(requests(after, "POST", kPeerings, "201"), 2);
    // The raw path never becomes a label value.
    for (const auto& s : after.samples) {
        if (s.labels.count("route")) {
            EXPECT_EQ(s.labels.at("route").find("no-such-id"), std::string::npos);
        }
    }
    const std::map<std::string, std::string> list_route{{"method", "GET"}, {"route", kPeerings}};
    EXPECT_EQ(prom_value(after, "peeringd_http_request_duration_seconds_count", list_route) -
                  prom_value(before, "peeringd_http_request_duration_seconds_count", list_route),
              kLists);
    EXPECT_EQ(prom_value(after, "peeringd_peerings", {{"status", "PENDING_ACCEPTANCE"}}), 1);
    EXPECT_EQ(prom_value(after, "peeringd_peerings", {{"status", "ACTIVE"}}), 1);
    EXPECT_EQ(prom_value(after, "peeringd_peerings", {{"status", "EXPIRED"}}), 0);
    EXPECT_GE(prom_value(after, "peeringd_db_commit_duration_seconds_count"), 2);
    EXPECT_GT(prom_value(after, "peeringd_db_wal_bytes"), 0);
    EXPECT_GE(prom_value(after, "peeringd_open_connections"), 1);
}

TEST_F(Observability, ExpirySweepsAreCounted) {
    start({"--pending-ttl", "1", "--sweep-interval", "1"});
    create(kProjectA, kProjectB);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    PromParse p = scrape();
    while (prom_value(p, "peeringd_expiry_expired_total") < 1 && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        p = scrape();
    }
    EXPECT_EQ(prom_value(p, "peeringd_expiry_expired_total"), 1);
    EXPECT_GE(prom_value(p, "peeringd_expiry_sweeps_total", {{"result", "ok"}}), 1);
    EXPECT_EQ(prom_value(p, "peeringd_peerings", {{"status", "EXPIRED"}}), 1);
}

TEST_F(Observability, ReadyzFailsWhileTheDatabaseIsLockedAndRecovers) {
    start({"--busy-timeout-ms", "100"});
    EXPECT_EQ(client().request("GET", "/readyz").status, 200);
    {
        // Tests run as root, so a read-only file would not stop the daemon; a held write lock does.
        // The daemon's start-up jobs (sweeps, checkpoint) may hold the lock for a moment: wait.
        auto admin = storage::open_session(db_path().string(), storage::OpenMode::read_write,
                                           std::chrono::milliseconds(5000));
        admin->begin_write();
        const auto r = client().request("GET", "/readyz");
        EXPECT_EQ(r.status, 503) << r.body;
        EXPECT_EQ(r.json().at("reason").as_string(), "database_unwritable");
        EXPECT_EQ(r.header("Retry-After"), "1");
        EXPECT_EQ(client().request("GET", "/healthz").status, 200);  // alive, just not ready
        admin->exec("ROLLBACK");
    }
    const auto r = client().request("GET", "/readyz");
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_GE(r.json().at("schema_version").as_int64(), 1);
}

TEST_F(Observability, AccessLogNamesTheAuthenticatedCallerAndNoSecret) {
    start({}, false);
    const auto issued = boost::json::parse(ctl({"token", "create", "--project", kProjectA}));
    const std::string token(issued.at("token").as_string());
    const std::string token_id(issued.at("token_id").as_string());

    const auto ok = client().request("GET", kPeerings, std::nullopt, {}, {{"X-Auth-Token", token}});
    ASSERT_EQ(ok.status, 200) << ok.body;
    const auto line = access_line(ok.header("X-Request-Id"));
    EXPECT_NE(line.find("project=" + kProjectA), std::string::npos) << line;
    EXPECT_NE(line.find("credential_id=" + token_id), std::string::npos) << line;
    EXPECT_NE(line.find("method=GET route=" + kPeerings + " "), std::string::npos) << line;
    EXPECT_NE(line.find("status=200 error_code=- latency_ms="), std::string::npos) << line;

    // A 401 names no project, even though the request claimed one.
    const auto denied = client().request("GET", kPeerings, kProjectB, {}, {{"X-Auth-Token", token + "x"}});
    ASSERT_EQ(denied.status, 401);
    const auto denied_line = access_line(denied.header("X-Request-Id"));
    EXPECT_NE(denied_line.find("project=- credential_id=-"), std::string::npos) << denied_line;
    EXPECT_NE(denied_line.find("error_code=APIGW.0301"), std::string::npos) << denied_line;
    EXPECT_EQ(denied_line.find(kProjectB), std::string::npos) << denied_line;

    // A decoded path segment with CR/LF stays on one escaped line.
    const auto crlf = client().request("GET", kPeerings + "/x%0D%0Ainjected", std::nullopt, {}, {{"X-Auth-Token", token}});
    EXPECT_EQ(crlf.status, 404);
    EXPECT_NE(access_line(crlf.header("X-Request-Id")).find(R"(peering_id="x\x0d\x0ainjected")"), std::string::npos);

    const auto all = log_text();
    EXPECT_EQ(all.find(token), std::string::npos) << "a token value reached the log";
    EXPECT_EQ(all.find("\ninjected"), std::string::npos);
}

}  // namespace
}  // namespace peeringd::test
