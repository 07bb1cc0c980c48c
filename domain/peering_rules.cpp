#include "domain/peering_rules.hpp"

#include "domain/untrusted_text.hpp"

namespace peeringd::domain {
namespace {

Result<Peering> answer(const Peering& current, std::string_view caller, Timestamp now,
                       PeeringStatus target) {
    if (current.accept.tenant_id != caller)
        return Error{ErrorCode::not_authorized,
                     "Only the project owning the accept VPC can accept or reject peering " +
                         current.id + "."};
    const Peering seen = as_seen_at(current, now);
    if (seen.status != PeeringStatus::pending_acceptance)
        return Error{ErrorCode::status_invalid,
                     "Peering " + current.id + " is " + std::string(to_string(seen.status)) +
                         "; only PENDING_ACCEPTANCE peerings can be accepted or rejected."};
    Peering next = current;
    next.status = target;
    next.updated_at = now;
    next.expires_at.reset();
    return next;
}

}  // namespace

long long QuotaPolicy::limit_for(std::string_view project) const {
    const auto it = per_project.find(project);
    return it == per_project.end() ? default_limit : it->second;
}

Result<Peering> create_peering(const CreateCommand& cmd, std::string_view caller, std::string id,
                               Timestamp now, std::chrono::seconds pending_ttl) {
    if (!cmd.request_tenant_id.empty() && cmd.request_tenant_id != caller)
        return Error{ErrorCode::request_vpc_invalid,
                     "Invalid input for operation: Request VPC id or tenant id is incorrect."};
    if (cmd.request_vpc_id == cmd.accept_vpc_id)
        return Error{ErrorCode::same_vpc,
                     "Invalid input for operation: request VPC and accept VPC must be different."};
    Peering p;
    p.id = std::move(id);
    p.name = cmd.name;
    p.description = cmd.description;
    p.request = VpcInfo{cmd.request_vpc_id, std::string(caller)};
    p.accept = VpcInfo{cmd.accept_vpc_id,
                       cmd.accept_tenant_id.empty() ? std::string(caller) : cmd.accept_tenant_id};
    p.created_at = now;
    p.updated_at = now;
    if (p.accept.tenant_id == p.request.tenant_id) {
        p.status = PeeringStatus::active;
    } else {
        p.status = PeeringStatus::pending_acceptance;
        p.expires_at = now + pending_ttl;
    }
    return p;
}

bool is_due(const Peering& p, Timestamp now) {
    return p.status == PeeringStatus::pending_acceptance && p.expires_at && *p.expires_at <= now;
}

Peering expired(Peering p) {
    p.status = PeeringStatus::expired;
    if (p.expires_at) p.updated_at = *p.expires_at;
    p.expires_at.reset();
    return p;
}

Peering as_seen_at(Peering p, Timestamp now) { return is_due(p, now) ? expired(std::move(p)) : p; }

Result<Peering> accept(const Peering& current, std::string_view caller, Timestamp now) {
    return answer(current, caller, now, PeeringStatus::active);
}

Result<Peering> reject(const Peering& current, std::string_view caller, Timestamp now) {
    return answer(current, caller, now, PeeringStatus::rejected);
}

Peering update(Peering current, const UpdateCommand& cmd, Timestamp now) {
    if (cmd.name) current.name = *cmd.name;
    if (cmd.description) current.description = *cmd.description;
    current.updated_at = now;
    return current;
}

Error peering_not_found(std::string_view id) {
    return Error{ErrorCode::not_found, "Peering " + echo(id) + " could not be found."};
}

Error peering_exists(std::string_view vpc_a, std::string_view vpc_b, std::string_view existing_id) {
    return Error{ErrorCode::peering_exists, "A VPC peering connection between " +
                                                std::string(vpc_a) + " and " + std::string(vpc_b) +
                                                " already exists: " + std::string(existing_id) + "."};
}

Error over_quota() {
    return Error{ErrorCode::over_quota, "Quota exceeded for resources: ['peering']."};
}

}  // namespace peeringd::domain
