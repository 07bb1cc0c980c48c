// The in-memory cache of verified credentials, on fabricated instants (no clock is read).
#include "api/auth/credential_cache.hpp"

#include "domain/timestamp.hpp"

#include <gtest/gtest.h>

#include <string>

namespace peeringd::api::auth {
namespace {

using namespace std::chrono_literals;
using Clock = CredentialCache::Clock;

const Clock::time_point kT0{};
const domain::Timestamp kNow = domain::parse_timestamp("2026-03-14T08:00:00").value();

storage::SigningKey key(const std::string& project) { return {project, false, "secret-" + project}; }

storage::TokenGrant grant(const std::string& id, domain::Timestamp expires_at) {
    return {id, "project-" + id, true, expires_at};
}

TEST(CredentialCache, KeepsAVerifiedKeyForTheTtlOnly) {
    CredentialCache cache{2s};
    EXPECT_FALSE(cache.signing_key("AK1", kT0).has_value());
    cache.keep_signing_key("AK1", key("p1"), kT0);

    const auto hit = cache.signing_key("AK1", kT0 + 1999ms);
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ(hit->project_id, "p1");
    EXPECT_EQ(hit->secret_key, "secret-p1");
    EXPECT_FALSE(cache.signing_key("AK1", kT0 + 2s).has_value()) << "a revocation shows after the TTL";
    EXPECT_FALSE(cache.signing_key("AK2", kT0).has_value());
}

TEST(CredentialCache, ATokenStopsAtItsOwnExpiryEvenWhenCached) {
    CredentialCache cache{2s};
    cache.keep_token("hash-1", grant("t1", kNow + 1s), kT0);

    ASSERT_TRUE(cache.token("hash-1", kT0, kNow).has_value());
    EXPECT_EQ(cache.token("hash-1", kT0, kNow)->token_id, "t1");
    EXPECT_FALSE(cache.token("hash-1", kT0 + 1s, kNow + 1s).has_value());
    EXPECT_FALSE(cache.token("hash-1", kT0 + 2s, kNow).has_value());
}

TEST(CredentialCache, StaysWithinItsCapacity) {
    CredentialCache cache{2s, 3};
    for (int i = 0; i < 3; ++i) cache.keep_signing_key("AK" + std::to_string(i), key("p"), kT0);
    EXPECT_EQ(cache.size(), 3U);
    // Full of live entries: it starts over rather than grow.
    cache.keep_token("hash", grant("t", kNow + 1h), kT0 + 1s);
    EXPECT_LE(cache.size(), 3U);
    EXPECT_TRUE(cache.token("hash", kT0 + 1s, kNow).has_value());
    // Full again later: the stale entries make the room, the live one stays.
    cache.keep_signing_key("AK8", key("p"), kT0 + 1s);
    cache.keep_signing_key("AK9", key("p"), kT0 + 2500ms);
    EXPECT_EQ(cache.size(), 3U);
    cache.keep_signing_key("AK10", key("p"), kT0 + 3s);
    EXPECT_EQ(cache.size(), 2U);
    EXPECT_TRUE(cache.signing_key("AK9", kT0 + 3s).has_value());
    EXPECT_TRUE(cache.signing_key("AK10", kT0 + 3s).has_value());
}

TEST(CredentialCache, ZeroTtlKeepsNothing) {
    CredentialCache cache{0s};
    cache.keep_signing_key("AK1", key("p1"), kT0);
    cache.keep_token("hash-1", grant("t1", kNow + 1h), kT0);
    EXPECT_EQ(cache.size(), 0U);
    EXPECT_FALSE(cache.signing_key("AK1", kT0).has_value());
}

}  // namespace
}  // namespace peeringd::api::auth
