#include "storage/credential_repository.hpp"
#include "storage/sql/session.hpp"

#include "crypto/digest.hpp"
#include "storage/sql/transaction.hpp"


#include <stdexcept>

namespace peeringd::storage {
namespace {

/// Uniform random characters from `alphabet` (rejection sampling: no modulo bias).
std::string random_text(std::size_t length, std::string_view alphabet) {
    std::string out;
    const auto limit = 256 - (256 % alphabet.size());
    while (out.size() < length) {
        for (const char c : crypto::random_bytes(length)) {
            const auto b = static_cast<unsigned char>(c);
            if (b < limit && out.size() < length) out.push_back(alphabet[b % alphabet.size()]);
        }
    }
    return out;
}

constexpr std::string_view kUpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::string_view kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

std::optional<std::string> optional_text(sql::Statement& s, int column) {
    if (s.getColumn(column).isNull()) return std::nullopt;
    return s.getColumn(column).getString();
}

}  // namespace

CredentialRepository::CredentialRepository(sql::Session& db, const crypto::SecretBox* secrets)
    : db_(db), secrets_(secrets) {}

std::optional<SigningKey> CredentialRepository::signing_key(std::string_view access_key) {
    if (secrets_ == nullptr) throw std::logic_error("no secret key loaded");
    auto q_owner = db_.prepare("SELECT project_id, is_admin, secret_encrypted FROM credentials "
        "WHERE access_key = ? AND revoked_at IS NULL");
    sql::Statement& q = *q_owner;
    q.bind(1, std::string(access_key));
    if (!q.executeStep()) return std::nullopt;
    const auto blob = q.getColumn(2).getBlob();
    const std::string sealed(blob.begin(), blob.end());
    auto secret = secrets_->open(sealed, access_key);
    if (!secret) return std::nullopt;
    return SigningKey{q.getColumn(0).getString(), q.getColumn(1).getInt() != 0, std::move(*secret)};
}

std::optional<TokenGrant> CredentialRepository::token(std::string_view token, Timestamp now) {
    auto q_owner = db_.prepare("SELECT token_id, project_id, is_admin, expires_at FROM tokens WHERE token_hash = ? "
        "AND revoked_at IS NULL AND expires_at > ?");
    sql::Statement& q = *q_owner;
    q.bind(1, crypto::sha256_hex(token));
    q.bind(2, domain::format_timestamp(now));
    if (!q.executeStep()) return std::nullopt;
    // expires_at was written by format_timestamp; an unparsable one (hand-edited) is expired.
    const auto expires_at = domain::parse_timestamp(q.getColumn(3).getString());
    if (!expires_at) return std::nullopt;
    return TokenGrant{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt() != 0,
                      *expires_at};
}

IssuedCredential CredentialRepository::create_credential(const std::string& project, bool admin, Timestamp now) {
    if (secrets_ == nullptr) throw std::logic_error("no secret key loaded");
    // The shapes of Huawei Cloud keys: a 20-character AK and a 40-character SK.
    IssuedCredential issued{random_text(20, kUpperAlnum), random_text(40, kAlnum), project, admin};
    const auto sealed = secrets_->seal(issued.secret_key, issued.access_key);
    sql::Savepoint tx{db_, "use_case"};
    auto insert_owner = db_.prepare("INSERT INTO credentials (access_key, project_id, is_admin, "
        "secret_encrypted, created_at) VALUES (?, ?, ?, ?, ?)");
    sql::Statement& insert = *insert_owner;
    insert.bind(1, issued.access_key);
    insert.bind(2, project);
    insert.bind(3, admin ? 1 : 0);
    insert.bind_blob(4, sealed.data(), sealed.size());
    insert.bind(5, domain::format_timestamp(now));
    insert.exec();
    tx.release();
    return issued;
}

std::vector<CredentialInfo> CredentialRepository::list_credentials() {
    auto q_owner = db_.prepare("SELECT access_key, project_id, is_admin, created_at, revoked_at FROM credentials "
        "ORDER BY created_at, access_key");
    sql::Statement& q = *q_owner;
    std::vector<CredentialInfo> out;
    while (q.executeStep())
        out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt() != 0,
                       q.getColumn(3).getString(), optional_text(q, 4)});
    return out;
}

bool CredentialRepository::revoke_credential(std::string_view access_key, Timestamp now) {
    sql::Savepoint tx{db_, "use_case"};
    auto update_owner = db_.prepare("UPDATE credentials SET revoked_at = ? WHERE access_key = ? AND revoked_at IS NULL");
    sql::Statement& update = *update_owner;
    update.bind(1, domain::format_timestamp(now));
    update.bind(2, std::string(access_key));
    const bool changed = update.exec() == 1;
    tx.release();
    return changed;
}

IssuedToken CredentialRepository::create_token(const std::string& project, bool admin, std::chrono::seconds ttl,
                                               Timestamp now) {
    IssuedToken issued{"tok-" + crypto::to_hex(crypto::random_bytes(6)),
                       "pdt_" + crypto::to_hex(crypto::random_bytes(32)), project, admin,
                       domain::format_timestamp(now + ttl)};
    sql::Savepoint tx{db_, "use_case"};
    auto insert_owner = db_.prepare("INSERT INTO tokens (token_id, token_hash, project_id, is_admin, created_at, "
        "expires_at) VALUES (?, ?, ?, ?, ?, ?)");
    sql::Statement& insert = *insert_owner;
    insert.bind(1, issued.token_id);
    insert.bind(2, crypto::sha256_hex(issued.token));
    insert.bind(3, project);
    insert.bind(4, admin ? 1 : 0);
    insert.bind(5, domain::format_timestamp(now));
    insert.bind(6, issued.expires_at);
    insert.exec();
    tx.release();
    return issued;
}

std::vector<TokenInfo> CredentialRepository::list_tokens() {
    auto q_owner = db_.prepare("SELECT token_id, project_id, is_admin, created_at, expires_at, revoked_at FROM tokens "
        "ORDER BY created_at, token_id");
    sql::Statement& q = *q_owner;
    std::vector<TokenInfo> out;
    while (q.executeStep())
        out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt() != 0,
                       q.getColumn(3).getString(), q.getColumn(4).getString(), optional_text(q, 5)});
    return out;
}

bool CredentialRepository::revoke_token(std::string_view token_id, Timestamp now) {
    sql::Savepoint tx{db_, "use_case"};
    auto update_owner = db_.prepare("UPDATE tokens SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL");
    sql::Statement& update = *update_owner;
    update.bind(1, domain::format_timestamp(now));
    update.bind(2, std::string(token_id));
    const bool changed = update.exec() == 1;
    tx.release();
    return changed;
}

}  // namespace peeringd::storage
