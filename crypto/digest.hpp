#pragma once
/// Hashes, MACs and randomness from OpenSSL, in the hex spellings the wire formats use.

#include <cstddef>
#include <string>
#include <string_view>

namespace peeringd::crypto {

/// Lowercase hex of SHA-256(data).
std::string sha256_hex(std::string_view data);

/// Lowercase hex of HMAC-SHA256(key, data).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

/// Equality that takes the same time wherever the inputs differ (CRYPTO_memcmp), for secrets
/// and signatures.
bool constant_time_equal(std::string_view a, std::string_view b);

/// `count` bytes from the OS CSPRNG (RAND_bytes). Throws if the generator fails.
std::string random_bytes(std::size_t count);

/// Lowercase hex of arbitrary bytes.
std::string to_hex(std::string_view bytes);

}  // namespace peeringd::crypto
