// RELIABILITY.md §3 rows 1-14 and 30: hostile HTTP framing against the real daemon over a raw
// loopback socket. Each case states the statuses it accepts and whether the connection must be
// closed afterwards (broken framing) or stay usable (a well-framed request the API refuses).
#include "tests/integration/daemon_fixture.hpp"
#include "tests/support/raw_connection.hpp"

#include <fstream>
#include <set>

namespace peeringd::test {
namespace {

/// What a well-framed follow-up request gets: proves the connection is still usable.
const std::string kFollowUp = RawConnection::request("GET", "/healthz");

struct RawCase {
    std::string row;  ///< catalogue row and a short name, printed on failure
    std::string bytes;
    std::set<int> statuses;     ///< accepted answers; 0 = "closed without an answer" is accepted
    bool closes = true;         ///< false: the connection must answer kFollowUp afterwards
};

std::string head(const std::string& request_line, const std::string& fields) {
    return request_line + "\r\n" + fields + "\r\n";
}

/// ASan's quarantine keeps freed memory resident on purpose and TSan adds shadow memory, so RSS
/// bounds mean nothing in those builds.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kRssIsMeaningful = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kRssIsMeaningful = false;
#else
constexpr bool kRssIsMeaningful = true;
#endif
#else
constexpr bool kRssIsMeaningful = true;
#endif

/// Long-lived on the server side: RSS of the daemon in KiB, from /proc.
long rss_kib(int pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

class HostileHttp : public DaemonFixture {
protected:
    void SetUp() override { start({"--max-requests-per-connection", "1000"}); }

    void expect(const RawCase& c) {
        SCOPED_TRACE(c.row);
        RawConnection connection(port());
        // A server that refuses early may close before taking every byte of a large request.
        const bool sent = connection.send(c.bytes + (c.closes ? "" : kFollowUp));
        if (!c.closes) {
            ASSERT_TRUE(sent);
        }
        const auto responses = connection.read_responses(2, std::chrono::seconds(5));
        const int first = responses.empty() ? 0 : responses.front().status;
        EXPECT_TRUE(c.statuses.count(first)) << "got " << first;
        if (c.closes) {
            // Nothing after the refusal runs, however the bytes continue (request smuggling).
            EXPECT_LE(responses.size(), 1u);
            connection.read_until_closed(std::chrono::seconds(5));
            EXPECT_TRUE(connection.closed()) << "connection left open after broken framing";
        } else {
            ASSERT_EQ(responses.size(), 2u) << "connection not usable after the answer";
            EXPECT_EQ(responses[1].status, 200);
        }
        if (!responses.empty() && first >= 400) {
            const auto body = boost::json::parse(responses.front().body);
            EXPECT_TRUE(body.as_object().contains("error_code")) << responses.front().body;
        }
    }

    std::string post(const std::string& fields, const std::string& body) {
        return head("POST " + kPeerings + " HTTP/1.1", "Host: x\r\nX-Project-Id: " + kProjectA + "\r\n" + fields) + body;
    }
};

const std::string kSmuggled = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";

TEST_F(HostileHttp, Row1ContentLengthWithChunkedIsRefusedAndClosed) {
    expect({"1 CL then TE", post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n" + kSmuggled), {400}});
    expect({"1 TE then CL", post("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", "0\r\n\r\n" + kSmuggled), {400}});
}

TEST_F(HostileHttp, BareLineFeedsInABodyThatArrivesWithTheHeadAreNotHeadErrors) {
    // Pretty-printed JSON (curl --json @file) has bare LFs; they belong to the body, which often
    // arrives in the same segment as the head and must not be checked as head bytes.
    const std::string body =
        "{\"peering\": {\"name\": \"pretty\",\n"
        " \"request_vpc_info\": {\"vpc_id\": \"" + random_vpc() + "\"},\n"
        " \"accept_vpc_info\": {\"vpc_id\": \"" + random_vpc() + "\", \"tenant_id\": \"" + kProjectB + "\"}}}\n";
    expect({"pretty body", post("Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n", body),
            {201}, false});
}

TEST_F(HostileHttp, Row2UnknownTransferEncodingsNeverRunTheBodyAsARequest) {
    for (const std::string te : {"gzip", "xchunked", "chunked, gzip", "gzip, chunked"}) {
        expect({"2 TE " + te, post("Transfer-Encoding: " + te + "\r\n", kSmuggled), {400, 501}});
        expect({"2 TE+CL " + te,
                post("Transfer-Encoding: " + te + "\r\nContent-Length: " + std::to_string(kSmuggled.size()) + "\r\n",
                     kSmuggled),
                {400, 501}});
    }
}

TEST_F(HostileHttp, Row3BadContentLengthsAre400) {
    expect({"3 two values", post("Content-Length: 2\r\nContent-Length: 3\r\n", "{}x"), {400}});
    for (const std::string value : {"-1", "+2", "0x2", "", "1234567890123456789012345", "2 2", "2,2"})
        expect({"3 Content-Length '" + value + "'", post("Content-Length: " + value + "\r\n", "{}"), {400}});
}

TEST_F(HostileHttp, Row4BodyOverTheLimitIs413DeclaredOrChunked) {
    expect({"4 declared", post("Content-Length: 70000\r\n", std::string(1000, 'a')), {413}});
    std::string chunked;
    for (int i = 0; i < 20; ++i) chunked += "1000\r\n" + std::string(0x1000, 'a') + "\r\n";
    expect({"4 chunked", post("Transfer-Encoding: chunked\r\n", chunked + "0\r\n\r\n"), {413}});
}

TEST_F(HostileHttp, Row5BrokenChunksAre400) {
    expect({"5 size overflow", post("Transfer-Encoding: chunked\r\n", "FFFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n"), {400, 413}});
    expect({"5 data without CRLF", post("Transfer-Encoding: chunked\r\n", "2\r\n{}XX3\r\nabc\r\n0\r\n\r\n"), {400}});
    expect({"5 not hex", post("Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n"), {400}});
}

TEST_F(HostileHttp, Row6HugeChunkExtensionIsRefusedWithoutHoldingIt) {
    const long before = rss_kib(daemon_->pid());
    ASSERT_GT(before, 0);
    const std::string extension = ";x=" + std::string(2 * 1024 * 1024, 'a');
    for (int i = 0; i < 3; ++i)
        expect({"6 2 MiB extension", post("Transfer-Encoding: chunked\r\n", "2" + extension + "\r\n{}\r\n0\r\n\r\n"),
                {0, 400, 413}});
    EXPECT_LT(rss_kib(daemon_->pid()) - before, 10 * 1024) << "daemon buffered the extension";
}

TEST_F(HostileHttp, Row7HostAndFieldSyntaxAre400) {
    const std::string get = "GET " + kPeerings + " HTTP/1.1";
    const std::string project = "X-Project-Id: " + kProjectA + "\r\n";
    expect({"7 missing Host", head(get, project), {400}});
    expect({"7 two Host", head(get, "Host: a\r\nHost: b\r\n" + project), {400}});
    expect({"7 space before colon", head(get, "Host : x\r\n" + project), {400}});
    expect({"7 empty field name", head(get, "Host: x\r\n: x\r\n" + project), {400}});
    expect({"7 obs-fold", head(get, "Host: x\r\nX-Long: a\r\n  b\r\n" + project), {400}});
    expect({"7 obs-fold tab", head(get, "Host: x\r\nX-Long: a\r\n\tb\r\n" + project), {400}});
}

TEST_F(HostileHttp, Row8ControlBytesAndNonAsciiNamesAre400) {
    const std::string get = "GET " + kPeerings + " HTTP/1.1";
    expect({"8 NUL in value", head(get, std::string("Host: x\r\nX-A: a\0b\r\n", 20)), {400}});
    expect({"8 control byte", head(get, "Host: x\r\nX-A: a\x01" "b\r\n"), {400}});
    expect({"8 DEL", head(get, "Host: x\r\nX-A: a\x7f" "b\r\n"), {400}});
    expect({"8 non-ASCII name", head(get, "Host: x\r\nX-\xc3\xa9: b\r\n"), {400}});
    expect({"8 bare CR", head(get, "Host: x\r\nX-A: a\rb\r\n"), {400}});
}

TEST_F(HostileHttp, Row9HeaderBlockOver8KiBOrOver64FieldsIs431) {
    const std::string get = "GET " + kPeerings + " HTTP/1.1";
    expect({"9 9 KiB field", head(get, "Host: x\r\nX-Big: " + std::string(9 * 1024, 'a') + "\r\n"), {431}});
    std::string many = "Host: x\r\n";
    for (int i = 0; i < 64; ++i) many += "X-F" + std::to_string(i) + ": v\r\n";
    expect({"9 65 fields", head(get, many), {431}});
    // Exactly 64 fields is within the limit: the request is served.
    std::string exactly = "Host: x\r\n";
    for (int i = 0; i < 63; ++i) exactly += "X-F" + std::to_string(i) + ": v\r\n";
    expect({"9 64 fields", head("GET /healthz HTTP/1.1", exactly), {200}, false});
}

TEST_F(HostileHttp, Row10TargetOver4KiBIs414Or431) {
    expect({"10 5 KiB target", head("GET " + kPeerings + "/" + std::string(5000, 'a') + " HTTP/1.1", "Host: x\r\n"), {414}});
    expect({"10 9 KiB target", head("GET " + kPeerings + "/" + std::string(9000, 'a') + " HTTP/1.1", "Host: x\r\n"), {431}});
}

TEST_F(HostileHttp, Row11ForeignProtocolsAreRefusedOrClosed) {
    expect({"11 HTTP/1.2", head("GET /healthz HTTP/1.2", "Host: x\r\n"), {0, 400, 505}});
    expect({"11 HTTP/2.0", head("GET /healthz HTTP/2.0", "Host: x\r\n"), {0, 400, 505}});
    expect({"11 h2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", {0, 400, 505}});
    expect({"11 bare LF", "GET /healthz HTTP/1.1\nHost: x\n\n", {0, 400}});
    expect({"11 binary", std::string("\x00\x01\x02\x03\xff\xfe\r\n\r\n", 10), {0, 400}});
    expect({"11 TLS ClientHello", std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03", 11) + std::string(64, 'r'),
            {0, 400}});
}

TEST_F(HostileHttp, Row12UnknownMethodsAndDeleteOnTheCollection) {
    const std::string project = "X-Project-Id: " + kProjectA + "\r\n";
    expect({"12 get", head("get " + kPeerings + " HTTP/1.1", "Host: x\r\n" + project), {400, 405, 501}, false});
    expect({"12 PATCHX", head("PATCHX " + kPeerings + " HTTP/1.1", "Host: x\r\n" + project), {400, 405, 501}, false});
    RawConnection connection(port());
    ASSERT_TRUE(connection.send(head("DELETE " + kPeerings + " HTTP/1.1", "Host: x\r\n" + project)));
    const auto responses = connection.read_responses(1);
    ASSERT_EQ(responses.size(), 1u);
    EXPECT_EQ(responses[0].status, 405);
    EXPECT_EQ(std::string(responses[0].headers["Allow"]), "GET, POST");
}

TEST_F(HostileHttp, Row13OddPathsAre404AndNever500) {
    const std::string project = "X-Project-Id: " + kProjectA + "\r\n";
    for (const std::string& path : std::vector<std::string>{kPeerings + "/not-a-uuid", kPeerings + "/%2e%2e", kPeerings + "/%2e%2e/%2e%2e",
                                   kPeerings + "/a%00b", "/v2.0/vpc/nothing", "/v9.9/vpc/peerings", "/", "/%00"})
        expect({"13 " + path, head("GET " + path + " HTTP/1.1", "Host: x\r\n" + project), {404}, false});
}

TEST_F(HostileHttp, Row14BodiesMustBeDeclaredJsonWhenDeclared) {
    const auto body = create_body("x", random_vpc(), random_vpc());
    const auto length = "Content-Length: " + std::to_string(body.size()) + "\r\n";
    expect({"14 text/plain", post("Content-Type: text/plain\r\n" + length, body), {415}, false});
    expect({"14 form", post("Content-Type: application/x-www-form-urlencoded\r\n" + length, body), {415}, false});
    // Pinned in docs/API.md: a body without Content-Type is parsed as JSON (curl -d, some SDKs).
    expect({"14 missing, JSON body", post(length, body), {201}, false});
    expect({"14 missing, not JSON", post("Content-Length: 5\r\n", "hello"), {400}, false});
    expect({"14 JSON with charset", post("Content-Type: application/json; charset=utf-8\r\n" + length,
                                         create_body("y", random_vpc(), random_vpc())),
            {201}, false});
}

TEST_F(HostileHttp, Row30ThousandPipelinedGetsAreAnsweredInOrder) {
    const long before = rss_kib(daemon_->pid());
    std::vector<std::string> ids;
    std::string pipeline;
    for (int i = 0; i < 1000; ++i) {
        ids.push_back(random_vpc());
        pipeline += RawConnection::request("GET", kPeerings + "/" + ids.back(), kProjectA);
    }
    RawConnection connection(port());
    ASSERT_TRUE(connection.send(pipeline, std::chrono::seconds(30)));
    const auto responses = connection.read_responses(1000, std::chrono::seconds(60));
    ASSERT_EQ(responses.size(), 1000u);
    for (std::size_t i = 0; i < responses.size(); ++i) {
        ASSERT_EQ(responses[i].status, 404) << i;
        ASSERT_NE(responses[i].body.find(ids[i]), std::string::npos) << "response " << i << " out of order";
    }
    // --max-requests-per-connection 1000: the last answer says so and the server closes.
    EXPECT_FALSE(responses.back().keep_alive);
    connection.read_until_closed();
    EXPECT_TRUE(connection.closed());
    if (kRssIsMeaningful) {
        EXPECT_LT(rss_kib(daemon_->pid()) - before, 10 * 1024);
    }
}

}  // namespace
}  // namespace peeringd::test
