#pragma once
/// Client-supplied text shown back to people: as a logfmt value in a log line, or quoted in an
/// error message. The one place that escapes such text and bounds its length, so that no header,
/// path segment or body value can start a new log line, forge a `key=value` field, or make a
/// line or an error body grow with the input.

#include <cstddef>
#include <string>
#include <string_view>

namespace peeringd::domain {

/// Longest logfmt value, in bytes of escaped text (quotes and marker not counted). Wide enough
/// for every id, route and SQLite message we log whole; a 3,000-byte hostile header is not.
inline constexpr std::size_t kMaxLogValue = 256;

/// Longest text echoed in an error message, in bytes of escaped text (marker not counted): the
/// start of a rejected value is enough to recognise it.
inline constexpr std::size_t kMaxEcho = 64;

/// `value` as one logfmt token: bare when it is plain, otherwise double-quoted with `"` and `\`
/// backslash-escaped and every control character, C1 control, U+2028/U+2029 and byte of broken
/// UTF-8 as \xNN. Longer than kMaxLogValue: cut at a character boundary and marked
/// `...[+N bytes]` (N bytes of input not shown). Empty becomes `-`; a literal "-" is quoted.
std::string log_value(std::string_view value);

/// `value` for an error message: the same control-character escaping (\xNN), other text as is,
/// cut to `max_bytes` at a character boundary and marked with "...". The result is always valid
/// UTF-8, as the JSON serializer of the error body requires.
std::string echo(std::string_view value, std::size_t max_bytes = kMaxEcho);

}  // namespace peeringd::domain
