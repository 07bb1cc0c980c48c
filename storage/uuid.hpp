#pragma once

#include <string>

namespace peeringd::storage {

/// A time-ordered (version 7, RFC 9562) UUID in canonical lowercase form (spec §1.1 and
/// docs/API.md): 48 bits of Unix milliseconds, then 74 bits from OpenSSL's CSPRNG.
std::string new_uuid();

}  // namespace peeringd::storage
