#pragma once
/// AK/SK credentials and bearer tokens (migration 0002). The daemon only looks them up; the
/// admin tool (peeringctl) creates, lists and revokes them. Secrets leave this class only as
/// the one-time result of a create, or decrypted in memory for signature checks.

#include "crypto/secret_box.hpp"
#include "domain/timestamp.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace peeringd::storage::sql {
class Session;
class Statement;
}  // namespace peeringd::storage::sql

namespace peeringd::storage {

using domain::Timestamp;

/// What a listing shows: never a secret.
struct CredentialInfo {
    std::string access_key;
    std::string project_id;
    bool admin = false;
    std::string created_at;
    std::optional<std::string> revoked_at;
};

struct TokenInfo {
    std::string token_id;
    std::string project_id;
    bool admin = false;
    std::string created_at;
    std::string expires_at;
    std::optional<std::string> revoked_at;
};

/// The one-time answer of a create; the caller prints it once and forgets it.
struct IssuedCredential {
    std::string access_key;
    std::string secret_key;
    std::string project_id;
    bool admin = false;
};

struct IssuedToken {
    std::string token_id;
    std::string token;
    std::string project_id;
    bool admin = false;
    std::string expires_at;
};

/// A live credential as the verifier needs it.
struct SigningKey {
    std::string project_id;
    bool admin = false;
    std::string secret_key;
};

struct TokenGrant {
    std::string token_id;
    std::string project_id;
    bool admin = false;
    Timestamp expires_at{};  ///< lets a cache keep honouring the expiry
};

class CredentialRepository {
public:
    /// `secrets` may be null for a connection that never touches SKs (then signing_key and
    /// create_credential throw).
    CredentialRepository(sql::Session& db, const crypto::SecretBox* secrets);

    /// The live (not revoked) credential for `access_key`, with its SK decrypted; nullopt if
    /// unknown, revoked, or its ciphertext does not open under the current key.
    std::optional<SigningKey> signing_key(std::string_view access_key);
    /// The live, unexpired token; nullopt otherwise.
    std::optional<TokenGrant> token(std::string_view token, Timestamp now);

    IssuedCredential create_credential(const std::string& project, bool admin, Timestamp now);
    std::vector<CredentialInfo> list_credentials();
    /// false when no live credential has that AK.
    bool revoke_credential(std::string_view access_key, Timestamp now);

    IssuedToken create_token(const std::string& project, bool admin, std::chrono::seconds ttl, Timestamp now);
    std::vector<TokenInfo> list_tokens();
    bool revoke_token(std::string_view token_id, Timestamp now);

private:
    sql::Session& db_;
    const crypto::SecretBox* secrets_;
};

}  // namespace peeringd::storage
