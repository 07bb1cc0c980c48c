#include "api/idempotency_key.hpp"

#include "crypto/digest.hpp"

#include <algorithm>
#include <iterator>

namespace peeringd::api {

domain::Result<std::optional<storage::IdempotentCreate>> idempotency_key_of(const Request& request) {
    const auto [first, last] = request.equal_range("Idempotency-Key");
    if (first == last) return std::optional<storage::IdempotentCreate>{};
    const auto invalid = [](const char* why) {
        return domain::Error{domain::ErrorCode::bad_request, std::string("Invalid Idempotency-Key header: ") + why};
    };
    // Two keys could each be replayed against a different create: refuse the ambiguity.
    if (std::next(first) != last) return invalid("sent more than once.");
    const auto value = first->value();
    if (value.empty() || value.size() > kMaxIdempotencyKeyLength)
        return invalid("it must have 1 to 255 characters.");
    if (!std::all_of(value.begin(), value.end(), [](char c) { return c >= 0x21 && c <= 0x7e; }))
        return invalid("only visible ASCII characters are allowed.");
    // Same key, same bytes: a retry. Hashing the bytes (not the parsed command) keeps "the same
    // request" a question the client can answer without knowing our canonical form.
    return std::optional<storage::IdempotentCreate>{
        storage::IdempotentCreate{std::string(value), crypto::sha256_hex(request.body())}};
}

}  // namespace peeringd::api
