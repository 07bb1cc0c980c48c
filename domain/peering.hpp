#pragma once
/// The peering record shared by both parties (spec §1.1) and its status (§5).

#include "domain/timestamp.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace peeringd::domain {

enum class PeeringStatus { pending_acceptance, active, rejected, expired, deleted };

/// Wire and database spelling, e.g. "PENDING_ACCEPTANCE".
std::string_view to_string(PeeringStatus status);
/// Exact (case-sensitive) inverse of to_string.
std::optional<PeeringStatus> parse_status(std::string_view text);

/// "Live" statuses hold the VPC pair (§6.4).
constexpr bool is_live(PeeringStatus s) {
    return s == PeeringStatus::pending_acceptance || s == PeeringStatus::active;
}

struct VpcInfo {
    std::string vpc_id;     ///< canonical lowercase UUID
    std::string tenant_id;  ///< project id owning the VPC

    friend bool operator==(const VpcInfo&, const VpcInfo&) = default;
};

struct Peering {
    std::string id;
    std::string name;
    std::string description;
    PeeringStatus status = PeeringStatus::pending_acceptance;
    VpcInfo request;  ///< requester side ("local VPC")
    VpcInfo accept;   ///< accepter side ("peer VPC")
    Timestamp created_at{};
    Timestamp updated_at{};
    /// Deadline for an answer; set exactly while the peering waits in PENDING_ACCEPTANCE.
    std::optional<Timestamp> expires_at;
    /// Revision of the peering's latest recorded change (peering_history); 0 before the first
    /// is written. Strictly increasing across all peerings: the change feed's position.
    std::int64_t revision = 0;

    friend bool operator==(const Peering&, const Peering&) = default;
};

/// Either side's project may see, update and delete the peering (§1.3).
bool is_party(const Peering& p, std::string_view project);

}  // namespace peeringd::domain
