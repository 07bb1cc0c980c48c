#include "domain/cidr.hpp"

#include "domain/untrusted_text.hpp"
#include "domain/validation.hpp"

#include <optional>

namespace peeringd::domain {
namespace {

/// Longest input worth echoing in the message ("255.255.255.255/32" is 18 characters).
constexpr std::size_t kMaxCidrEcho = 40;

/// A decimal number in [0, max] with no sign and no leading zero; nullopt otherwise.
std::optional<std::uint32_t> decimal(std::string_view text, std::uint32_t max) {
    if (text.empty() || text.size() > 3 || (text.size() > 1 && text.front() == '0'))
        return std::nullopt;
    std::uint32_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<std::uint32_t>(c - '0');
    }
    if (value > max) return std::nullopt;
    return value;
}

std::uint32_t mask_of(unsigned prefix) {
    return prefix == 0 ? 0U : ~std::uint32_t{0} << (32U - prefix);
}

Error invalid(std::string_view text, std::string_view attribute, std::string_view why) {
    return bad_request("Invalid input for " + std::string(attribute) + ". Reason: '" +
                       echo(text, kMaxCidrEcho) + "' is not a valid CIDR" + std::string(why) + ".");
}

}  // namespace

Result<Ipv4Cidr> parse_ipv4_cidr(std::string_view text, std::string_view attribute) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) return invalid(text, attribute, "");
    const auto prefix = decimal(text.substr(slash + 1), 32);
    if (!prefix) return invalid(text, attribute, "");
    std::string_view address = text.substr(0, slash);
    std::uint32_t network = 0;
    for (int octet = 0; octet < 4; ++octet) {
        const auto dot = address.find('.');
        if ((octet < 3) == (dot == std::string_view::npos)) return invalid(text, attribute, "");
        const auto value = decimal(address.substr(0, dot), 255);
        if (!value) return invalid(text, attribute, "");
        network = (network << 8U) | *value;
        address = octet < 3 ? address.substr(dot + 1) : std::string_view{};
    }
    if ((network & ~mask_of(*prefix)) != 0)
        return invalid(text, attribute, " (host bits are set)");
    return Ipv4Cidr{network, *prefix};
}

std::string to_string(const Ipv4Cidr& cidr) {
    std::string out;
    for (unsigned shift = 24;; shift -= 8) {
        out += std::to_string((cidr.network >> shift) & 0xFFU);
        if (shift == 0) break;
        out += '.';
    }
    return out + "/" + std::to_string(cidr.prefix);
}

bool contains(const Ipv4Cidr& outer, const Ipv4Cidr& inner) {
    return inner.prefix >= outer.prefix && (inner.network & mask_of(outer.prefix)) == outer.network;
}

}  // namespace peeringd::domain
