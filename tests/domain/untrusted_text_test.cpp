#include "domain/untrusted_text.hpp"

#include "tests/support/logfmt_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace peeringd::domain {
namespace {

/// `value` read back through the strict reader as the only field of "k=<log_value(value)>".
std::string read_back(std::string_view value) {
    std::string error;
    const auto line = "k=" + log_value(value);
    const auto fields = test::parse_logfmt_fields(line, error);
    EXPECT_TRUE(fields) << error << " in " << line;
    if (!fields) return {};
    EXPECT_EQ(fields->size(), 1U) << line;
    return fields->front().second;
}

std::string marker(std::size_t cut) { return "...[+" + std::to_string(cut) + " bytes]"; }

TEST(LogValue, PlainValuesStayBare) {
    EXPECT_EQ(log_value("0a1b2c3d"), "0a1b2c3d");
    EXPECT_EQ(log_value("/v2.0/vpc/peerings/{id}"), "/v2.0/vpc/peerings/{id}");
    EXPECT_EQ(log_value("[::1]:5000"), "[::1]:5000");
    EXPECT_EQ(log_value(""), "-");
    EXPECT_EQ(log_value("-"), R"("-")");  // never mistaken for the empty value
}

TEST(LogValue, QuotesBackslashesSpacesAndEqualsAreQuotedAndEscaped) {
    EXPECT_EQ(log_value("a b"), R"("a b")");
    EXPECT_EQ(log_value("say \"hi\" \\ bye"), R"("say \"hi\" \\ bye")");
    EXPECT_EQ(log_value("k=v"), R"("k=v")");  // cannot forge a key
    EXPECT_EQ(log_value(R"(AK" project=aaaa status=200 x=")"), R"("AK\" project=aaaa status=200 x=\"")");
}

TEST(LogValue, ControlCharactersAndBrokenUtf8BecomeHexEscapes) {
    EXPECT_EQ(log_value("x\r\nstatus=200"), R"("x\x0d\x0astatus=200")");
    EXPECT_EQ(log_value(std::string_view("\x01\x7f\t", 3)), R"("\x01\x7f\x09")");
    EXPECT_EQ(log_value(std::string_view("nul\0", 4)), R"("nul\x00")");
    EXPECT_EQ(log_value("\xff\xfe"), R"("\xff\xfe")");                  // not UTF-8
    EXPECT_EQ(log_value("\xc3"), R"("\xc3")");                          // cut short
    EXPECT_EQ(log_value("\xc0\xaf"), R"("\xc0\xaf")");                  // overlong '/'
    EXPECT_EQ(log_value("\xed\xa0\x80"), R"("\xed\xa0\x80")");          // surrogate
    EXPECT_EQ(log_value("a\xc2\x85z"), R"("a\xc2\x85z")");              // C1 NEL
    EXPECT_EQ(log_value("a\xe2\x80\xa8z"), R"("a\xe2\x80\xa8z")");      // U+2028
    EXPECT_EQ(log_value("\xe6\x97\xa5\xc3\xa9"), "\"\xe6\x97\xa5\xc3\xa9\"");  // 日é as is, quoted
}

TEST(LogValue, LongValuesAreCutWithAVisibleMarker) {
    const std::string ak(3000, 'A');
    EXPECT_EQ(log_value(ak), "\"" + std::string(kMaxLogValue, 'A') + marker(3000 - kMaxLogValue) + "\"");
    EXPECT_EQ(log_value(std::string(kMaxLogValue, 'A')), std::string(kMaxLogValue, 'A'));  // exactly at the cap
    // The cap counts escaped bytes and never splits an escape or a UTF-8 sequence.
    EXPECT_EQ(log_value(std::string(200, '"')), "\"" + [] {
        std::string s;
        for (int i = 0; i < 128; ++i) s += "\\\"";
        return s;
    }() + marker(72) + "\"");
    const std::string newlines(100, '\n');
    EXPECT_EQ(read_back(newlines), std::string(64, '\n') + marker(36));
    std::string cjk;
    for (int i = 0; i < 100; ++i) cjk += "\xe6\x97\xa5";  // 300 bytes
    EXPECT_EQ(read_back(cjk), cjk.substr(0, 255) + marker(45));
}

TEST(LogValue, EveryHostileValueReadsBackIntactAsOneField) {
    for (const std::string& value :
         {std::string("\""), std::string("\\"), std::string("\\\""), std::string("a=b c=d"),
          std::string("\" status=200 x=\""), std::string("\\\" forged=1"), std::string("end\\"),
          std::string("tab\there"), std::string("line\nbreak level=error"), std::string("  "),
          std::string("\xe6\x97\xa5 \"q\""), std::string("...[+9 bytes]"), std::string("=")}) {
        SCOPED_TRACE(value);
        EXPECT_EQ(read_back(value), value);
    }
}

TEST(Echo, ShortTextIsKeptAndControlsAreEscaped) {
    EXPECT_EQ(echo("not-a-uuid"), "not-a-uuid");
    EXPECT_EQ(echo(R"(a "quoted" \ value)"), R"(a "quoted" \ value)");  // the JSON body escapes these
    EXPECT_EQ(echo("a\nb\t\x7f"), R"(a\x0ab\x09\x7f)");
    EXPECT_EQ(echo("\xff"), R"(\xff)");  // the result is always valid UTF-8
    EXPECT_EQ(echo(""), "");
}

TEST(Echo, IsCutToAShortPrefixOnACharacterBoundary) {
    EXPECT_EQ(echo(std::string(kMaxEcho, 'z')), std::string(kMaxEcho, 'z'));
    EXPECT_EQ(echo(std::string(3000, 'z')), std::string(kMaxEcho, 'z') + "...");
    std::string emoji;
    for (int i = 0; i < 20; ++i) emoji += "\xf0\x9f\x98\x80";
    EXPECT_EQ(echo(emoji), emoji.substr(0, 64) + "...");
    EXPECT_EQ(echo("\xe6\x97\xa5\xe6\x97\xa5", 5), "\xe6\x97\xa5...");
    EXPECT_EQ(echo(std::string(30, '\n'), 10), R"(\x0a\x0a)" "...");  // an escape is never split
    EXPECT_EQ(echo("0123456789abcdefghij", 20), "0123456789abcdefghij");
}

}  // namespace
}  // namespace peeringd::domain
