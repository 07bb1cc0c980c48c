#include "domain/validation.hpp"

#include "domain/untrusted_text.hpp"

#include <algorithm>

namespace peeringd::domain {
namespace {

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool has_control_character(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

Error invalid_input(std::string_view attribute, std::string_view value, std::string_view reason) {
    return bad_request("Invalid input for " + std::string(attribute) + ". Reason: '" + echo(value) +
                       "' " + std::string(reason) + ".");
}

}  // namespace

Error bad_request(std::string message) { return Error{ErrorCode::bad_request, std::move(message)}; }

std::size_t count_code_points(std::string_view utf8) {
    // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
    return static_cast<std::size_t>(
        std::count_if(utf8.begin(), utf8.end(), [](char c) { return !is_continuation_byte(c); }));
}

std::optional<std::string> canonical_uuid(std::string_view text) {
    std::string hex;
    if (text.size() == 36) {
        for (std::size_t i = 0; i < text.size(); ++i) {
            const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash_position != (text[i] == '-')) return std::nullopt;
            if (!dash_position) hex.push_back(text[i]);
        }
    } else if (text.size() == 32) {
        hex = std::string(text);
    } else {
        return std::nullopt;
    }
    if (!std::all_of(hex.begin(), hex.end(), is_hex)) return std::nullopt;
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < hex.size(); ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) out.push_back('-');
        out.push_back(lower(hex[i]));
    }
    return out;
}

Result<std::string> parse_vpc_id(std::string_view text, std::string_view attribute) {
    if (auto id = canonical_uuid(text)) return *id;
    return invalid_input(attribute, text, "is not a valid UUID");
}

Result<void> validate_name(std::string_view name) {
    const auto length = count_code_points(name);
    if (length == 0) return invalid_input("name", name, "must not be empty");
    if (length > kMaxNameLength) return invalid_input("name", name, "exceeds maximum length of 64");
    if (has_control_character(name))
        return invalid_input("name", name, "must not contain control characters");
    return {};
}

Result<void> validate_description(std::string_view description) {
    if (count_code_points(description) > kMaxDescriptionLength)
        return invalid_input("description", description, "exceeds maximum length of 255");
    if (description.find_first_of("<>") != std::string_view::npos)
        return invalid_input("description", description, "must not contain '<' or '>'");
    if (has_control_character(description))
        return invalid_input("description", description, "must not contain control characters");
    return {};
}

Result<void> validate_tenant_id(std::string_view tenant_id, std::string_view attribute) {
    const bool ok = !tenant_id.empty() && tenant_id.size() <= kMaxTenantIdLength &&
                    std::all_of(tenant_id.begin(), tenant_id.end(), [](char c) {
                        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                               (c >= 'A' && c <= 'Z') || c == '-';
                    });
    if (!ok) return invalid_input(attribute, tenant_id, "is not a valid tenant id");
    return {};
}

}  // namespace peeringd::domain
