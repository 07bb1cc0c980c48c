#pragma once
/// Request-body JSON parsing that is stricter than boost::json::parse: duplicate keys, nesting
/// deeper than kMaxJsonDepth and non-finite numbers (1e400) are errors, not silently accepted.

#include <boost/json/value.hpp>

#include <cstddef>
#include <optional>
#include <string_view>

namespace peeringd::api::json {

/// Deepest accepted nesting of arrays/objects (RELIABILITY §4); a create body needs 3.
inline constexpr std::size_t kMaxJsonDepth = 8;

/// Why a body was refused; the client only ever sees E1, the reason is for tests.
enum class ParseFailure { syntax, too_deep, duplicate_key, non_finite_number };

struct StrictParseResult {
    std::optional<boost::json::value> value;
    ParseFailure failure = ParseFailure::syntax;  ///< meaningful only when !value
};

/// One complete JSON document (RFC 8259, valid UTF-8, no comments, no trailing data).
StrictParseResult strict_parse(std::string_view text);

}  // namespace peeringd::api::json
