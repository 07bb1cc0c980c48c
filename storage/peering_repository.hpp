#pragma once
/// The peerings table and its history, behind use-case methods. One public method = one
/// use case = one transaction (IMMEDIATE for writes). Runs only on a DbWorker thread.

#include "domain/error.hpp"
#include "domain/peering.hpp"
#include "domain/peering_rules.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace peeringd::storage {

using domain::Peering;
using domain::Result;
using domain::Timestamp;

/// Who asked, for the history row. `project` is empty for the system (expiry sweep).
struct Actor {
    std::string project;
    std::string request_id;
};

/// Settings the write rules need; fixed for the life of a repository.
struct RepositoryPolicy {
    domain::QuotaPolicy quota;
    std::chrono::seconds pending_ttl{7 * 24 * 3600};
};

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
};

class PeeringRepository {
public:
    PeeringRepository(SQLite::Database& db, RepositoryPolicy policy);

    /// New peering with a fresh UUIDv4; checks pair uniqueness (409 names the existing id)
    /// and the requester's quota; writes the history row.
    Result<Peering> create(const domain::CreateCommand& cmd, const Actor& actor, Timestamp now);

    /// The peering if `caller` is a party (nullopt caller = admin), as seen at `now`.
    Result<Peering> find(std::string_view id, const std::optional<std::string>& caller,
                         Timestamp now);

    Result<ListPage> list(const ListQuery& query, Timestamp now);

    Result<Peering> update(std::string_view id, const domain::UpdateCommand& cmd,
                           const Actor& actor, Timestamp now);
    Result<Peering> accept(std::string_view id, const Actor& actor, Timestamp now);
    Result<Peering> reject(std::string_view id, const Actor& actor, Timestamp now);

    /// Either party, any status. The row stays as a DELETED tombstone so its history keeps
    /// its subject; the API never shows it again.
    Result<void> remove(std::string_view id, const Actor& actor, Timestamp now);

    /// Moves at most `batch` due pending peerings to EXPIRED, in one short transaction;
    /// returns how many moved (the sweeper calls again while it gets a full batch).
    Result<std::size_t> expire_due(Timestamp now, std::size_t batch);

private:
    /// Accept (true) or reject (false): the shared transaction of both use cases.
    Result<Peering> answer(std::string_view id, const Actor& actor, Timestamp now, bool accepting);

    SQLite::Database& db_;
    RepositoryPolicy policy_;
};

}  // namespace peeringd::storage
