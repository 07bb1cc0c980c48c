#pragma once
/// The SDK-HMAC-SHA256 request signature of the Huawei Cloud SDKs (spec §2.1), computed from
/// the request as received. Pure functions: no clock, no credential store.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace peeringd::api::auth {

inline constexpr std::string_view kAlgorithm = "SDK-HMAC-SHA256";

/// `Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b;c, Signature=hex`
struct SignatureHeader {
    std::string access_key;
    std::vector<std::string> signed_headers;  ///< lowercase, in the client's order
    std::string signature;
};

std::optional<SignatureHeader> parse_authorization(std::string_view value);

/// Percent-encodes every byte except A-Z a-z 0-9 - _ . ~ (uppercase hex), as the SDKs do.
std::string sdk_escape(std::string_view bytes);

/// Decodes %XX (and '+' as a space when `plus_is_space`); nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

/// Each path segment decoded and re-escaped; a '/' appended when missing.
std::optional<std::string> canonical_uri(std::string_view raw_path);

/// Query decoded, keys and values re-escaped, sorted by key then value, joined with '&'.
std::optional<std::string> canonical_query(std::string_view raw_query);

/// One header as received (name in any case).
using HeaderLine = std::pair<std::string, std::string>;

struct CanonicalInput {
    std::string_view method;
    std::string_view raw_target;  ///< path and query as on the request line
    const std::vector<HeaderLine>* headers;
    const std::vector<std::string>* signed_headers;
    std::string_view payload_hash;  ///< hex SHA-256 of the body
};

/// The canonical request; nullopt when the target cannot be decoded or a signed header is
/// missing.
std::optional<std::string> canonical_request(const CanonicalInput& input);

/// "SDK-HMAC-SHA256\n<date>\n<hex sha256(canonical request)>"
std::string string_to_sign(std::string_view sdk_date, std::string_view canonical);

/// hex HMAC-SHA256(secret, string_to_sign)
std::string sign(std::string_view secret_key, std::string_view string_to_sign);

}  // namespace peeringd::api::auth
