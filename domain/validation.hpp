#pragma once
/// Field rules of spec §6.2-§6.3. Each failure carries the spec's message (E6/E7).

#include "domain/error.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace peeringd::domain {

inline constexpr std::size_t kMaxNameLength = 64;          ///< code points (§6.2)
inline constexpr std::size_t kMaxDescriptionLength = 255;  ///< code points (§6.2)
inline constexpr std::size_t kMaxTenantIdLength = 64;      ///< characters (§6.3)

/// Canonical lowercase 8-4-4-4-12 form of a UUID given with or without hyphens, any case;
/// nullopt when it is not one.
std::optional<std::string> canonical_uuid(std::string_view text);

/// Like canonical_uuid, but failing with E7's message naming `attribute`.
Result<std::string> parse_vpc_id(std::string_view text, std::string_view attribute);

Result<void> validate_name(std::string_view name);
Result<void> validate_description(std::string_view description);
/// `attribute` names the field in the message, e.g. "accept_vpc_info".
Result<void> validate_tenant_id(std::string_view tenant_id, std::string_view attribute);

/// Number of code points of well-formed UTF-8 (the JSON parser already rejected ill-formed input).
std::size_t count_code_points(std::string_view utf8);

/// Error helper for E1-E8 style messages.
Error bad_request(std::string message);

}  // namespace peeringd::domain
