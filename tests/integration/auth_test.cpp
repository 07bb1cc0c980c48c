// Authentication and tenant isolation (spec §1.3, §2.1; RELIABILITY.md §5, §7) against the real
// daemon without development mode: AK/SK-signed requests and tokens issued by peeringctl.
#include "tests/integration/daemon_fixture.hpp"
#include "tests/integration/signed_request.hpp"

#include "crypto/digest.hpp"

#include <boost/json.hpp>

#include <functional>
#include <map>
#include <thread>
#include <tuple>
#include <fstream>
#include <sstream>

namespace peeringd::test {
namespace {

class Auth : public DaemonFixture {
protected:
    void SetUp() override {
        a_ = credential(kProjectA);
        b_ = credential(kProjectB);
        c_ = credential(kProjectC);
        admin_ = credential("adminproject", true);
        start({}, false);
    }

    std::string ctl(const std::vector<std::string>& args) {
        std::string out;
        std::vector<std::string> full{"--db", db_path().string(), "--json"};
        full.insert(full.end(), args.begin(), args.end());
        EXPECT_EQ(run_program(peeringctl_binary(), full, out), 0) << out;
        return out;
    }

    Credential credential(const std::string& project, bool admin = false) {
        std::vector<std::string> args{"credentials", "create", "--project", project};
        if (admin) args.emplace_back("--admin");
        const auto json = boost::json::parse(ctl(args));
        return {std::string(json.at("ak").as_string()), std::string(json.at("sk").as_string()), project};
    }

    /// A request signed the way the Huawei SDKs sign it; `tamper` edits headers after signing.
    HttpResponse signed_call(const Credential& who, const std::string& method, const std::string& target,
                             const std::string& body = {},
                             std::chrono::system_clock::duration skew = {},
                             const std::function<void(std::map<std::string, std::string>&)>& tamper = {}) {
        auto headers = signed_headers(who, port(), method, target, body, skew);
        if (tamper) tamper(headers);
        return client().request(method, target, std::nullopt, body, headers);
    }

    HttpResponse token_call(const std::string& token, const std::string& method, const std::string& target,
                            const std::string& body = {}) {
        return client().request(method, target, std::nullopt, body, {{"X-Auth-Token", token}});
    }

    std::string create_as(const Credential& who, const std::string& accept_tenant) {
        const auto r = signed_call(who, "POST", kPeerings, create_body("p", random_vpc(), random_vpc(), accept_tenant));
        EXPECT_EQ(r.status, 201) << r.body;
        return r.status == 201 ? std::string(r.json().at("peering").at("id").as_string()) : "";
    }

    static void expect_401(const HttpResponse& r) {
        EXPECT_EQ(r.status, 401) << r.body;
        if (r.status != 401) return;
        EXPECT_EQ(r.json().at("error_code").as_string(), "APIGW.0301");
        EXPECT_EQ(r.json().at("request_id").as_string(), r.header("X-Request-Id"));
    }

