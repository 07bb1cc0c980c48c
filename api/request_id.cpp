#include "api/request_id.hpp"

#include <array>
#include <cstdint>
#include <random>

namespace peeringd::api {
namespace {

using Bytes = std::array<std::uint8_t, 16>;

/// One generator per thread: no locking on the hot path, and random_device seeds each with
/// 256 bits so ids of different threads and restarts do not collide.
std::mt19937_64& generator() {
    thread_local std::mt19937_64 engine = [] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device(),
                           device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }();
    return engine;
}

Bytes random_bytes() {
    Bytes out{};
    for (std::size_t i = 0; i < out.size(); i += 8) {
        std::uint64_t word = generator()();
        for (std::size_t j = 0; j < 8; ++j) {
            out[i + j] = static_cast<std::uint8_t>(word & 0xffU);
            word >>= 8;
        }
    }
    return out;
}

void append_hex(std::string& out, std::uint8_t byte) {
    constexpr char kDigits[] = "0123456789abcdef";
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0x0fU]);
}

}  // namespace

std::string new_request_id() {
    std::string out;
    out.reserve(32);
    for (const auto byte : random_bytes()) append_hex(out, byte);
    return out;
}

std::string new_uuid4() {
    Bytes bytes = random_bytes();
    bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0fU) | 0x40U);  // version 4
    bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3fU) | 0x80U);  // RFC 4122 variant
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        append_hex(out, bytes[i]);
    }
    return out;
}

}  // namespace peeringd::api
