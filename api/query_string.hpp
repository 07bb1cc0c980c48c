#pragma once
/// Splitting a request target into path and query, and the query into decoded parameters.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace peeringd::api {

/// One decoded `key=value` pair; order and repetitions are kept (repeated filters OR, §3.2).
using QueryParam = std::pair<std::string, std::string>;
using QueryParams = std::vector<QueryParam>;

struct Target {
    std::string_view path;   ///< raw, still percent-encoded
    std::string_view query;  ///< after '?', without it; empty when absent
};

Target split_target(std::string_view target);

/// Percent-decodes `text`; with `plus_is_space` a '+' becomes ' ' (form encoding, queries only).
/// A '%' not followed by two hex digits is kept literally rather than refused: the value is then
/// simply one that matches nothing.
std::string percent_decode(std::string_view text, bool plus_is_space);

/// Parses "a=1&b=&c" into {{"a","1"},{"b",""},{"c",""}}; empty pieces ("&&") are skipped.
QueryParams parse_query(std::string_view query);

/// Encodes everything except A-Z a-z 0-9 - _ . ~ as %XX (uppercase hex).
std::string percent_encode(std::string_view text);

/// "k=v&k2=v2" with both sides percent-encoded.
std::string format_query(const QueryParams& params);

}  // namespace peeringd::api
