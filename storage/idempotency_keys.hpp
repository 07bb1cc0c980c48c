#pragma once
/// The idempotency_keys table (migration 0006, docs/API.md): which create a project's
/// Idempotency-Key stands for. Free functions on the caller's connection, called by the
/// repository inside the create's own transaction.

#include "domain/timestamp.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace peeringd::storage::sql {
class Session;
class Statement;
}  // namespace peeringd::storage::sql

namespace peeringd::storage {

class StatementCache;

/// A create that carries an Idempotency-Key: the key as sent and the hash of the body bytes.
struct IdempotentCreate {
    std::string key;
    std::string request_hash;
};

/// What a remembered key stands for.
struct RememberedCreate {
    std::string request_hash;
    std::string peering_id;
};

/// The live row of (project, key): created at or after `not_before`; older rows are expired
/// even before the pruning sweep deletes them.
std::optional<RememberedCreate> find_idempotency_key(StatementCache& sql, const std::string& project,
                                                     const std::string& key, domain::Timestamp not_before);

/// Records the key for `peering_id`, replacing an expired row of the same key.
void remember_idempotency_key(StatementCache& sql, const std::string& project, const IdempotentCreate& key,
                              const std::string& peering_id, domain::Timestamp now);

/// Deletes at most `batch` rows created before `cutoff`, oldest first; returns how many.
std::size_t prune_idempotency_keys(sql::Session& db, domain::Timestamp cutoff, std::size_t batch);

}  // namespace peeringd::storage
