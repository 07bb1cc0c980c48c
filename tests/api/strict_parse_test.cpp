#include "api/json/strict_parse.hpp"

#include <gtest/gtest.h>

#include <string>

namespace peeringd::api::json {
namespace {

std::string nested_arrays(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

TEST(StrictParse, AcceptsAPlainDocument) {
    const auto result = strict_parse(R"( {"a": [1, -2, 3.5, true, null, "x"], "b": {"c": "d"}} )");
    ASSERT_TRUE(result.value);
    EXPECT_EQ(result.value->at("b").at("c").as_string(), "d");
    EXPECT_EQ(result.value->at("a").as_array().size(), 6U);
}

TEST(StrictParse, RefusesDuplicateKeysAtAnyLevel) {
    for (const char* text : {R"({"name": "a", "name": "b"})",
                             R"({"peering": {"name": "a", "description": "", "name": "b"}})",
                             R"([{"x": {"y": 1, "y": 2}}])"}) {
        const auto result = strict_parse(text);
        EXPECT_FALSE(result.value) << text;
        EXPECT_EQ(result.failure, ParseFailure::duplicate_key) << text;
    }
}

TEST(StrictParse, SameKeyInSiblingObjectsIsFine) {
    EXPECT_TRUE(strict_parse(R"({"a": {"id": 1}, "b": {"id": 2}, "id": 3})").value);
}

TEST(StrictParse, DuplicateKeyDetectedAcrossEscapes) {
    // "\u006e" is "n": the decoded keys are equal even though the raw text differs.
    const auto result = strict_parse(R"({"name": 1, "\u006eame": 2})");
    EXPECT_EQ(result.failure, ParseFailure::duplicate_key);
    EXPECT_FALSE(result.value);
}

TEST(StrictParse, DepthEightIsTheLimit) {
    EXPECT_TRUE(strict_parse(nested_arrays(kMaxJsonDepth)).value);
    const auto deeper = strict_parse(nested_arrays(kMaxJsonDepth + 1));
    EXPECT_FALSE(deeper.value);
    EXPECT_EQ(deeper.failure, ParseFailure::too_deep);
}

TEST(StrictParse, RefusesNonFiniteNumbers) {
    for (const char* text : {"1e400", R"({"a": -1e400})", "[1.5e999999]"}) {
        const auto result = strict_parse(text);
        EXPECT_FALSE(result.value) << text;
        EXPECT_EQ(result.failure, ParseFailure::non_finite_number) << text;
    }
}

TEST(StrictParse, RefusesWhatJsonDoesNotAllow) {
    for (const char* text : {"", " ", "{", "{} {}", "{}x", "NaN", "Infinity", "[1,]", "{'a':1}",
                             "// c\n{}", "\"\xff\"", R"("\ud800")", "[01]"}) {
        const auto result = strict_parse(text);
        EXPECT_FALSE(result.value) << text;
    }
}

TEST(StrictParse, HugeIntegersBecomeDoublesUntilTheyOverflow) {
    const auto finite = strict_parse(std::string(300, '9'));
    ASSERT_TRUE(finite.value);
    EXPECT_TRUE(finite.value->is_double());
    const auto overflowing = strict_parse(std::string(5000, '9'));
    EXPECT_FALSE(overflowing.value);
    EXPECT_EQ(overflowing.failure, ParseFailure::non_finite_number);
}

}  // namespace
}  // namespace peeringd::api::json
