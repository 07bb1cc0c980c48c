#pragma once
/// Quoting client input back in error messages without letting the body grow with it.

#include <cstddef>
#include <string>
#include <string_view>

namespace peeringd::api {

/// Longest echoed value, in bytes; longer input is cut and marked with "...". Same bound as
/// the domain validators use, so every echoed value looks alike.
inline constexpr std::size_t kMaxEcho = 80;

/// `value` cut to kMaxEcho bytes, never inside a UTF-8 sequence (the error body must stay valid
/// UTF-8 for the JSON serializer).
inline std::string echo(std::string_view value) {
    if (value.size() <= kMaxEcho) return std::string(value);
    std::size_t cut = kMaxEcho;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0U) == 0x80U) --cut;
    return std::string(value.substr(0, cut)) + "...";
}

}  // namespace peeringd::api
