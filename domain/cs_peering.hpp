#pragma once
/// The CS v1.0 façade's view of a peering (spec §4): a create names only the user's VPC; the
/// requester side comes from the cluster registry. Routes are records hanging off a peering.

#include "domain/error.hpp"
#include "domain/peering.hpp"
#include "domain/registry.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace peeringd::domain {

/// A validated CS create body (§4.1). accept_tenant_id is empty when absent.
struct CsCreateCommand {
    std::string name;
    std::string vpc_id;  ///< canonical; becomes accept_vpc_info.vpc_id
    std::string accept_tenant_id;
};

/// A CS route (§4.5). vpc_id/tenant_id are the peering's request side (the cluster VPC).
struct Route {
    std::string id;
    std::string peering_id;  ///< also the route's nexthop
    std::string destination;  ///< canonical CIDR
    std::string vpc_id;
    std::string tenant_id;
};

/// The new record: request = (cluster VPC, service project), accept = (cmd.vpc_id, accept
/// tenant or else `owner`). Always PENDING_ACCEPTANCE with a deadline, even when both sides
/// name one project: the CS flow is "create, then accept through v2.0" (§4, [DOC S11]) and
/// clients (Terraform) issue that accept unconditionally. E9 when the user names the cluster VPC.
Result<Peering> create_cs_peering(const Cluster& cluster, const CsCreateCommand& cmd,
                                  std::string_view owner, std::string id, Timestamp now,
                                  std::chrono::seconds pending_ttl);

Error route_not_found(std::string_view id);

}  // namespace peeringd::domain
