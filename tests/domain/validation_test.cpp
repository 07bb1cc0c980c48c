#include "domain/validation.hpp"

#include "tests/domain/domain_printers.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace peeringd::domain {
namespace {

std::string repeat(std::string_view piece, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i)
        out += piece;
    return out;
}

/// The E6/E7 message pattern of §7.4.
std::string invalid_input(std::string_view attribute, std::string_view echoed,
                          std::string_view reason) {
    return "Invalid input for " + std::string(attribute) + ". Reason: '" + std::string(echoed) +
           "' " + std::string(reason) + ".";
}

void expect_bad_request(const Result<void>& result, const std::string& message) {
    ASSERT_TRUE(result.has_error()) << "accepted, expected: " << message;
    EXPECT_EQ(result.error().code, ErrorCode::bad_request);
    EXPECT_EQ(result.error().message, message);
}

// Two-, three- and four-byte UTF-8 characters: é, 日, 😀.
constexpr std::string_view kMultibyte[] = {"\xc3\xa9", "\xe6\x97\xa5", "\xf0\x9f\x98\x80"};

// ---- name (§6.2) ----

TEST(ValidateName, AcceptsOneToSixtyFourCodePoints) {
    for (const std::string& name :
         {std::string("a"), repeat("a", 64), std::string(" "), std::string("app-to-db <v2>"),
          std::string("\xe6\x97\xa5\xe6\x9c\xac"), repeat(kMultibyte[0], 64),
          repeat(kMultibyte[1], 64), repeat(kMultibyte[2], 64), repeat(kMultibyte[2], 63) + "a"}) {
        SCOPED_TRACE(name);
        const auto result = validate_name(name);
        EXPECT_TRUE(result.has_value()) << result.error().message;
    }
}

TEST(ValidateName, RejectsEmpty) {
    expect_bad_request(validate_name(""), invalid_input("name", "", "must not be empty"));
}

TEST(ValidateName, RejectsSixtyFiveCharacters) {
    const std::string name = repeat("a", 65);
    expect_bad_request(validate_name(name),  // the echo stops at 64 bytes
                       invalid_input("name", repeat("a", 64) + "...", "exceeds maximum length of 64"));
}

TEST(ValidateName, CountsCodePointsNotBytes) {
    for (std::string_view piece : kMultibyte) {
        SCOPED_TRACE(piece);
        const auto result = validate_name(repeat(piece, 65));
        ASSERT_TRUE(result.has_error());
        EXPECT_EQ(result.error().code, ErrorCode::bad_request);
        EXPECT_NE(result.error().message.find("exceeds maximum length of 64"), std::string::npos);
    }
}

TEST(ValidateName, RejectsControlCharactersAndEchoesThemEscaped) {
    for (const auto& [name, shown] : std::initializer_list<std::pair<std::string, std::string>>{
             {"a\nb", R"(a\x0ab)"}, {"a\rb", R"(a\x0db)"}, {"tab\there", R"(tab\x09here)"},
             {"\x01", R"(\x01)"}, {"x\x1f", R"(x\x1f)"}, {"del\x7f", R"(del\x7f)"},
             {std::string("nul\0byte", 8), R"(nul\x00byte)"}}) {
        SCOPED_TRACE(testing::PrintToString(name));
        expect_bad_request(validate_name(name),
                           invalid_input("name", shown, "must not contain control characters"));
    }
}

TEST(ValidateName, EchoIsCutAtSixtyFourBytesOnACodePointBoundary) {
    // A hostile value is not echoed whole, and the cut never splits a UTF-8 sequence
    // (the message goes into a JSON body).
    const std::string ascii = repeat("a", 200);
    expect_bad_request(validate_name(ascii), invalid_input("name", repeat("a", 64) + "...",
                                                           "exceeds maximum length of 64"));
    const std::string cjk = repeat(kMultibyte[1], 65);  // 195 bytes; 64 is inside the 22nd
    expect_bad_request(validate_name(cjk), invalid_input("name", repeat(kMultibyte[1], 21) + "...",
                                                         "exceeds maximum length of 64"));
    const std::string emoji = repeat(kMultibyte[2], 65);  // 64 bytes is exactly 16 emoji
    expect_bad_request(
        validate_name(emoji),
        invalid_input("name", repeat(kMultibyte[2], 16) + "...", "exceeds maximum length of 64"));
}

