#pragma once
/// Verified credentials kept in memory for a short time, so that a busy client costs one
/// database read (and, for an AK, one AES-GCM open) per TTL instead of per request. Only
/// successful lookups are kept: a new credential works on its first request, and a failure is
/// never remembered. A revocation (peeringctl, another process) takes effect within the TTL;
/// a token's own expiry is still checked on every request. Bounded: when full, expired entries
/// are dropped, and if that is not enough, all of them (the next requests refill it).
/// Thread-safe; the io threads share one instance.

#include "domain/timestamp.hpp"
#include "storage/credential_repository.hpp"

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace peeringd::api::auth {

class CredentialCache {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds kDefaultTtl{2000};
    static constexpr std::size_t kDefaultCapacity = 4096;

    /// ttl zero disables the cache (every lookup misses, nothing is kept).
    explicit CredentialCache(Clock::duration ttl = kDefaultTtl, std::size_t capacity = kDefaultCapacity);

    std::optional<storage::SigningKey> signing_key(const std::string& access_key, Clock::time_point now);
    void keep_signing_key(const std::string& access_key, const storage::SigningKey& key, Clock::time_point now);

    /// `token_hash` is the token's SHA-256 (the raw token is never a key); `at` is the request's
    /// time on the daemon's clock, checked against the token's own expiry.
    std::optional<storage::TokenGrant> token(const std::string& token_hash, Clock::time_point now,
                                             domain::Timestamp at);
    void keep_token(const std::string& token_hash, const storage::TokenGrant& grant, Clock::time_point now);

    std::size_t size() const;

private:
    template <class V>
    struct Entry {
        V value;
        Clock::time_point stale_at;
    };
    /// Makes room for one more entry; mutex_ held.
    void make_room(Clock::time_point now);

    Clock::duration ttl_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Entry<storage::SigningKey>> keys_;
    std::unordered_map<std::string, Entry<storage::TokenGrant>> tokens_;
};

}  // namespace peeringd::api::auth
