#include "api/router.hpp"

#include <gtest/gtest.h>

namespace peeringd::api {
namespace {

constexpr const char* kId = "5f0c2a7e-3b1d-4c8e-9a61-2d7f4e8b1c90";

TEST(Router, MatchesEveryEndpoint) {
    const std::string item = std::string("/v2.0/vpc/peerings/") + kId;
    EXPECT_EQ(route(http::verb::get, "/v2.0/vpc/peerings").match->handler, &list_peerings);
    EXPECT_EQ(route(http::verb::post, "/v2.0/vpc/peerings").match->handler, &create_peering);
    EXPECT_EQ(route(http::verb::get, item).match->handler, &show_peering);
    EXPECT_EQ(route(http::verb::put, item).match->handler, &update_peering);
    EXPECT_EQ(route(http::verb::delete_, item).match->handler, &delete_peering);
    EXPECT_EQ(route(http::verb::put, item + "/accept").match->handler, &accept_peering);
    EXPECT_EQ(route(http::verb::put, item + "/reject").match->handler, &reject_peering);
    EXPECT_EQ(route(http::verb::put, item + "/accept").match->id, kId);
}

TEST(Router, TrailingSlashIsIgnored) {
    EXPECT_TRUE(route(http::verb::get, "/v2.0/vpc/peerings/").match);
    const auto match = route(http::verb::get, std::string("/v2.0/vpc/peerings/") + kId + "/");
    ASSERT_TRUE(match.match);
    EXPECT_EQ(match.match->id, kId);
}

TEST(Router, WrongMethodOnKnownPathListsAllowedMethods) {
    EXPECT_EQ(route(http::verb::delete_, "/v2.0/vpc/peerings").allow, "GET, POST");
    EXPECT_EQ(route(http::verb::post, "/v2.0/vpc/peerings/x").allow, "GET, PUT, DELETE");
    EXPECT_EQ(route(http::verb::get, "/v2.0/vpc/peerings/x/accept").allow, "PUT");
    EXPECT_EQ(route(http::verb::unknown, "/v2.0/vpc/peerings").allow, "GET, POST");
}

TEST(Router, UnknownPathsMatchNothing) {
    for (const char* path : {"", "/", "v2.0/vpc/peerings", "/v2.0/vpc/peerings//",
                             "/v2.0/vpc/peerings//accept", "/v2.0/vpc", "/v2/vpc/peerings",
                             "/v2.0/vpc/peerings/x/y", "/v2.0/vpc/peerings/x/accept/z"}) {
        const auto result = route(http::verb::get, path);
        EXPECT_FALSE(result.match) << path;
        EXPECT_TRUE(result.allow.empty()) << path;
    }
}

TEST(Router, SegmentsArePercentDecoded) {
    const auto result = route(http::verb::get, "/v2.0/vpc/peerings/a%2Fb");
    ASSERT_TRUE(result.match);
    EXPECT_EQ(result.match->id, "a/b");
}

}  // namespace
}  // namespace peeringd::api
