#pragma once
/// The peerings table and its history, behind use-case methods. One public method = one use
/// case; a writing one runs in a sql::Savepoint inside the transaction its caller opened (a
/// DbWorker batch, peeringctl's command), never its own. Runs only on a DbWorker thread.

#include "domain/cs_peering.hpp"
#include "domain/error.hpp"
#include "domain/peering.hpp"
#include "domain/peering_rules.hpp"
#include "storage/change.hpp"
#include "storage/idempotency_keys.hpp"
#include "storage/statement_cache.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace peeringd::storage::sql {
class Savepoint;
class Session;
class Statement;
}  // namespace peeringd::storage::sql

namespace peeringd::storage {

using domain::Peering;
using domain::Result;
using domain::Timestamp;

/// An If-Match precondition: the revision the client last saw; nullopt = unconditional.
/// A mismatch is precondition_failed (412) and changes nothing.
using ExpectedRevision = std::optional<std::int64_t>;

/// Who asked, for the history row. `project` is empty for the system (expiry sweep).
struct Actor {
    std::string project;
    std::string request_id;
};

/// Settings the write rules need. Only the writer connection's repository uses them; SIGHUP
/// replaces them there with set_policy() inside a writer job, between two transactions.
struct RepositoryPolicy {
    domain::QuotaPolicy quota;
    std::chrono::seconds pending_ttl{7 * 24 * 3600};
    /// Creates check VPC ownership against the VPC registry (spec §6.7, E10/E11); off by
    /// default, when the declared projects are trusted (§10 Q10).
    bool enforce_vpc_registry = false;
    /// How long an Idempotency-Key replays its create (docs/API.md).
    std::chrono::seconds idempotency_ttl{24 * 3600};
};

enum class CheckpointMode { passive, truncate };

/// v2.0 list query (§3.2, §8). Each vector ORs its values; different vectors AND.
struct ListQuery {
    std::optional<std::string> visible_to;  ///< caller's project; nullopt = every project (admin)
    std::vector<std::string> ids;
    std::vector<std::string> names;
    std::vector<domain::PeeringStatus> statuses;  ///< unknown spellings never get here
    bool status_filter_given = false;  ///< a status filter with no known value matches nothing
    std::vector<std::string> tenant_ids;
    std::vector<std::string> vpc_ids;
    std::optional<std::string> marker;  ///< canonical id; used positionally
    bool page_reverse = false;
    std::size_t limit = 2000;  ///< 1..2000, already clamped by the caller
};

struct ListPage {
    std::vector<Peering> items;  ///< ascending id, as seen at the query's `now`
    bool more_after = false;     ///< visible items follow the last one
    bool more_before = false;    ///< visible items precede the first one
    /// Head revision of the same snapshot: following the change feed from here misses nothing
    /// and repeats nothing of what the page shows.
    std::int64_t head_revision = 0;
};

/// A cluster and its CS peerings (spec §4.2), ascending id, as seen at the query's `now`.
struct CsPeerings {
    domain::Cluster cluster;
    std::vector<Peering> items;
};

class PeeringRepository {
public:
    PeeringRepository(sql::Session& db, RepositoryPolicy policy);

    /// New peering with a fresh UUIDv4; checks pair uniqueness (409 names the existing id)
    /// and the requester's quota; writes the history row. With `key`, a live key of the
    /// caller's project replays its create instead (current state; 422 for another body) and a
    /// new create records the key in the same transaction.
    Result<Peering> create(const domain::CreateCommand& cmd, const Actor& actor, Timestamp now,
                           const std::optional<IdempotentCreate>& key = std::nullopt);

    /// The peering if `caller` is a party (nullopt caller = admin), as seen at `now`.
    Result<Peering> find(std::string_view id, const std::optional<std::string>& caller,
                         Timestamp now);

    Result<ListPage> list(const ListQuery& query, Timestamp now);

    Result<Peering> update(std::string_view id, const domain::UpdateCommand& cmd,
                           const Actor& actor, Timestamp now, ExpectedRevision expected = {});
    Result<Peering> accept(std::string_view id, const Actor& actor, Timestamp now,
                           ExpectedRevision expected = {});
    Result<Peering> reject(std::string_view id, const Actor& actor, Timestamp now,
                           ExpectedRevision expected = {});

    /// Either party, any status. The row stays as a DELETED tombstone so its history keeps
    /// its subject; the API never shows it again.
    Result<void> remove(std::string_view id, const Actor& actor, Timestamp now,
                        ExpectedRevision expected = {});

    /// Moves at most `batch` due pending peerings to EXPIRED, in one short transaction;
    /// returns how many moved (the sweeper calls again while it gets a full batch).
    Result<std::size_t> expire_due(Timestamp now, std::size_t batch);

    /// Deletes at most `batch` Idempotency-Keys older than the policy's TTL, in one short
    /// transaction; returns how many (the sweeper calls again while it gets a full batch).
    Result<std::size_t> prune_idempotency_keys(Timestamp now, std::size_t batch);

