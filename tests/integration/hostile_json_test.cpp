// RELIABILITY.md §3 rows 15-23: hostile JSON bodies against the real daemon over HTTP. Every
// refusal is a 400 with the v2.0 error body, the body itself is strict JSON (never a bare
// Infinity or NaN), nothing answers 5xx, and the keep-alive connection stays usable.
#include "tests/integration/daemon_fixture.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace peeringd::test {
namespace {

namespace fs = std::filesystem;

/// A create body whose `name` is the raw JSON text `name_json` and whose VPCs are fresh.
std::string with_name(const std::string& name_json) {
    return R"({"peering":{"name":)" + name_json + R"(,"request_vpc_info":{"vpc_id":")" + random_vpc() +
           R"("},"accept_vpc_info":{"vpc_id":")" + random_vpc() + R"("}}})";
}

/// A create body with `extra` (raw JSON members, leading comma included) inside `peering`.
std::string with_peering_members(const std::string& extra) {
    return R"({"peering":{"name":"x","request_vpc_info":{"vpc_id":")" + random_vpc() +
           R"("},"accept_vpc_info":{"vpc_id":")" + random_vpc() + R"("})" + extra + "}}";
}

class HostileJson : public DaemonFixture {
protected:
    void SetUp() override { start(); }

    /// POSTs `body` as a create and checks the answer is `status` with a strict-JSON body.
    void expect_create(const std::string& label, const std::string& body, int status) {
        SCOPED_TRACE(label);
        const auto r = call("POST", kPeerings, kProjectA, body);
        EXPECT_EQ(r.status, status) << r.body;
        expect_strict_body(r);
        if (status == 400) {
            EXPECT_EQ(r.json().at("error_code").as_string(), "VPC.0801") << r.body;
        }
    }

    static void expect_strict_body(const HttpResponse& r) {
        EXPECT_NO_THROW(r.json()) << r.body;
        for (const char* bare : {"Infinity", "NaN"}) EXPECT_EQ(r.body.find(bare), std::string::npos) << r.body;
    }
};

TEST_F(HostileJson, Row15MalformedDocumentsAre400) {
    for (const std::string body : {"", " ", "{", "not json", "{\"peering\":", "{\"peering\":{}} trailing",
                                   "{\"a\":1}{\"b\":2}", "{\"peering\":{}}\n{\"peering\":{}}", "[1,2]", "null",
                                   "\"text\"", "{'peering':{}}", "{\"peering\":{},}"})
        expect_create("row 15: " + body, body, 400);
    const std::string id(create(kProjectA).at("id").as_string());
    for (const std::string body : {"", "x", "{\"peering\":{\"name\":\"a\"}} {}"}) {
        const auto r = call("PUT", kPeerings + "/" + id, kProjectA, body);
        EXPECT_EQ(r.status, 400) << "update with '" << body << "': " << r.body;
    }
}

TEST_F(HostileJson, Row15EveryJsonTestSuiteFileAloneAndWrappedNeverAnswers5xx) {
    const fs::path dir = PEERINGD_JSONTESTSUITE_DIR;
    if (!fs::is_directory(dir)) GTEST_SKIP() << "SKIPPED: no JSONTestSuite at " << dir;
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        const auto name = entry.path().filename().string();
        if (text.str().size() > 60 * 1024) continue;  // 413 at the framing layer, tested elsewhere
        ++files;
        for (const auto& body : {text.str(), with_name(text.str())}) {
            SCOPED_TRACE(name);
            const auto r = call("POST", kPeerings, kProjectA, body);
            EXPECT_LT(r.status, 500) << r.body;
            // Alone, no suite file is a create body; wrapped, only a y_ file can be a valid name.
            if (name.rfind("y_", 0) != 0 || body == text.str()) {
                EXPECT_EQ(r.status, 400) << r.body;
            } else {
                EXPECT_TRUE(r.status == 400 || r.status == 201) << r.body;
            }
            expect_strict_body(r);
        }
    }
    EXPECT_GT(files, 300u);
}

TEST_F(HostileJson, Row16NestingDeeperThan8Is400) {
    expect_create("depth 9", std::string(9, '[') + std::string(9, ']'), 400);
    expect_create("deep name", with_name(std::string(20, '[') + std::string(20, ']')), 400);
    expect_create("very deep", std::string(10000, '[') + std::string(10000, ']'), 400);
}

TEST_F(HostileJson, Row17DuplicateKeysAtAnyLevelAre400) {
    expect_create("top", R"({"peering":{},"peering":{}})", 400);
    expect_create("peering", with_peering_members(R"(,"name":"y")"), 400);
    expect_create("vpc_info", R"({"peering":{"name":"x","request_vpc_info":{"vpc_id":")" + random_vpc() +
                                  R"(","vpc_id":")" + random_vpc() + R"("},"accept_vpc_info":{"vpc_id":")" +
                                  random_vpc() + R"("}}})",
                  400);
}

