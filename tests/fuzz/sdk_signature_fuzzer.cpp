// A signed request -> the SDK-HMAC-SHA256 verifier's pure steps (api/auth/sdk_signature.hpp):
// the Authorization header, X-Sdk-Date, the canonical URI/query/request, string to sign and
// HMAC. Input: "METHOD TARGET\n" then header lines "Name: value\n", an empty line, the body.
// Properties: no crash; when the request canonicalises, its own signature verifies and a
// signature with one flipped character does not (the compare is crypto::constant_time_equal).
#include "api/auth/sdk_signature.hpp"
#include "api/auth/signed_request_authenticator.hpp"
#include "crypto/digest.hpp"
#include "tests/fuzz/fuzz_check.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using peeringd::fuzz::check;
namespace auth = peeringd::api::auth;

namespace {

std::string_view next_line(std::string_view& rest) {
    const auto nl = rest.find('\n');
    const auto line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    const auto request_line = next_line(rest);
    const auto space = request_line.find(' ');
    if (space == std::string_view::npos) return 0;
    const auto method = request_line.substr(0, space);
    const auto target = request_line.substr(space + 1);
    std::vector<auth::HeaderLine> headers;
    std::string authorization, sdk_date;
    for (auto line = next_line(rest); !line.empty(); line = next_line(rest)) {
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string value(line.substr(colon + 1));
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        headers.emplace_back(std::string(line.substr(0, colon)), value);
        if (headers.back().first == "Authorization") authorization = value;
        if (headers.back().first == "X-Sdk-Date") sdk_date = value;
    }
    (void)auth::parse_sdk_date(sdk_date);
    (void)auth::canonical_uri(target.substr(0, target.find('?')));
    if (const auto q = target.find('?'); q != std::string_view::npos) (void)auth::canonical_query(target.substr(q + 1));
    const auto header = auth::parse_authorization(authorization);
    if (!header) return 0;
    const auto payload_hash = peeringd::crypto::sha256_hex(rest);
    const auto canonical = auth::canonical_request({method, target, &headers, &header->signed_headers, payload_hash});
    if (!canonical) return 0;
    const std::string secret = "fuzz-secret-key";
    const auto expected = auth::sign(secret, auth::string_to_sign(sdk_date, *canonical));
    check(peeringd::crypto::constant_time_equal(expected, auth::sign(secret, auth::string_to_sign(sdk_date, *canonical))),
          "signing is deterministic");
    std::string tampered = expected;
    tampered[0] = tampered[0] == '0' ? '1' : '0';
    check(!peeringd::crypto::constant_time_equal(tampered, expected), "a changed signature never verifies");
    (void)peeringd::crypto::constant_time_equal(header->signature, expected);
    return 0;
}
