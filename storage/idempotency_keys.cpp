#include "storage/idempotency_keys.hpp"
#include "storage/sql/session.hpp"

#include "storage/statement_cache.hpp"


#include <cstdint>

namespace peeringd::storage {

std::optional<RememberedCreate> find_idempotency_key(StatementCache& sql, const std::string& project,
                                                     const std::string& key, domain::Timestamp not_before) {
    auto select = sql.prepare(
        "SELECT request_hash, peering_id FROM idempotency_keys "
        "WHERE project = ? AND key = ? AND created_at >= ?");
    select->bind(1, project);
    select->bind(2, key);
    select->bind(3, domain::format_timestamp(not_before));
    if (!select->executeStep()) return std::nullopt;
    return RememberedCreate{select->getColumn(0).getString(), select->getColumn(1).getString()};
}

void remember_idempotency_key(StatementCache& sql, const std::string& project, const IdempotentCreate& key,
                              const std::string& peering_id, domain::Timestamp now) {
    auto insert = sql.prepare(
        "INSERT INTO idempotency_keys "
        "(project, key, request_hash, peering_id, created_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (project, key) DO UPDATE SET request_hash = excluded.request_hash, "
        "peering_id = excluded.peering_id, created_at = excluded.created_at");
    insert->bind(1, project);
    insert->bind(2, key.key);
    insert->bind(3, key.request_hash);
    insert->bind(4, peering_id);
    insert->bind(5, domain::format_timestamp(now));
    insert->exec();
}

std::size_t prune_idempotency_keys(sql::Session& db, domain::Timestamp cutoff, std::size_t batch) {
    auto prune_owner = db.prepare("DELETE FROM idempotency_keys WHERE (project, key) IN ("
        "SELECT project, key FROM idempotency_keys WHERE created_at < ? "
        "ORDER BY created_at LIMIT ?)");
    sql::Statement& prune = *prune_owner;
    prune.bind(1, domain::format_timestamp(cutoff));
    prune.bind(2, static_cast<std::int64_t>(batch));
    return static_cast<std::size_t>(prune.exec());
}

}  // namespace peeringd::storage