TEST_F(HostileJson, Row18HugeAndNonFiniteNumbersAre400WithStrictBodies) {
    for (const std::string& number : std::vector<std::string>{"1e400", "-1e400", std::string(5000, '9'), "NaN", "Infinity", "-Infinity"}) {
        expect_create("name " + number.substr(0, 10), with_name(number), 400);
        expect_create("description " + number.substr(0, 10), with_peering_members(",\"description\":" + number), 400);
        expect_create("sibling " + number.substr(0, 10), R"({"other":)" + number + R"(,"peering":{}})", 400);
    }
    const auto r = call("GET", kPeerings + "?limit=1e400", kProjectA);
    EXPECT_EQ(r.status, 400);
    expect_strict_body(r);
}

TEST_F(HostileJson, Row19BadUnicodeAndControlCharactersAre400) {
    for (const std::string& name : {std::string("\"a\xff" "b\""), std::string("\"\xc0\xaf\""),
                                   std::string("\"\xed\xa0\x80\""), std::string("\"\xf4\x90\x80\x80\""),
                                   std::string(R"("\ud800")"), std::string(R"("a\udc00b")"),
                                   std::string(R"("\u0000")"), std::string(R"("a\r\nb")"),
                                   std::string(R"("a\tb")"), std::string(R"("\u001f")"), std::string(R"("\u007f")")}) {
        expect_create("name " + name, with_name(name), 400);
        expect_create("description " + name, with_peering_members(",\"description\":" + name), 400);
    }
}

TEST_F(HostileJson, Row20FieldLimitsAre400) {
    expect_create("name 65", with_name("\"" + std::string(65, 'n') + "\""), 400);
    expect_create("name 64", with_name("\"" + std::string(64, 'n') + "\""), 201);
    std::string multibyte;
    for (int i = 0; i < 65; ++i) multibyte += "\xc3\xa9";  // 65 code points, 130 bytes
    expect_create("name 65 code points", with_name("\"" + multibyte + "\""), 400);
    expect_create("description 256", with_peering_members(",\"description\":\"" + std::string(256, 'd') + "\""), 400);
    expect_create("description <", with_peering_members(",\"description\":\"a<b\""), 400);
    expect_create("description >", with_peering_members(",\"description\":\"a>b\""), 400);
    expect_create("vpc_id", create_body("x", random_vpc(), "not-a-uuid"), 400);
    for (const std::string& tenant : std::vector<std::string>{"bad tenant", "a/b", std::string(65, 't'), "\xc3\xa9"})
        expect_create("tenant " + tenant, create_body("x", random_vpc(), random_vpc(), tenant), 400);
}

TEST_F(HostileJson, Row21MissingWrapperFieldsAndWrongTypesAre400) {
    expect_create("no wrapper", R"({"name":"x"})", 400);
    expect_create("wrapper not object", R"({"peering":[]})", 400);
    expect_create("no accept", R"({"peering":{"name":"x","request_vpc_info":{"vpc_id":")" + random_vpc() + R"("}}})", 400);
    expect_create("vpc_id number", R"({"peering":{"name":"x","request_vpc_info":{"vpc_id":5},"accept_vpc_info":{"vpc_id":")" +
                                       random_vpc() + R"("}}})",
                  400);
    expect_create("vpc_info array", R"({"peering":{"name":"x","request_vpc_info":[],"accept_vpc_info":{"vpc_id":")" +
                                        random_vpc() + R"("}}})",
                  400);
    expect_create("name object", with_name("{}"), 400);
    expect_create("name bool", with_name("true"), 400);
}

TEST_F(HostileJson, Row22UnknownAndReadOnlyAttributesAre400SiblingsIgnored) {
    for (const std::string member : {R"(,"status":"ACTIVE")", R"(,"id":"x")", R"(,"created_at":"x")", R"(,"foo":1)"})
        expect_create("peering" + member, with_peering_members(member), 400);
    expect_create("vpc_info extra", R"({"peering":{"name":"x","request_vpc_info":{"vpc_id":")" + random_vpc() +
                                        R"(","foo":1},"accept_vpc_info":{"vpc_id":")" + random_vpc() + R"("}}})",
                  400);
    expect_create("sibling of peering", R"({"other":{"anything":[1,2]},"peering":)" +
                                            boost::json::serialize(boost::json::parse(create_body("x", random_vpc(), random_vpc())).at("peering")) + "}",
                  201);
    const std::string id(create(kProjectA).at("id").as_string());
    for (const std::string body : {R"({"peering":{}})", R"({"peering":{"status":"ACTIVE"}})", R"({"peering":{"foo":1}})"}) {
        const auto r = call("PUT", kPeerings + "/" + id, kProjectA, body);
        EXPECT_EQ(r.status, 400) << body << ": " << r.body;
    }
}

TEST_F(HostileJson, Row23SameVpcOnBothSidesIs400) {
    const auto vpc = random_vpc();
    const auto r = call("POST", kPeerings, kProjectA, create_body("x", vpc, vpc));
    EXPECT_EQ(expect_neutron_error(r, 400, "InvalidInput"), "VPC.0806");
    // Case and spelling must not sneak the same VPC past the check.
    std::string upper = vpc;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(call("POST", kPeerings, kProjectA, create_body("x", vpc, upper)).status, 400);
}

}  // namespace
}  // namespace peeringd::test
