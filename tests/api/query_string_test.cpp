#include "api/query_string.hpp"

#include <gtest/gtest.h>

namespace peeringd::api {
namespace {

TEST(QueryString, SplitsTargetAtTheFirstQuestionMark) {
    const auto target = split_target("/v2.0/vpc/peerings?a=1?b");
    EXPECT_EQ(target.path, "/v2.0/vpc/peerings");
    EXPECT_EQ(target.query, "a=1?b");
    EXPECT_EQ(split_target("/x").query, "");
}

TEST(QueryString, DecodesKeysAndValuesInOrder) {
    const auto params = parse_query("na%6De=a+b%20c&&status=ACTIVE&status=&flag&x=%zz%4");
    const QueryParams expected{
        {"name", "a b c"}, {"status", "ACTIVE"}, {"status", ""}, {"flag", ""}, {"x", "%zz%4"}};
    EXPECT_EQ(params, expected);
}

TEST(QueryString, PathDecodingKeepsPlus) {
    EXPECT_EQ(percent_decode("a+b%2Fc", false), "a+b/c");
    EXPECT_EQ(percent_decode("a+b", true), "a b");
}

TEST(QueryString, EncodingRoundTrips) {
    const QueryParams params{{"name", "a b&c=d/é"}, {"limit", "2"}};
    EXPECT_EQ(format_query(params), "name=a%20b%26c%3Dd%2F%C3%A9&limit=2");
    EXPECT_EQ(parse_query(format_query(params)), params);
}

}  // namespace
}  // namespace peeringd::api
