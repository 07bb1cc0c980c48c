// The server's SDK-HMAC-SHA256 canonicalization against known answers computed independently
// by the official Huawei Node.js SDK signer (tests/sdk/make_signature_vectors.mjs writes
// tests/sdk/signature_vectors.json; see tests/sdk/README.md to regenerate).
#include "api/auth/sdk_signature.hpp"
#include "api/auth/signed_request_authenticator.hpp"
#include "crypto/digest.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace peeringd::api::auth {
namespace {

struct Vector {
    std::string name, method, target, body, sk, authorization, signature, canonical, to_sign;
    std::vector<HeaderLine> headers;
};

std::vector<Vector> load_vectors() {
    std::ifstream file(PEERINGD_SIGNATURE_VECTORS);
    std::stringstream text;
    text << file.rdbuf();
    std::vector<Vector> out;
    const auto document = boost::json::parse(text.str());
    for (const auto& item : document.as_array()) {
        const auto& v = item.as_object();
        auto str = [&](const char* key) { return std::string(v.at(key).as_string()); };
        Vector vector{str("name"), str("method"), str("target"), str("body"), str("sk"),
                      str("expected_authorization"), str("expected_signature"),
                      str("expected_canonical_request"), str("expected_string_to_sign"), {}};
        for (const auto& h : v.at("headers").as_array())
            vector.headers.emplace_back(std::string(h.as_array()[0].as_string()), std::string(h.as_array()[1].as_string()));
        out.push_back(std::move(vector));
    }
    return out;
}

std::string header_value(const Vector& v, std::string_view lower_name) {
    for (const auto& [name, value] : v.headers) {
        std::string lower = name;
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower == lower_name) return value;
    }
    return {};
}

class SdkSignatureVectors : public ::testing::TestWithParam<Vector> {};

TEST_P(SdkSignatureVectors, MatchTheOfficialSdkSigner) {
    const Vector& v = GetParam();
    const auto parsed = parse_authorization(v.authorization);
    ASSERT_TRUE(parsed);
    const auto declared = header_value(v, "x-sdk-content-sha256");
    const auto hash = declared.empty() ? crypto::sha256_hex(v.body) : declared;
    const auto canonical = canonical_request({v.method, v.target, &v.headers, &parsed->signed_headers, hash});
    ASSERT_TRUE(canonical);
    EXPECT_EQ(*canonical, v.canonical);
    const auto to_sign = string_to_sign(header_value(v, "x-sdk-date"), *canonical);
    EXPECT_EQ(to_sign, v.to_sign);
    EXPECT_EQ(sign(v.sk, to_sign), v.signature);
}

INSTANTIATE_TEST_SUITE_P(Official, SdkSignatureVectors, ::testing::ValuesIn(load_vectors()),
                         [](const auto& test) { return test.param.name; });

TEST(SdkSignatureVectorsFile, HoldsTheRequiredCases) { EXPECT_GE(load_vectors().size(), 10u); }

TEST(Authorization, ParsesTheSdkHeader) {
    const auto h = parse_authorization("SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=abc");
    ASSERT_TRUE(h);
    EXPECT_EQ(h->access_key, "AK1");
    EXPECT_EQ(h->signed_headers, (std::vector<std::string>{"host", "x-sdk-date"}));
    EXPECT_EQ(h->signature, "abc");
}

TEST(Authorization, RejectsOtherSchemesAndMissingParts) {
    for (const char* bad : {"", "Bearer x", "SDK-HMAC-SHA256", "SDK-HMAC-SHA256 Access=AK",
                            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host",
                            "SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=a",
                            "SDK-HMAC-SHA256 Access=A, Access=B, SignedHeaders=host, Signature=a",
                            "SDK-HMAC-SHA256X Access=A, SignedHeaders=host, Signature=a"})
        EXPECT_FALSE(parse_authorization(bad)) << bad;
}

TEST(CanonicalUri, DecodesThenEscapesEachSegmentAndEndsWithSlash) {
    EXPECT_EQ(canonical_uri("/v2.0/vpc/peerings"), "/v2.0/vpc/peerings/");
    EXPECT_EQ(canonical_uri("/v2.0/vpc/peerings/"), "/v2.0/vpc/peerings/");
    EXPECT_EQ(canonical_uri("/a%20b/c"), "/a%20b/c/");
    EXPECT_EQ(canonical_uri("/a b/%7e"), "/a%20b/~/");
    EXPECT_FALSE(canonical_uri("/bad%zz"));
}

TEST(CanonicalQuery, DecodesReencodesAndSortsByKeyThenValue) {
    EXPECT_EQ(canonical_query(""), "");
    EXPECT_EQ(canonical_query("b=2&a=1&a=0"), "a=0&a=1&b=2");
    EXPECT_EQ(canonical_query("name=a+b&x=%2B"), "name=a%20b&x=%2B");
    EXPECT_EQ(canonical_query("k=%E6%95%B0"), "k=%E6%95%B0");
    EXPECT_EQ(canonical_query("flag"), "flag=");
    EXPECT_EQ(canonical_query("q=*()!'"), "q=%2A%28%29%21%27");
    EXPECT_FALSE(canonical_query("a=%4"));
}

TEST(SdkDate, ParsesTheBasicFormatOnly) {
    EXPECT_EQ(parse_sdk_date("20260314T080509Z"), domain::parse_timestamp("2026-03-14T08:05:09"));
    for (const char* bad : {"2026-03-14T08:05:09Z", "20260314T080509", "20261314T080509Z", "20260314T250509Z", ""})
        EXPECT_FALSE(parse_sdk_date(bad)) << bad;
}

}  // namespace
}  // namespace peeringd::api::auth
