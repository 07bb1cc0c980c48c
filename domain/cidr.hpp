#pragma once
/// IPv4 CIDR blocks (a.b.c.d/n) of the registries and CS routes. Pure parsing, no I/O.

#include "domain/error.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace peeringd::domain {

struct Ipv4Cidr {
    std::uint32_t network = 0;  ///< host byte order; host bits are always zero
    unsigned prefix = 0;        ///< 0..32
};

/// Strict dotted-quad CIDR: four decimal octets 0-255 without leading zeros (an octal reading
/// of "010" would be ambiguous), '/', a prefix 0-32 without leading zeros. Host bits must be
/// zero ("10.0.0.1/8" is refused, not silently truncated): a registry entry or a route names a
/// network, and a typo in it should be reported, not guessed. Failure is E6 naming `attribute`.
Result<Ipv4Cidr> parse_ipv4_cidr(std::string_view text, std::string_view attribute);

/// "a.b.c.d/n", the form parse_ipv4_cidr accepts and storage keeps.
std::string to_string(const Ipv4Cidr& cidr);

/// True when every address of `inner` lies in `outer`.
bool contains(const Ipv4Cidr& outer, const Ipv4Cidr& inner);

}  // namespace peeringd::domain
