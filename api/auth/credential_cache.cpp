#include "api/auth/credential_cache.hpp"

#include <iterator>

namespace peeringd::api::auth {
namespace {

template <class Map>
void drop_stale(Map& map, CredentialCache::Clock::time_point now) {
    for (auto it = map.begin(); it != map.end();) it = it->second.stale_at <= now ? map.erase(it) : std::next(it);
}

}  // namespace

CredentialCache::CredentialCache(Clock::duration ttl, std::size_t capacity) : ttl_(ttl), capacity_(capacity) {}

std::optional<storage::SigningKey> CredentialCache::signing_key(const std::string& access_key,
                                                                Clock::time_point now) {
    const std::lock_guard lock{mutex_};
    const auto it = keys_.find(access_key);
    if (it == keys_.end() || it->second.stale_at <= now) return std::nullopt;
    return it->second.value;
}

void CredentialCache::keep_signing_key(const std::string& access_key, const storage::SigningKey& key,
                                       Clock::time_point now) {
    if (ttl_ <= Clock::duration::zero() || capacity_ == 0) return;
    const std::lock_guard lock{mutex_};
    make_room(now);
    keys_.insert_or_assign(access_key, Entry<storage::SigningKey>{key, now + ttl_});
}

std::optional<storage::TokenGrant> CredentialCache::token(const std::string& token_hash, Clock::time_point now,
                                                          domain::Timestamp at) {
    const std::lock_guard lock{mutex_};
    const auto it = tokens_.find(token_hash);
    if (it == tokens_.end() || it->second.stale_at <= now || it->second.value.expires_at <= at) return std::nullopt;
    return it->second.value;
}

void CredentialCache::keep_token(const std::string& token_hash, const storage::TokenGrant& grant,
                                 Clock::time_point now) {
    if (ttl_ <= Clock::duration::zero() || capacity_ == 0) return;
    const std::lock_guard lock{mutex_};
    make_room(now);
    tokens_.insert_or_assign(token_hash, Entry<storage::TokenGrant>{grant, now + ttl_});
}

std::size_t CredentialCache::size() const {
    const std::lock_guard lock{mutex_};
    return keys_.size() + tokens_.size();
}

void CredentialCache::make_room(Clock::time_point now) {
    if (keys_.size() + tokens_.size() < capacity_) return;
    drop_stale(keys_, now);
    drop_stale(tokens_, now);
    if (keys_.size() + tokens_.size() < capacity_) return;
    keys_.clear();
    tokens_.clear();
}

}  // namespace peeringd::api::auth
