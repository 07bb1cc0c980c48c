#pragma once
/// What the change feed reads from peering_history: one recorded change with the peering as it
/// was right after it, a page of the feed, and the short notice that wakes watchers.

#include "domain/peering.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace peeringd::storage {

/// One row of peering_history joined with its peering's fixed fields.
struct Change {
    std::int64_t revision = 0;
    std::string action;  ///< create, accept, reject, expire, update, delete
    std::optional<domain::PeeringStatus> from;  ///< nullopt for a create
    domain::PeeringStatus to = domain::PeeringStatus::pending_acceptance;
    std::string actor_project;  ///< empty when the system acted (expiry)
    std::string request_id;     ///< empty when the system acted
    domain::Timestamp at{};
    /// The snapshot: the peering right after this change (its revision is this one).
    domain::Peering peering;
};

/// Changes after a position, in revision order, and where the next read continues.
struct FeedPage {
    std::vector<Change> changes;
    /// >= the requested position. When the page is not full it is the head revision of the
    /// read's snapshot, so changes the caller may not see are skipped for good.
    std::int64_t next_since = 0;
};

/// A committed change and the two projects that may see it: enough to wake the right watchers
/// without another read.
struct ChangeNotice {
    std::int64_t revision = 0;
    std::string request_tenant;
    std::string accept_tenant;
};

/// Where a retention pass over peering_history stopped: the last row it looked at, in the order
/// of the peering_history_by_time index (changed_at, then revision). The default starts a pass.
struct HistoryCursor {
    std::string changed_at;
    std::int64_t revision = 0;
};

/// One bounded step of a retention pass: the rows it deleted, and where the next step goes on
/// (nullopt when the pass has seen every row older than the cutoff).
struct HistoryPruneStep {
    std::size_t pruned = 0;
    std::optional<HistoryCursor> resume;
};

}  // namespace peeringd::storage
