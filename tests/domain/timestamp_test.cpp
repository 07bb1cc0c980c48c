#include "domain/timestamp.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string_view>

namespace peeringd::domain {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::year;

Timestamp at(int y, unsigned month, unsigned day, int h, int m, int s) {
    return sys_days{year{y} / std::chrono::month{month} / std::chrono::day{day}} + hours{h} +
           minutes{m} + seconds{s};
}

struct Spelling {
    Timestamp instant;
    std::string_view text;
};

const Spelling kSpellings[] = {
    {Timestamp{}, "1970-01-01T00:00:00"},
    {at(2026, 3, 14, 8, 5, 9), "2026-03-14T08:05:09"},  // the spec's example (§1.1)
    {at(2026, 12, 31, 23, 59, 59), "2026-12-31T23:59:59"},
    {at(2024, 2, 29, 12, 0, 0), "2024-02-29T12:00:00"},  // leap year
    {at(2000, 2, 29, 0, 0, 0), "2000-02-29T00:00:00"},   // divisible by 400
    {at(1969, 12, 31, 23, 59, 59), "1969-12-31T23:59:59"},
    {at(9999, 12, 31, 23, 59, 59), "9999-12-31T23:59:59"},
};

TEST(Timestamp, FormatsAsUtcWithoutFractionOrZone) {
    for (const Spelling& row : kSpellings) {
        SCOPED_TRACE(row.text);
        EXPECT_EQ(format_timestamp(row.instant), row.text);
    }
}

TEST(Timestamp, ParseIsInverseOfFormat) {
    for (const Spelling& row : kSpellings) {
        SCOPED_TRACE(row.text);
        const auto parsed = parse_timestamp(row.text);
        ASSERT_TRUE(parsed.has_value());
        EXPECT_TRUE(*parsed == row.instant);
        EXPECT_EQ(format_timestamp(*parsed), row.text);
    }
}

TEST(Timestamp, ParseRejectsEverythingElse) {
    for (std::string_view text : {
             "",
             "2026-03-14",
             "2026-03-14 08:05:09",   // space instead of T
             "2026-03-14t08:05:09",   // lowercase t
             "2026-03-14T08:05:09Z",  // zone suffix
             "2026-03-14T08:05:09+00:00",
             "2026-03-14T08:05:09.000",  // fraction
             "2026-3-14T08:05:09",       // unpadded month
             "2026/03/14T08:05:09",
             "2026-03-14T08-05-09",
             "20a6-03-14T08:05:09",  // letter in the year
             "2026-03-14T08:05:0x",
             "-026-03-14T08:05:09",
             "+026-03-14T08:05:09",
             "2026-00-14T08:05:09",  // month 0
             "2026-13-14T08:05:09",  // month 13
             "2026-03-00T08:05:09",  // day 0
             "2026-03-32T08:05:09",
             "2026-04-31T08:05:09",  // April has 30 days
             "2026-03-14T24:00:00",
             "2026-03-14T08:60:09",
             "2026-03-14T08:05:60",  // no leap seconds
             " 2026-03-14T08:05:0",
         }) {
        SCOPED_TRACE(text);
        EXPECT_FALSE(parse_timestamp(text).has_value());
    }
}

TEST(Timestamp, FebruaryTwentyNinthOnlyInLeapYears) {
    struct Row {
        std::string_view text;
        bool valid;
    };
    for (const Row& row : {Row{"2024-02-29T00:00:00", true}, Row{"2000-02-29T00:00:00", true},
                           Row{"2026-02-29T00:00:00", false}, Row{"2100-02-29T00:00:00", false},
                           Row{"1900-02-29T00:00:00", false}, Row{"2024-02-30T00:00:00", false}}) {
        SCOPED_TRACE(row.text);
        EXPECT_EQ(parse_timestamp(row.text).has_value(), row.valid);
    }
    const auto leap_day = parse_timestamp("2024-02-29T23:59:59");
    ASSERT_TRUE(leap_day.has_value());
    EXPECT_EQ(format_timestamp(*leap_day + seconds{1}), "2024-03-01T00:00:00");
}

TEST(SystemClock, ReturnsWholeSecondsNearSystemTime) {
    const auto before = std::chrono::floor<seconds>(std::chrono::system_clock::now());
    const Timestamp now = SystemClock{}.now();
    const auto after = std::chrono::system_clock::now();
    EXPECT_LE(before, now);
    EXPECT_LE(now, after);
}

}  // namespace
}  // namespace peeringd::domain
