#pragma once
/// The Idempotency-Key request header of the create endpoints (docs/API.md, extension).

#include "api/http_types.hpp"
#include "domain/error.hpp"
#include "storage/idempotency_keys.hpp"

#include <optional>

namespace peeringd::api {

/// Longest key accepted; a UUID (36) or a client's own request id fits with room to spare.
inline constexpr std::size_t kMaxIdempotencyKeyLength = 255;

/// nullopt without the header; the key with the SHA-256 of the body bytes when it is 1..255
/// visible ASCII characters (0x21-0x7E); E1 (400) when it is empty, longer, repeated or holds
/// anything else.
domain::Result<std::optional<storage::IdempotentCreate>> idempotency_key_of(const Request& request);

}  // namespace peeringd::api
