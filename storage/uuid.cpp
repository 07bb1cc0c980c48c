#include "storage/uuid.hpp"

#include "crypto/digest.hpp"

#include <chrono>
#include <cstdint>

namespace peeringd::storage {

std::string new_uuid() {
    // Time-ordered ids put each batch of creates on the rightmost pages of the primary key and
    // of every (…, id) index instead of on a random page each, which roughly halves the pages a
    // group commit writes. The 74 random bits still make ids of other projects unguessable
    // (they are secrets: a non-party gets 404); the prefix reveals only the creation time.
    std::string bytes = crypto::random_bytes(16);
    const auto ms = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count());
    for (std::size_t i = 0; i < 6; ++i) bytes[i] = static_cast<char>(ms >> (8 * (5 - i)));
    bytes[6] = static_cast<char>((bytes[6] & 0x0F) | 0x70);  // version 7
    bytes[8] = static_cast<char>((bytes[8] & 0x3F) | 0x80);  // RFC 9562 variant
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        const auto b = static_cast<unsigned char>(bytes[i]);
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 0x0F]);
    }
    return out;
}

}  // namespace peeringd::storage