// ---- description (§6.2) ----

TEST(ValidateDescription, AcceptsZeroToTwoHundredFiftyFiveCodePoints) {
    for (const std::string& description :
         {std::string(), std::string("app tier reaches the database tier"), repeat("a", 255),
          repeat(kMultibyte[1], 255), std::string("a & b \"quoted\" 'single'")}) {
        SCOPED_TRACE(description);
        const auto result = validate_description(description);
        EXPECT_TRUE(result.has_value()) << result.error().message;
    }
}

TEST(ValidateDescription, RejectsTwoHundredFiftySixCodePoints) {
    expect_bad_request(
        validate_description(repeat("d", 256)),
        invalid_input("description", repeat("d", 64) + "...", "exceeds maximum length of 255"));
    const auto multibyte = validate_description(repeat(kMultibyte[0], 256));
    ASSERT_TRUE(multibyte.has_error());
    EXPECT_NE(multibyte.error().message.find("exceeds maximum length of 255"), std::string::npos);
}

TEST(ValidateDescription, RejectsAngleBrackets) {
    for (std::string_view description : {"<", ">", "a<b", "x > y", "<script>"}) {
        SCOPED_TRACE(description);
        expect_bad_request(
            validate_description(description),
            invalid_input("description", description, "must not contain '<' or '>'"));
    }
}

// ---- vpc_id (§6.3, E7) ----

TEST(CanonicalUuid, AcceptsHyphenatedAndBareHexInAnyCase) {
    constexpr std::string_view kCanonical = "3e6f1d2c-8b4a-4f7e-a1c9-0d5b7e2f6a18";
    for (std::string_view text :
         {"3e6f1d2c-8b4a-4f7e-a1c9-0d5b7e2f6a18", "3e6f1d2c8b4a4f7ea1c90d5b7e2f6a18",
          "3E6F1D2C-8B4A-4F7E-A1C9-0D5B7E2F6A18", "3E6F1D2C8B4A4F7EA1C90D5B7E2F6A18",
          "3e6F1d2C-8b4A-4f7E-a1C9-0d5B7e2F6a18"}) {
        SCOPED_TRACE(text);
        EXPECT_EQ(canonical_uuid(text), std::optional<std::string>(kCanonical));
    }
}

TEST(CanonicalUuid, RejectsEverythingElse) {
    for (std::string_view text : {
             "", "not-a-uuid",
             "3e6f1d2c-8b4a-4f7e-a1c9-0d5b7e2f6a1",     // 35 characters
             "3e6f1d2c-8b4a-4f7e-a1c9-0d5b7e2f6a189",   // 37 characters
             "3e6f1d2c8b4a4f7ea1c90d5b7e2f6a1",         // 31 hex digits
             "3e6f1d2c8b4a4f7ea1c90d5b7e2f6a189",       // 33 hex digits
             "3e6f1d2-c8b4a-4f7e-a1c9-0d5b7e2f6a18",    // first dash one early
             "3e6f1d2c-8b4a4-f7e-a1c9-0d5b7e2f6a18",    // second dash one late
             "3e6f1d2c-8b4a-4f7e-a1c90-d5b7e2f6a18",    // fourth dash one late
             "3e6f1d2c18b4a14f7e1a1c910d5b7e2f6a18",    // 36 characters, no dashes
             "3e6f1d2c-8b4a-4f7e-a1c9-0d5b7e2f6a1g",    // non-hex digit
             "3e6f1d2c8b4a4f7ea1c90d5b7e2f6a1g",        // non-hex digit, bare form
             "3e6f1d2c-8b4a-4f7e-a1c9-0d5b7e2f6a-",     // dash where a digit belongs
             "3e6f1d2c-8b4a-4f7e-a1c9-0d5b7e2f6a",      // 34 characters
             "{3e6f1d2c-8b4a-4f7e-a1c9-0d5b7e2f6a18}",  // braces
             " 3e6f1d2c-8b4a-4f7e-a1c9-0d5b7e2f6a1",    // leading space
         }) {
        SCOPED_TRACE(text);
        EXPECT_FALSE(canonical_uuid(text).has_value());
    }
}