    Credential a_, b_, c_, admin_;
};

TEST_F(Auth, SignedRequestsDriveTheLifecycle) {
    const auto id = create_as(a_, kProjectB);
    EXPECT_EQ(signed_call(b_, "GET", kPeerings + "/" + id).status, 200);
    EXPECT_EQ(signed_call(a_, "PUT", kPeerings + "/" + id + "/accept").status, 403);
    const auto accepted = signed_call(b_, "PUT", kPeerings + "/" + id + "/accept");
    EXPECT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_EQ(signed_call(a_, "GET", kPeerings + "?status=ACTIVE&status=PENDING_ACCEPTANCE&limit=5").status, 200);
    EXPECT_EQ(signed_call(a_, "GET", kPeerings + "?name=a%20b&name=%E6%95%B0").status, 200);
    EXPECT_EQ(signed_call(a_, "GET", kPeerings + "/").status, 200);
    EXPECT_EQ(signed_call(b_, "DELETE", kPeerings + "/" + id).status, 204);
}

TEST_F(Auth, EveryBrokenProofIsOneGeneric401) {
    const auto target = kPeerings;
    expect_401(client().request("GET", target, std::nullopt));
    expect_401(client().request("GET", target, kProjectA));  // X-Project-Id alone proves nothing
    expect_401(signed_call(a_, "GET", target, {}, {}, [](auto& h) { h["Authorization"].back() ^= 1; }));
    expect_401(signed_call(a_, "GET", target, {}, std::chrono::minutes(16)));
    expect_401(signed_call(a_, "GET", target, {}, -std::chrono::minutes(16)));
    EXPECT_EQ(signed_call(a_, "GET", target, {}, std::chrono::minutes(14)).status, 200);
    expect_401(signed_call(a_, "GET", target, {}, {}, [](auto& h) { h["X-Project-Id"] = kProjectB; }));
    expect_401(signed_call(Credential{a_.ak, a_.sk, kProjectB}, "GET", target));  // AK bound to A
    expect_401(signed_call(Credential{a_.ak, b_.sk, kProjectA}, "GET", target));  // wrong SK
    expect_401(signed_call(Credential{"NOSUCHAK000000000000", a_.sk, kProjectA}, "GET", target));
    const auto body = create_body("p", random_vpc(), random_vpc());
    expect_401(signed_call(a_, "POST", target, body, {}, [](auto& h) { h["X-Sdk-Content-Sha256"] = "UNSIGNED-PAYLOAD"; }));
    expect_401(signed_call(a_, "POST", target, body, {},
                           [](auto& h) { h["X-Sdk-Content-Sha256"] = crypto::sha256_hex("other"); }));
    // Changing the query after signing breaks the signature.
    auto r = signed_call(a_, "GET", target + "?limit=1", {}, {}, [](auto&) {});
    EXPECT_EQ(r.status, 200);
    // All 401 bodies carry the same message.
    const auto first = client().request("GET", target, std::nullopt);
    const auto second = signed_call(a_, "GET", target, {}, std::chrono::hours(2));
    EXPECT_EQ(first.json().at("error_msg"), second.json().at("error_msg"));
}

/// Repeats `call` until it answers 401 or `limit` passes; returns its last answer. The daemon
/// keeps verified credentials for --auth-cache-ms (2 s by default), so a revocation made by
/// peeringctl in another process shows within that time, not necessarily on the next request.
HttpResponse first_401(const std::function<HttpResponse()>& call, std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    auto r = call();
    while (r.status != 401 && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        r = call();
    }
    return r;
}

// The bound is the cache TTL (2 s); the poll allows slack for a loaded machine.
constexpr std::chrono::milliseconds kRevocationShowsWithin{2000 + 5000};

TEST_F(Auth, RevokedCredentialAndExpiredTokenAre401) {
    EXPECT_EQ(signed_call(c_, "GET", kPeerings).status, 200);
    EXPECT_EQ(signed_call(c_, "GET", kPeerings).status, 200);  // now served from the cache
    ctl({"credentials", "revoke", c_.ak});
    expect_401(first_401([&] { return signed_call(c_, "GET", kPeerings); }, kRevocationShowsWithin));

    // The TTL leaves room for peeringctl's start-up on a loaded CI machine (a 1 s TTL once ran out
    // before the first call); expiry is then polled for, bounded by the TTL plus slack.
    const auto token = boost::json::parse(ctl({"token", "create", "--project", kProjectA, "--ttl", "4"}));
    const std::string value(token.at("token").as_string());
    EXPECT_EQ(token_call(value, "GET", kPeerings).status, 200);
    expect_401(first_401([&] { return token_call(value, "GET", kPeerings); },
                         std::chrono::seconds(4) + kRevocationShowsWithin));

    const auto live = boost::json::parse(ctl({"token", "create", "--project", kProjectA}));
    const std::string live_value(live.at("token").as_string());
    EXPECT_EQ(token_call(live_value, "GET", kPeerings).status, 200);
    expect_401(client().request("GET", kPeerings, kProjectB, {}, {{"X-Auth-Token", live_value}}));
    EXPECT_EQ(token_call(live_value, "GET", kPeerings).status, 200);
    ctl({"token", "revoke", std::string(live.at("token_id").as_string())});
    expect_401(first_401([&] { return token_call(live_value, "GET", kPeerings); }, kRevocationShowsWithin));
}

TEST_F(Auth, IsolationMatrix) {
    const auto id = create_as(a_, kProjectB);
    const auto random = random_vpc();
    // list: A and B include it, C never does, whatever the filter.
    EXPECT_EQ(signed_call(a_, "GET", kPeerings + "?id=" + id).json().at("peerings").as_array().size(), 1u);
    EXPECT_EQ(signed_call(b_, "GET", kPeerings + "?id=" + id).json().at("peerings").as_array().size(), 1u);
    for (const std::string& query : {std::string(), std::string("?id="), std::string("?tenant_id="),
                                    "?tenant_id=" + kProjectA + "&id="}) {
        const auto listed = signed_call(c_, "GET", kPeerings + query + (std::string(query).ends_with("=") ? id : ""));
        EXPECT_TRUE(listed.json().at("peerings").as_array().empty()) << query;
    }
    // C gets for a foreign id exactly what it gets for a random one.
    for (const auto& [method, suffix, body] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"GET", "", ""}, {"PUT", "", R"({"peering":{"name":"x"}})"}, {"DELETE", "", ""},
             {"PUT", "/accept", ""}, {"PUT", "/reject", ""}}) {
        const auto foreign = signed_call(c_, method, kPeerings + "/" + id + suffix, body);
        const auto unknown = signed_call(c_, method, kPeerings + "/" + random + suffix, body);
        EXPECT_EQ(foreign.status, 404) << method << suffix;
        EXPECT_EQ(unknown.status, 404);
        auto mask = [](std::string text, const std::string& what) {
            for (auto at = text.find(what); at != std::string::npos; at = text.find(what)) text.replace(at, what.size(), "<id>");
            return text;
        };
        EXPECT_EQ(mask(std::string(foreign.json().at("error_msg").as_string()), id),
                  mask(std::string(unknown.json().at("error_msg").as_string()), random));
    }
    // Update by either party; accept/reject only by B.
    EXPECT_EQ(signed_call(a_, "PUT", kPeerings + "/" + id, R"({"peering":{"name":"by-a"}})").status, 200);
    EXPECT_EQ(signed_call(b_, "PUT", kPeerings + "/" + id, R"({"peering":{"name":"by-b"}})").status, 200);
    EXPECT_EQ(signed_call(a_, "PUT", kPeerings + "/" + id + "/reject").status, 403);
    // B cannot create with A's VPC as its requester VPC by naming A as request tenant.
    auto body = boost::json::parse(create_body("x", random_vpc(), random_vpc()));
    body.at("peering").at("request_vpc_info").as_object()["tenant_id"] = kProjectA;
    EXPECT_EQ(signed_call(b_, "POST", kPeerings, boost::json::serialize(body)).status, 400);
    // The admin credential sees every project's peerings.
    EXPECT_EQ(signed_call(admin_, "GET", kPeerings + "/" + id).status, 200);
    EXPECT_EQ(signed_call(admin_, "GET", kPeerings + "?id=" + id).json().at("peerings").as_array().size(), 1u);
    // Delete by B, then 404 for everyone.
    EXPECT_EQ(signed_call(b_, "DELETE", kPeerings + "/" + id).status, 204);
    EXPECT_EQ(signed_call(a_, "DELETE", kPeerings + "/" + id).status, 404);
}

