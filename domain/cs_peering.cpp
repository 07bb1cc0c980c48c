#include "domain/cs_peering.hpp"

#include "domain/untrusted_text.hpp"

namespace peeringd::domain {

Result<Peering> create_cs_peering(const Cluster& cluster, const CsCreateCommand& cmd,
                                  std::string_view owner, std::string id, Timestamp now,
                                  std::chrono::seconds pending_ttl) {
    if (cmd.vpc_id == cluster.vpc_id)
        return Error{ErrorCode::same_vpc,
                     "Invalid input for operation: request VPC and accept VPC must be different."};
    Peering p;
    p.id = std::move(id);
    p.name = cmd.name;
    p.request = VpcInfo{cluster.vpc_id, cluster.service_project_id};
    p.accept = VpcInfo{cmd.vpc_id,
                       cmd.accept_tenant_id.empty() ? std::string(owner) : cmd.accept_tenant_id};
    p.created_at = now;
    p.updated_at = now;
    p.status = PeeringStatus::pending_acceptance;
    p.expires_at = now + pending_ttl;
    return p;
}

Error route_not_found(std::string_view id) {
    return Error{ErrorCode::route_not_found, "The route " + echo(id) + " does not exist."};
}

}  // namespace peeringd::domain