TEST(ParseVpcId, ReturnsCanonicalForm) {
    const auto result = parse_vpc_id("C47A9E102F3B4D6C8E915A0B3C7D2E64", "accept_vpc_info");
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(*result, "c47a9e10-2f3b-4d6c-8e91-5a0b3c7d2e64");
}

TEST(ParseVpcId, NamesAttributeAndValueInMessage) {
    // The exact message observed from the real service (§6.3, S21).
    for (std::string_view attribute : {"accept_vpc_info", "request_vpc_info"}) {
        SCOPED_TRACE(attribute);
        const auto result = parse_vpc_id("vpc-123", attribute);
        ASSERT_TRUE(result.has_error());
        EXPECT_EQ(result.error().code, ErrorCode::bad_request);
        EXPECT_EQ(result.error().message,
                  invalid_input(attribute, "vpc-123", "is not a valid UUID"));
    }
}

// ---- tenant_id (§6.3) ----

TEST(ValidateTenantId, AcceptsOneToSixtyFourAlphanumericsAndHyphens) {
    for (const std::string& tenant :
         {std::string("0a1b2c3d4e5f60718293a4b5c6d7e8f9"), std::string("x"),
          std::string("9F8E7D6C-5B4A-3928-1706-F5E4D3C2B1A0"), std::string("-"), repeat("a", 64),
          repeat("Z9-", 21) + "a"}) {
        SCOPED_TRACE(tenant);
        const auto result = validate_tenant_id(tenant, "accept_vpc_info");
        EXPECT_TRUE(result.has_value()) << result.error().message;
    }
}

TEST(ValidateTenantId, RejectsEmptyTooLongAndOtherCharacters) {
    // The echo is cut at 64 bytes and shows control characters escaped.
    for (const auto& [tenant, shown] : std::initializer_list<std::pair<std::string, std::string>>{
             {"", ""}, {repeat("a", 65), repeat("a", 64) + "..."}, {"tenant_id", "tenant_id"},
             {"a.b", "a.b"}, {"a b", "a b"}, {"a/b", "a/b"}, {"a\nb", R"(a\x0ab)"},
             {"\xc3\xa9", "\xc3\xa9"},
             {"0a1b2c3d4e5f60718293a4b5c6d7e8f9 ", "0a1b2c3d4e5f60718293a4b5c6d7e8f9 "}}) {
        SCOPED_TRACE(testing::PrintToString(tenant));
        expect_bad_request(validate_tenant_id(tenant, "accept_vpc_info"),
                           invalid_input("accept_vpc_info", shown, "is not a valid tenant id"));
    }
}

TEST(ValidateTenantId, NamesGivenAttribute) {
    expect_bad_request(validate_tenant_id("", "request_vpc_info"),
                       invalid_input("request_vpc_info", "", "is not a valid tenant id"));
}

// ---- helpers ----

TEST(CountCodePoints, CountsEachCharacterOnce) {
    struct Row {
        std::string_view text;
        std::size_t count;
    };
    for (const Row& row :
         {Row{"", 0}, Row{"abc", 3}, Row{kMultibyte[0], 1}, Row{kMultibyte[1], 1},
          Row{kMultibyte[2], 1}, Row{"a\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80z", 5}}) {
        SCOPED_TRACE(row.text);
        EXPECT_EQ(count_code_points(row.text), row.count);
    }
}

TEST(BadRequest, CarriesMessageUnchanged) {
    const Error error = bad_request("Malformed request body");
    EXPECT_EQ(error.code, ErrorCode::bad_request);
    EXPECT_EQ(error.message, "Malformed request body");
}

}  // namespace
}  // namespace peeringd::domain