    /// Copies the WAL into the database. `passive` copies what no reader still needs;
    /// `truncate` also resets the file to zero bytes once nobody uses it, waiting for readers
    /// and writers up to the connection's busy timeout (DbWorker::checkpoint: none). Returns
    /// false when a reader or writer was in the way, so not everything could be done; the next
    /// call tries again.
    Result<bool> checkpoint_wal(CheckpointMode mode);

    void set_policy(RepositoryPolicy policy) { policy_ = std::move(policy); }

    /// Stored rows per status (DELETED tombstones included), for the metrics gauge. Read-only.
    Result<std::vector<std::pair<domain::PeeringStatus, long long>>> count_by_status();

    /// Readiness probe for the writer: takes and releases the write lock (BEGIN IMMEDIATE,
    /// ROLLBACK) and returns the schema version read under it. Writes nothing.
    Result<int> probe_write();

    // The change feed (docs/API.md), in peering_feed.cpp.

    /// Every retained change of the peering in revision order, if `caller` is a party (nullopt
    /// = admin); a DELETED peering keeps its history until retention prunes it.
    Result<std::vector<Change>> history(std::string_view id,
                                        const std::optional<std::string>& caller);
    /// At most `limit` changes after `since` that `visible_to` may see (nullopt = all), read in
    /// one snapshot. revision_gone when `since` lies below what retention pruned, or beyond the
    /// head (a position from another database).
    Result<FeedPage> changes_since(std::int64_t since, std::size_t limit,
                                   const std::optional<std::string>& visible_to);
    /// Committed changes after `after`, for waking watchers (writer, after a commit).
    Result<std::vector<ChangeNotice>> notices_after(std::int64_t after);
    Result<std::int64_t> head_revision();
    /// One step of a retention pass: looks at the next `batch` history rows older than `cutoff`
    /// after `after` (oldest first) and deletes those that are not the newest row of a peering
    /// that is not DELETED, in one short transaction. A DELETED peering whose history is gone
    /// loses its tombstone too. Each step reads at most `batch` rows, however many old rows
    /// must be kept, so it never holds the writer for long; the caller repeats with `resume`.
    Result<HistoryPruneStep> prune_history(Timestamp cutoff, std::size_t batch,
                                           const HistoryCursor& after = {});

    // The CS v1.0 façade (spec §4), in cs_peerings.cpp. The caller (actor.project or `owner`)
    // must own the cluster (else cluster_not_found, CS.20005) and acts for the cluster's side:
    // it reaches exactly the peerings created for that cluster, whichever projects the record
    // names. A peering of another cluster, or a deleted one, is not_found (CS.22103).

    /// Requester = (cluster VPC, service project); same pair, quota and registry rules as create.
    Result<Peering> cs_create(std::int64_t cluster_id, const domain::CsCreateCommand& cmd,
                              const Actor& actor, Timestamp now,
                              const std::optional<IdempotentCreate>& key = std::nullopt);
    Result<CsPeerings> cs_list(std::int64_t cluster_id, std::string_view owner, Timestamp now);
    Result<Peering> cs_find(std::int64_t cluster_id, std::string_view owner, std::string_view id,
                            Timestamp now);
    /// The same removal as remove(): the peering leaves both APIs.
    Result<void> cs_remove(std::int64_t cluster_id, std::string_view id, const Actor& actor,
                           Timestamp now);
    /// Only on an ACTIVE peering (status_invalid otherwise); one route per destination.
    Result<domain::Route> cs_add_route(std::int64_t cluster_id, std::string_view peering_id,
                                       const std::string& destination, const Actor& actor,
                                       Timestamp now);
    Result<std::vector<domain::Route>> cs_routes(std::int64_t cluster_id, std::string_view owner,
                                                 std::string_view peering_id, Timestamp now);
    Result<void> cs_remove_route(std::int64_t cluster_id, std::string_view peering_id,
                                 std::string_view route_id, const Actor& actor);

private:
    /// Pair uniqueness, the requester's quota, insert and history for a built record, inside
    /// `tx` (committed on every outcome, so an expiry persisted on the way stays persisted).
    Result<Peering> store_new(sql::Savepoint& tx, Peering p, const Actor& actor,
                              Timestamp now, std::optional<std::int64_t> cluster_id,
                              const std::optional<IdempotentCreate>& key);
    /// The answer for a live Idempotency-Key of the caller's project, inside the create's
    /// transaction; nullopt when there is none and the create goes ahead.
    std::optional<Result<Peering>> replay(const Actor& actor, Timestamp now,
                                          const std::optional<IdempotentCreate>& key);
    /// E11 when enforcing the VPC registry and the accept VPC is not the accept project's.
    Result<void> check_accept_vpc(const Peering& p);
    /// Turns a visible peering into a DELETED tombstone and drops its routes.
    void tombstone(const Peering& seen, const Actor& actor, Timestamp now);
    /// Accept (true) or reject (false): the shared transaction of both use cases.
    Result<Peering> answer(std::string_view id, const Actor& actor, Timestamp now, bool accepting,
                           ExpectedRevision expected);

    sql::Session& db_;
    /// The hot paths' statements (create, show, transitions), prepared once per connection.
    StatementCache statements_;
    RepositoryPolicy policy_;
};

}  // namespace peeringd::storage
