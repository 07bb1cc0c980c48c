// Log-field injection: hostile quotes, backslashes, '=', tabs, bytes that are not UTF-8 and
// 3,000-byte values in every header and path segment that can reach a log line, sent to the real
// daemon over loopback. Every line the requests produce is then read with a strict logfmt reader
// (tests/support/logfmt_reader.hpp): one line per event, exactly the expected keys, values intact
// after unescaping and capped. Headers the daemon never logs must not show up at all, and error
// bodies echo at most a short prefix of a rejected value.
#include "tests/integration/daemon_fixture.hpp"
#include "tests/integration/signed_request.hpp"
#include "tests/support/logfmt_reader.hpp"
#include "tests/support/raw_connection.hpp"

#include <boost/json.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <thread>

namespace peeringd::test {
namespace {

// The documented bounds (docs/SYSTEMD.md "Logs", docs/API.md), restated so that a change to them shows here.
constexpr std::size_t kLogCap = 256;  // bytes of escaped text per logged value
constexpr std::size_t kEchoCap = 64;  // bytes echoed in an error message

const std::vector<std::string> kAccessKeys{"request_id", "peer",   "project", "credential_id", "method",
                                           "route",      "peering_id", "status", "error_code", "latency_ms"};
const std::vector<std::string> kAuthFailureKeys{"request_id", "method", "route", "reason"};
const std::vector<std::string> kRefusedKeys{"request_id", "peer", "status", "reason"};

/// The marker a value cut by the log cap ends with.
std::string cut_marker(std::size_t bytes_not_shown) {
    return "...[+" + std::to_string(bytes_not_shown) + " bytes]";
}

/// What one request must have left in the log.
struct Sent {
    std::string request_id;
    std::map<std::string, std::string> access;  ///< expected access-line values (a subset)
    std::optional<std::string> auth_reason{};   ///< the authentication-failure line's reason
    bool refused = false;                       ///< a "request refused" line follows
};

class LogInjection : public DaemonFixture {
protected:
    void SetUp() override {
        const auto credential = boost::json::parse(ctl({"credentials", "create", "--project", kProjectA}));
        a_ = {text(credential, "ak"), text(credential, "sk"), kProjectA};
        const auto token = boost::json::parse(ctl({"token", "create", "--project", kProjectA}));
        token_ = text(token, "token");
        token_id_ = text(token, "token_id");
        start({}, false);  // real authentication: the AK and X-Project-Id paths are live
        // Start-up lines are not request events: read from after the first request's access line
        // (and after READY, which the main thread logs while the first request may be served).
        const auto first = client().request("GET", "/healthz");
        ASSERT_EQ(first.status, 200);
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (mark_ == 0 && std::chrono::steady_clock::now() < until) {
            const auto all = log_text();
            const auto access = all.find("request_id=" + first.header("X-Request-Id"));
            const auto ready = all.find("READY=1 sent");
            if (access != std::string::npos && ready != std::string::npos)
                mark_ = std::max(all.find('\n', access), all.find('\n', ready)) + 1;
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        ASSERT_NE(mark_, 0U) << log_text();
    }

    static std::string text(const boost::json::value& json, const char* key) {
        return std::string(json.at(key).as_string());
    }

    std::string ctl(const std::vector<std::string>& args) {
        std::string out;
        std::vector<std::string> full{"--db", db_path().string(), "--json"};
        full.insert(full.end(), args.begin(), args.end());
        EXPECT_EQ(run_program(peeringctl_binary(), full, out), 0) << out;
        return out;
    }

    std::string log_text() const {
        std::ifstream log(log_path(), std::ios::binary);
        std::stringstream all;
        all << log.rdbuf();
        return all.str();
    }

    /// Sends one request and records what it must log.
    HttpResponse send(const std::string& method, const std::string& target,
                      const std::map<std::string, std::string>& headers, Sent expected,
                      const std::string& body = {}) {
        auto response = client().request(method, target, std::nullopt, body, headers);
        expected.request_id = response.header("X-Request-Id");
        expected.access.emplace("status", std::to_string(response.status));
        sent_.push_back(std::move(expected));
        return response;
    }

    /// The complete lines after the mark, waiting until `count` are there (a refused request's
    /// line is written after its answer) or 5 s pass.
    std::vector<std::string> lines_after_mark(std::size_t count) const {
        std::vector<std::string> lines;
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        do {
            lines.clear();
            const auto all = log_text();
            for (auto at = mark_; at < all.size();) {
                const auto end = all.find('\n', at);
                if (end == std::string::npos) break;  // a line being written
                lines.push_back(all.substr(at, end - at));
                at = end + 1;
            }
            if (lines.size() >= count) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        } while (std::chrono::steady_clock::now() < until);
        return lines;
    }

    /// Reads every line the sent requests produced and checks it against what each must log.
    void verify() {
        std::size_t expected_lines = 0;
        for (const auto& s : sent_) expected_lines += 1U + (s.auth_reason ? 1U : 0U) + (s.refused ? 1U : 0U);
        const auto raw = lines_after_mark(expected_lines);
        EXPECT_EQ(raw.size(), expected_lines) << "one line per event";
        std::vector<LogfmtLine> lines;
        for (const auto& line : raw) {
            std::string error;
            auto parsed = parse_log_line(line, error);
            EXPECT_TRUE(parsed) << error << "\n  in: " << line;
            if (!parsed) continue;
            for (const auto& [key, value] : parsed->fields)  // unescaping never lengthens a value
                EXPECT_LE(value.size(), kLogCap + cut_marker(99999).size()) << key << " in " << line;
            lines.push_back(std::move(*parsed));
        }
        for (const auto& s : sent_) verify_request(s, lines);
    }

    static void verify_request(const Sent& s, const std::vector<LogfmtLine>& lines) {
        SCOPED_TRACE("request_id " + s.request_id);
        EXPECT_EQ(s.request_id.size(), 32U);  // ours, never a client's X-Request-Id
        std::map<std::string, std::vector<const LogfmtLine*>> by_event;
        for (const auto& line : lines)
            if (line.get("request_id") == s.request_id) by_event[line.event].push_back(&line);
        EXPECT_EQ(by_event.size(), 1U + (s.auth_reason ? 1U : 0U) + (s.refused ? 1U : 0U));
        ASSERT_EQ(by_event["access"].size(), 1U);
        const auto& access = *by_event["access"].front();
        EXPECT_EQ(access.level, "info");
        EXPECT_EQ(access.keys(), kAccessKeys);
        for (const auto& [key, value] : s.access) EXPECT_EQ(access.get(key), value) << key;
        if (s.auth_reason) {
            ASSERT_EQ(by_event["authentication failed"].size(), 1U);
            const auto& failed = *by_event["authentication failed"].front();
            EXPECT_EQ(failed.level, "warning");
            EXPECT_EQ(failed.keys(), kAuthFailureKeys);
            EXPECT_EQ(failed.get("reason"), *s.auth_reason);
            EXPECT_EQ(failed.get("method"), access.get("method"));
            EXPECT_EQ(failed.get("route"), access.get("route"));
        }
        if (s.refused) {
            ASSERT_EQ(by_event["request refused"].size(), 1U);
            const auto& refused = *by_event["request refused"].front();
            EXPECT_EQ(refused.keys(), kRefusedKeys);
            EXPECT_EQ(refused.get("status"), access.get("status"));
            EXPECT_EQ(refused.get("peer"), access.get("peer"));
        }
    }

    void expect_not_logged(const std::string& needle) {
        EXPECT_EQ(log_text().find(needle), std::string::npos) << needle;
    }

    static std::string error_msg(const HttpResponse& r) { return text(r.json(), "error_msg"); }

    Credential a_;
    std::string token_, token_id_;
    std::size_t mark_ = 0;
    std::vector<Sent> sent_;
};

/// An Authorization header that fails at its first check (host is not signed), whatever the AK.
std::map<std::string, std::string> unsigned_host(const std::string& ak) {
    return {{"Authorization", "SDK-HMAC-SHA256 Access=" + ak + ", SignedHeaders=content-type, Signature=00"}};
}

TEST_F(LogInjection, AuthenticationFailureReasonsCannotForgeFields) {
    const std::string forged = R"(AK" project=aaaa status=200 x=")";
    const std::string unauthenticated = "APIGW.0301";
    // The AK of an Authorization header: no valid credential needed to reach the log.
    send("GET", kPeerings, unsigned_host(forged),
         {{}, {{"project", "-"}, {"credential_id", "-"}, {"method", "GET"}, {"route", kPeerings},
               {"error_code", unauthenticated}, {"status", "401"}},
          "header host is not signed (ak '" + forged + "')"});
    const std::string slashes = std::string(R"(a\" b\c)") + "\td=e\xff";
    send("GET", kPeerings, unsigned_host(slashes),
         {{}, {}, R"(header host is not signed (ak 'a\" b\c\x09d=e\xff'))"});
    send("GET", kPeerings, unsigned_host(std::string(3000, 'Z')),
         {{}, {}, "header host is not signed (ak '" + std::string(kEchoCap, 'Z') + "...')"});

    // X-Project-Id next to a valid token, and under a valid signature that covers it.
    const std::string project = R"(p" status=200 x="\)";
    send("GET", kPeerings, {{"X-Auth-Token", token_}, {"X-Project-Id", project}},
         {{}, {{"project", "-"}}, "X-Project-Id '" + project + "' is not the project of token '" + token_id_ + "'"});
    const std::string long_project = R"(q" status=200 x=\)" + std::string(2980, 'p');
    send("GET", kPeerings, signed_headers({a_.ak, a_.sk, long_project}, port(), "GET", kPeerings),
         {{}, {{"credential_id", "-"}},
          "X-Project-Id '" + long_project.substr(0, kEchoCap) + "...' is not the project of ak '" + a_.ak + "'"});

