#pragma once
/// The pure lifecycle rules of spec §5-§6: what a create produces, which transitions are
/// legal for whom, when a pending request expires. Storage applies them inside a transaction.

#include "domain/error.hpp"
#include "domain/peering.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace peeringd::domain {

/// A validated create request; vpc ids are canonical, tenant ids may be empty (= absent).
struct CreateCommand {
    std::string name;
    std::string description;
    std::string request_vpc_id;
    std::string request_tenant_id;
    std::string accept_vpc_id;
    std::string accept_tenant_id;
};

/// A validated update; at least one field is set.
struct UpdateCommand {
    std::optional<std::string> name;
    std::optional<std::string> description;
};

/// Per-project peering quota (§6.5): a default and optional per-project overrides.
struct QuotaPolicy {
    long long default_limit = 50;
    std::map<std::string, long long, std::less<>> per_project;
    long long limit_for(std::string_view project) const;
};

/// Builds the new record: same project -> ACTIVE, otherwise PENDING_ACCEPTANCE with a deadline.
Result<Peering> create_peering(const CreateCommand& cmd, std::string_view caller, std::string id,
                               Timestamp now, std::chrono::seconds pending_ttl);

/// True when a pending peering's deadline has passed (deadline inclusive).
bool is_due(const Peering& p, Timestamp now);

/// The EXPIRED form of a due peering; `updated_at` becomes the expiry instant (§5).
Peering expired(Peering p);

/// What a reader at `now` must see: a due pending peering is EXPIRED even before the sweep.
Peering as_seen_at(Peering p, Timestamp now);

/// Only the accept project, only while pending (check order: role, then state).
Result<Peering> accept(const Peering& current, std::string_view caller, Timestamp now);
Result<Peering> reject(const Peering& current, std::string_view caller, Timestamp now);

/// Name/description change by either party in any status; refreshes `updated_at`.
Peering update(Peering current, const UpdateCommand& cmd, Timestamp now);

Error peering_not_found(std::string_view id);
Error peering_exists(std::string_view vpc_a, std::string_view vpc_b, std::string_view existing_id);
Error over_quota();

}  // namespace peeringd::domain
