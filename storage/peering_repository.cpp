#include "storage/peering_repository.hpp"
#include "storage/sql/session.hpp"

#include "storage/crash_point.hpp"
#include "storage/peering_row.hpp"
#include "storage/registry_repository.hpp"
#include "storage/uuid.hpp"
#include "storage/sql/transaction.hpp"


namespace peeringd::storage {
namespace {

using domain::PeeringStatus;

const std::string kLoadSql =
    "SELECT " + std::string(kPeeringColumns) + " FROM peerings WHERE id = ? AND status <> 'DELETED'";

std::optional<Peering> load(StatementCache& sql, std::string_view id) {
    auto select = sql.prepare(kLoadSql);
    select->bind(1, std::string(id));
    if (!select->executeStep()) return std::nullopt;
    return read_peering(*select);
}

/// The peering if `caller` may see it (nullopt caller = admin).
Result<Peering> load_visible(StatementCache& sql, std::string_view id,
                             const std::optional<std::string>& caller) {
    auto p = load(sql, id);
    if (!p || (caller && !domain::is_party(*p, *caller))) return domain::peering_not_found(id);
    return std::move(*p);
}

/// An If-Match precondition (docs/API.md): compared with the stored revision, before any
/// expiry is persisted, since that is the state the client could have read.
Result<void> check_revision(const Peering& stored, ExpectedRevision expected) {
    if (!expected || *expected == stored.revision) return {};
    return domain::Error{domain::ErrorCode::precondition_failed,
                         "Peering " + stored.id + " is at revision " +
                             std::to_string(stored.revision) + ", not " +
                             std::to_string(*expected) + "."};
}

/// Persists the expiry of a due pending peering (with its history row) inside the caller's
/// transaction, and returns what every later rule must see. Used by every transition so that a
/// deadline is honoured even before the sweeper gets to it.
Peering settle(StatementCache& sql, Peering p, Timestamp now) {
    if (!domain::is_due(p, now)) return p;
    const auto from = p.status;
    const auto deadline = *p.expires_at;
    p = domain::expired(std::move(p));
    auto update = sql.prepare(
        "UPDATE peerings SET status = 'EXPIRED', updated_at = ?, "
        "expires_at = NULL WHERE id = ? AND status = 'PENDING_ACCEPTANCE'");
    update->bind(1, domain::format_timestamp(p.updated_at));
    update->bind(2, p.id);
    update->exec();
    p.revision = insert_history(sql, {"expire", &from, p, {}, {}, deadline});
    return p;
}

/// Quota usage of `project` at `now` (§6.5): pending counts for the requester, active for both
/// sides once, rejected/expired for nobody. The counters of project_usage (migration 0007,
/// kept by triggers) hold every live row; due requests the sweeper has not yet expired are
/// subtracted, found through peerings_pending_by_requester (normally none).
long long quota_usage(StatementCache& sql, const std::string& project, Timestamp now) {
    auto count = sql.prepare(
        "SELECT coalesce((SELECT live_requested + active_accepted FROM project_usage"
        "                  WHERE project = ?1), 0)"
        "     - (SELECT count(*) FROM peerings INDEXED BY peerings_pending_by_requester"
        "         WHERE request_tenant_id = ?1 AND status = 'PENDING_ACCEPTANCE'"
        "           AND expires_at <= ?2)");
    count->bind(1, project);
    count->bind(2, domain::format_timestamp(now));
    count->executeStep();
    return count->getColumn(0).getInt64();
}

// The expressions of the peerings_live_pair index, so that the lookup is an index probe:
// SQLite's two-argument min/max are PostgreSQL's least/greatest.
const std::string kLivePairSql = "SELECT " + std::string(kPeeringColumns) +
                                 " FROM peerings WHERE min(request_vpc_id, accept_vpc_id) = ?1"
                                 " AND max(request_vpc_id, accept_vpc_id) = ?2"
                                 " AND status IN ('PENDING_ACCEPTANCE', 'ACTIVE')";
const std::string kLivePairPgSql = "SELECT " + std::string(kPeeringColumns) +
                                   " FROM peerings WHERE least(request_vpc_id, accept_vpc_id) = ?1"
                                   " AND greatest(request_vpc_id, accept_vpc_id) = ?2"
                                   " AND status IN ('PENDING_ACCEPTANCE', 'ACTIVE')";

/// Id of the live peering joining the unordered pair, expiring due ones on the way.
std::optional<std::string> live_peering_for_pair(StatementCache& sql, const std::string& vpc_a,
                                                 const std::string& vpc_b, Timestamp now) {
    std::optional<Peering> existing;
    {
        auto select = sql.prepare(sql.db().pick(kLivePairSql, kLivePairPgSql));
        select->bind(1, std::min(vpc_a, vpc_b));
        select->bind(2, std::max(vpc_a, vpc_b));
        if (!select->executeStep()) return std::nullopt;
        existing = read_peering(*select);
    }  // reset before settle() writes the row
    existing = settle(sql, std::move(*existing), now);
    if (!domain::is_live(existing->status)) return std::nullopt;
    return existing->id;
}

const std::string kInsertSql = "INSERT INTO peerings (" + std::string(kPeeringColumns) +
                               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";

void insert_peering(StatementCache& sql, const Peering& p) {
    auto insert = sql.prepare(kInsertSql);
    insert->bind(1, p.id);
    insert->bind(2, p.name);
    insert->bind(3, p.description);
    insert->bind(4, std::string(domain::to_string(p.status)));
    insert->bind(5, p.request.vpc_id);
    insert->bind(6, p.request.tenant_id);
    insert->bind(7, p.accept.vpc_id);
    insert->bind(8, p.accept.tenant_id);
    insert->bind(9, domain::format_timestamp(p.created_at));
    insert->bind(10, domain::format_timestamp(p.updated_at));
    bind_text_or_null(*insert, 11, p.expires_at ? domain::format_timestamp(*p.expires_at) : "");
    insert->exec();
}

}  // namespace

PeeringRepository::PeeringRepository(sql::Session& db, RepositoryPolicy policy)
    : db_(db), statements_(db), policy_(std::move(policy)) {}

Result<Peering> PeeringRepository::create(const domain::CreateCommand& cmd, const Actor& actor,
                                          Timestamp now, const std::optional<IdempotentCreate>& key) {
    sql::Savepoint tx{db_, "use_case"};
    if (auto replayed = replay(actor, now, key)) return std::move(*replayed);
    auto p = domain::create_peering(cmd, actor.project, new_uuid(), now, policy_.pending_ttl);
    if (!p) return p.error();
    // Same text whether the VPC is another project's or unknown: never reveal who owns it.
    if (policy_.enforce_vpc_registry && vpc_project(statements_, p->request.vpc_id) != actor.project)
        return domain::Error{domain::ErrorCode::request_vpc_invalid,
                             "Invalid input for operation: Request VPC id or tenant id is "
                             "incorrect."};
    if (auto ok = check_accept_vpc(*p); !ok) return ok.error();
    return store_new(tx, std::move(*p), actor, now, std::nullopt, key);
}

std::optional<Result<Peering>> PeeringRepository::replay(const Actor& actor, Timestamp now,
                                                         const std::optional<IdempotentCreate>& key) {
    if (!key) return std::nullopt;
    const auto remembered = find_idempotency_key(statements_, actor.project, key->key, now - policy_.idempotency_ttl);
    if (!remembered) return std::nullopt;
    if (remembered->request_hash != key->request_hash)
        return Result<Peering>{domain::Error{domain::ErrorCode::idempotency_key_reused,
                                             "Idempotency-Key " + key->key +
                                                 " was already used with a different request body."}};
    // The key belongs to the caller's project, so the create was the caller's: no party check
    // (a CS create's parties are the cluster's service project and the accepter).
    auto p = load(statements_, remembered->peering_id);
    if (!p) return Result<Peering>{domain::peering_not_found(remembered->peering_id)};
    return Result<Peering>{domain::as_seen_at(std::move(*p), now)};
}

Result<std::size_t> PeeringRepository::prune_idempotency_keys(Timestamp now, std::size_t batch) {
    sql::Savepoint tx{db_, "use_case"};
    const auto pruned = storage::prune_idempotency_keys(db_, now - policy_.idempotency_ttl, batch);
    tx.release();
    return pruned;
}

Result<void> PeeringRepository::check_accept_vpc(const Peering& p) {
    if (!policy_.enforce_vpc_registry || vpc_project(statements_, p.accept.vpc_id) == p.accept.tenant_id)
        return {};
    return domain::Error{domain::ErrorCode::accept_vpc_invalid,
                         "Invalid input for operation: Accept VPC id or tenant id is incorrect."};
}

Result<Peering> PeeringRepository::store_new(sql::Savepoint& tx, Peering p,
                                             const Actor& actor, Timestamp now,
                                             std::optional<std::int64_t> cluster_id,
                                             const std::optional<IdempotentCreate>& key) {
    if (auto existing = live_peering_for_pair(statements_, p.request.vpc_id, p.accept.vpc_id, now)) {
        tx.release();  // keep an expiry that settle() may have persisted on the way
        return domain::peering_exists(p.request.vpc_id, p.accept.vpc_id, *existing);
    }
    // The requester's quota (§6.5): the caller for v2.0, the service project for CS.
    const auto& requester = p.request.tenant_id;
    if (quota_usage(statements_, requester, now) >= policy_.quota.limit_for(requester)) {
        tx.release();
        return domain::over_quota();
    }
    insert_peering(statements_, p);
    if (cluster_id) {
        auto link_owner = db_.prepare("UPDATE peerings SET cluster_id = ? WHERE id = ?");
        sql::Statement& link = *link_owner;
        link.bind(1, *cluster_id);
        link.bind(2, p.id);
        link.exec();
    }
    p.revision = insert_history(statements_, {"create", nullptr, p, actor.project, actor.request_id, now});
    if (key) remember_idempotency_key(statements_, actor.project, *key, p.id, now);
    tx.release();
    return p;
}

Result<Peering> PeeringRepository::find(std::string_view id,
                                        const std::optional<std::string>& caller, Timestamp now) {
    auto p = load_visible(statements_, id, caller);
    if (!p) return p.error();
    return domain::as_seen_at(std::move(*p), now);
}

Result<Peering> PeeringRepository::update(std::string_view id, const domain::UpdateCommand& cmd,
                                          const Actor& actor, Timestamp now,
                                          ExpectedRevision expected) {
    sql::Savepoint tx{db_, "use_case"};
    auto current = load_visible(statements_, id, actor.project);
    if (!current) return current.error();
    if (auto ok = check_revision(*current, expected); !ok) return ok.error();
    auto next = domain::update(settle(statements_, std::move(*current), now), cmd, now);
    auto save = statements_.prepare("UPDATE peerings SET name = ?, description = ?, updated_at = ? "
                           "WHERE id = ?");
    save->bind(1, next.name);
    save->bind(2, next.description);
    save->bind(3, domain::format_timestamp(next.updated_at));
    save->bind(4, next.id);
    save->exec();
    next.revision = insert_history(
        statements_, {"update", &next.status, next, actor.project, actor.request_id, now});
    tx.release();
    return next;
}

Result<Peering> PeeringRepository::accept(std::string_view id, const Actor& actor, Timestamp now,
                                          ExpectedRevision expected) {
    return answer(id, actor, now, true, expected);
}

Result<Peering> PeeringRepository::reject(std::string_view id, const Actor& actor, Timestamp now,
                                          ExpectedRevision expected) {
    return answer(id, actor, now, false, expected);
}

Result<Peering> PeeringRepository::answer(std::string_view id, const Actor& actor, Timestamp now,
                                          bool accepting, ExpectedRevision expected) {
    sql::Savepoint tx{db_, "use_case"};
    auto current = load_visible(statements_, id, actor.project);
    if (!current) return current.error();
    if (auto ok = check_revision(*current, expected); !ok) return ok.error();
    const auto seen = settle(statements_, std::move(*current), now);
    auto next = accepting ? domain::accept(seen, actor.project, now)
                          : domain::reject(seen, actor.project, now);
    if (!next) {
        tx.release();  // an expiry persisted by settle() stays persisted
        return next.error();
    }
    if (accepting &&
        quota_usage(statements_, actor.project, now) >= policy_.quota.limit_for(actor.project))
        return domain::over_quota();
    // Compare-on-status: exactly one transition can leave PENDING_ACCEPTANCE.
    auto save = statements_.prepare("UPDATE peerings SET status = ?, updated_at = ?, expires_at = NULL "
                           "WHERE id = ? AND status = 'PENDING_ACCEPTANCE'");
    save->bind(1, std::string(domain::to_string(next->status)));
    save->bind(2, domain::format_timestamp(now));
    save->bind(3, next->id);
    if (save->exec() != 1) throw std::logic_error("peering changed under the write lock");
    next->revision = insert_history(statements_, {accepting ? "accept" : "reject", &seen.status, *next,
                                          actor.project, actor.request_id, now});
    tx.release();
    return next;
}

Result<void> PeeringRepository::remove(std::string_view id, const Actor& actor, Timestamp now,
                                       ExpectedRevision expected) {
    sql::Savepoint tx{db_, "use_case"};
    auto current = load_visible(statements_, id, actor.project);
    if (!current) return current.error();
    if (auto ok = check_revision(*current, expected); !ok) return ok.error();
    tombstone(settle(statements_, std::move(*current), now), actor, now);
    tx.release();
    return {};
}

void PeeringRepository::tombstone(const Peering& seen, const Actor& actor, Timestamp now) {
    auto save = statements_.prepare("UPDATE peerings SET status = 'DELETED', deleted_at = ?1, "
                           "updated_at = ?1, expires_at = NULL WHERE id = ?2");
    save->bind(1, domain::format_timestamp(now));
    save->bind(2, seen.id);
    save->exec();
    // Routes are meaningless without their peering and must not reappear with its id.
    auto routes = statements_.prepare("DELETE FROM cs_routes WHERE peering_id = ?");
    routes->bind(1, seen.id);
    routes->exec();
    Peering gone = seen;
    gone.status = domain::PeeringStatus::deleted;
    gone.updated_at = now;
    gone.expires_at.reset();
    insert_history(statements_, {"delete", &seen.status, gone, actor.project, actor.request_id, now});
}

Result<std::size_t> PeeringRepository::expire_due(Timestamp now, std::size_t batch) {
    sql::Savepoint tx{db_, "use_case"};
    // INDEXED BY: without ANALYZE statistics SQLite prefers peerings_by_status, which reads and
    // sorts every pending row for each batch (quadratic over a large sweep).
    auto due_owner = db_.prepare("SELECT " + std::string(kPeeringColumns) +
                                   " FROM peerings INDEXED BY peerings_pending_deadline"
                                   " WHERE status = 'PENDING_ACCEPTANCE'"
                                   " AND expires_at <= ? ORDER BY expires_at LIMIT ?");
    sql::Statement& due = *due_owner;
    due.bind(1, domain::format_timestamp(now));
    due.bind(2, static_cast<std::int64_t>(batch));
    std::vector<Peering> rows;
    while (due.executeStep()) rows.push_back(read_peering(due));
    due.reset();
    for (auto& p : rows) settle(statements_, std::move(p), now);
    if (!rows.empty()) crash_point("mid_expiry_sweep");
    tx.release();
    return rows.size();
}

Result<bool> PeeringRepository::checkpoint_wal(CheckpointMode mode) {
    if (db_.dialect() != sql::Dialect::sqlite) return true;  // the server checkpoints itself
    // Row = (busy, WAL frames, frames checkpointed).
    auto checkpoint_owner = db_.prepare(mode == CheckpointMode::passive ? "PRAGMA wal_checkpoint(PASSIVE)"
                                                                      : "PRAGMA wal_checkpoint(TRUNCATE)");
    sql::Statement& checkpoint = *checkpoint_owner;
    if (!checkpoint.executeStep()) return false;
    return checkpoint.getColumn(0).getInt() == 0 &&
           checkpoint.getColumn(1).getInt() == checkpoint.getColumn(2).getInt();
}

}  // namespace peeringd::storage
