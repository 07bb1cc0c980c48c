// Every JSONTestSuite parsing case (RELIABILITY §3 row 15) through the strict parser, alone and
// wrapped as the `name` of a create body: n_ files are refused, y_ files are accepted unless they
// hit one of peeringd's own rules, and nothing ever answers 5xx.
#include "api/json/strict_parse.hpp"
#include "tests/api/api_fixture.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace peeringd::api::test {
namespace {

namespace fs = std::filesystem;

struct Case {
    std::string name;
    std::string text;
};

/// The suite's files, or empty when the shared data folder is absent.
std::vector<Case> load_cases() {
    std::vector<Case> cases;
    const fs::path dir = PEERINGD_JSONTESTSUITE_DIR;
    if (!fs::is_directory(dir)) return cases;
    for (const auto& entry : fs::directory_iterator(dir)) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        cases.push_back({entry.path().filename().string(), text.str()});
    }
    return cases;
}

bool starts_with(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

TEST(JsonTestSuite, StrictParserAgreesWithTheSuite) {
    const auto cases = load_cases();
    if (cases.empty()) GTEST_SKIP() << "no JSONTestSuite at " << PEERINGD_JSONTESTSUITE_DIR;
    for (const auto& c : cases) {
        const auto result = json::strict_parse(c.text);
        if (starts_with(c.name, "n_")) {
            EXPECT_FALSE(result.value) << c.name;
        }
        // y_ cases only fail for peeringd's extra rules (depth, duplicates, overflow).
        if (starts_with(c.name, "y_") && !result.value) {
            EXPECT_NE(result.failure, json::ParseFailure::syntax) << c.name;
        }
    }
}

TEST(JsonTestSuite, WrappedInACreateBodyNeverAnswers5xx) {
    const auto cases = load_cases();
    if (cases.empty()) GTEST_SKIP() << "no JSONTestSuite at " << PEERINGD_JSONTESTSUITE_DIR;
    ApiHarness harness;
    for (const auto& c : cases) {
        if (c.text.size() > 64 * 1024) continue;  // the daemon answers 413 before the API runs
        for (const std::string& body :
             {c.text, R"({"peering": {"name": )" + c.text + R"(, "request_vpc_info": {}}})"}) {
            const auto response =
                harness.handle(make_request(http::verb::post, "/v2.0/vpc/peerings", body));
            EXPECT_EQ(response.result(), http::status::bad_request) << c.name;
            EXPECT_NO_THROW(body_of(response)) << c.name;
        }
    }
}

}  // namespace
}  // namespace peeringd::api::test