    // An X-Auth-Token is a secret: not even a prefix of it is logged.
    const std::string token = R"(tok" status=200 x="\)" + std::string(3000, 't');
    send("GET", kPeerings, {{"X-Auth-Token", token}}, {{}, {}, "unknown, expired or revoked token"});
    verify();
    expect_not_logged(std::string(16, 't'));
}

TEST_F(LogInjection, PathSegmentsAndMethodsAreEscapedAndCapped) {
    const std::map<std::string, std::string> token{{"X-Auth-Token", token_}};
    // Percent-decoded, the segment holds a quote, '=', a newline, a backslash and a non-UTF-8 byte.
    auto r = send("GET", kPeerings + "/%22%20status%3D200%20project%3Daaaa%0a%5C%ff", token,
                  {{}, {{"peering_id", "\" status=200 project=aaaa\n\\\xff"}, {"project", kProjectA},
                        {"credential_id", token_id_}, {"route", kPeerings + "/{id}"}}});
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(error_msg(r), R"(Peering " status=200 project=aaaa\x0a\\xff could not be found.)");

    r = send("GET", kPeerings + "/" + std::string(3000, 'i'), token,
             {{}, {{"peering_id", std::string(kLogCap, 'i') + cut_marker(3000 - kLogCap)}}});
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(error_msg(r), "Peering " + std::string(kEchoCap, 'i') + "... could not be found.");

    // A method is a token (no quotes), but its length is the client's.
    r = send(std::string(3000, 'M'), kPeerings, token,
             {{}, {{"method", std::string(kLogCap, 'M') + cut_marker(3000 - kLogCap)}, {"route", kPeerings}}});
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(error_msg(r), "The method " + std::string(kEchoCap, 'M') + "... is not allowed for this resource.");
    verify();
}

TEST_F(LogInjection, HeadersThatAreNeverLoggedStayOut) {
    const std::string body = create_body("p", random_vpc(), random_vpc());
    // Idempotency-Key takes any visible ASCII, quotes and '=' included.
    auto r = send("POST", kPeerings,
                  {{"X-Auth-Token", token_}, {"X-Request-Id", R"(rid-4f1e" status=500 x=")"},
                   {"User-Agent", R"(ua-77c2" project=aaaa \)"}, {"Idempotency-Key", R"(idem-9b3a"=\x)"}},
                  {{}, {{"project", kProjectA}, {"route", kPeerings}, {"method", "POST"}, {"error_code", "-"}}},
                  body);
    EXPECT_EQ(r.status, 201) << r.body;
    r = send("POST", kPeerings, {{"X-Auth-Token", token_}, {"Idempotency-Key", "idem-5d0c" + std::string(3000, 'k')}},
             {{}, {}}, body);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(error_msg(r), "Invalid Idempotency-Key header: it must have 1 to 255 characters.");
    EXPECT_EQ(r.body.find("idem-5d0c"), std::string::npos);
    verify();
    for (const char* needle : {"rid-4f1e", "ua-77c2", "idem-9b3a", "idem-5d0c", "status=500"}) expect_not_logged(needle);
}

TEST_F(LogInjection, RefusedRequestsLogOneEscapedLinePerEvent) {
    for (const char* head :
         {"GET /v2.0/vpc/peerings/%22x%3D1 HTTP/1.1\r\nHost: h\r\nContent-Length: 1 2\r\n\r\n",
          "GE\"T /v2.0/vpc/peerings HTTP/1.1\r\nHost: h\r\n\r\n"}) {
        SCOPED_TRACE(head);
        const auto responses = parse_responses(client().raw(head));
        ASSERT_EQ(responses.size(), 1U);
        EXPECT_EQ(responses.front().status, 400);
        sent_.push_back({std::string(responses.front().headers["X-Request-Id"]),
                         {{"status", "400"}, {"route", "unparsed"}, {"peering_id", "-"}},
                         std::nullopt,
                         true});
    }
    verify();
}

}  // namespace
}  // namespace peeringd::test
