#pragma once
/// Production authentication (spec §2.1, §10 Q20): an AK/SK signature made the way the Huawei
/// SDKs make it, or an X-Auth-Token bearer token issued by peeringctl. Credentials are looked up
/// on a read-only database connection and kept in a CredentialCache for a short TTL (2 s by
/// default): a created credential works on its first request, a revoked one stops working
/// within the TTL.

#include "api/auth/credential_cache.hpp"
#include "api/authenticator.hpp"
#include "domain/timestamp.hpp"
#include "storage/db_worker.hpp"

#include <chrono>

namespace peeringd::api::auth {

class SignedRequestAuthenticator final : public Authenticator {
public:
    SignedRequestAuthenticator(storage::DbWorker& db, const domain::Clock& clock,
                               std::chrono::milliseconds cache_ttl = CredentialCache::kDefaultTtl,
                               std::chrono::seconds max_clock_skew = std::chrono::minutes(15));

    boost::asio::awaitable<domain::Result<Identity>> authenticate(const Request& request) const override;

private:
    boost::asio::awaitable<domain::Result<Identity>> by_signature(const Request& request) const;
    boost::asio::awaitable<domain::Result<Identity>> by_token(const Request& request) const;

    storage::DbWorker& db_;
    const domain::Clock& clock_;
    std::chrono::seconds max_clock_skew_;
    mutable CredentialCache cache_;
};

/// Parses X-Sdk-Date ("yyyyMMddTHHmmssZ", UTC).
std::optional<domain::Timestamp> parse_sdk_date(std::string_view text);

}  // namespace peeringd::api::auth