TEST_F(Auth, NoSecretReachesTheLogOrTheDatabaseInClear) {
    const auto token = boost::json::parse(ctl({"token", "create", "--project", kProjectA}));
    const std::string token_value(token.at("token").as_string());
    token_call(token_value, "GET", kPeerings);
    signed_call(a_, "GET", kPeerings);
    expect_401(signed_call(a_, "GET", kPeerings, {}, {}, [](auto& h) { h["Authorization"].back() ^= 1; }));
    const auto listing = ctl({"credentials", "list"});
    stop();
    auto slurp = [](const std::filesystem::path& p) {
        std::ifstream f(p, std::ios::binary);
        std::stringstream s;
        s << f.rdbuf();
        return s.str();
    };
    const auto log = slurp(log_path());
    const auto db = slurp(db_path());
    for (const std::string& secret : {a_.sk, b_.sk, c_.sk, admin_.sk, token_value}) {
        EXPECT_EQ(log.find(secret), std::string::npos);
        EXPECT_EQ(db.find(secret), std::string::npos);
        EXPECT_EQ(listing.find(secret), std::string::npos);
    }
    EXPECT_EQ(log.find("Signature="), std::string::npos);
}

// RELIABILITY.md §3 row 24: headers a client adds next to a valid proof never change whose
// view it gets; a token or AK naming another project is a 401.
TEST_F(Auth, Row24IdentityGamesNeverShowAnotherProjectsView) {
    const auto id = create_as(b_, kProjectC);  // A is no party
    for (const auto& header : std::vector<std::pair<std::string, std::string>>{
             {"X-Tenant-Id", kProjectB}, {"X-Forwarded-For", "127.0.0.1"}, {"X-Domain-Id", kProjectB},
             {"X-Auth-Token", "pdt_forged"}, {"X-Real-Ip", "10.0.0.1"}}) {
        // Named copies, not structured bindings: clang 14 cannot capture those in a lambda.
        const std::string name = header.first;
        const std::string value = header.second;
        const auto r = signed_call(a_, "GET", kPeerings + "/" + id, {}, {}, [&](auto& h) { h[name] = value; });
        EXPECT_TRUE(r.status == 404 || r.status == 401) << name << ": " << r.status;
        const auto listed = signed_call(a_, "GET", kPeerings + "?id=" + id, {}, {}, [&](auto& h) { h[name] = value; });
        if (listed.status == 200) {
            EXPECT_TRUE(listed.json().at("peerings").as_array().empty()) << name;
        }
    }
    const auto token = boost::json::parse(ctl({"token", "create", "--project", kProjectA}));
    const std::string value(token.at("token").as_string());
    expect_401(client().request("GET", kPeerings + "/" + id, kProjectB, {}, {{"X-Auth-Token", value}}));
    expect_401(client().request("GET", kPeerings + "/" + id, kProjectC, {}, {{"X-Auth-Token", value}}));
    EXPECT_EQ(token_call(value, "GET", kPeerings + "/" + id).status, 404);
}

}  // namespace
}  // namespace peeringd::test
