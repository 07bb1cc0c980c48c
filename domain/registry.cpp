#include "domain/registry.hpp"

#include "domain/cidr.hpp"
#include "domain/untrusted_text.hpp"
#include "domain/validation.hpp"

namespace peeringd::domain {
namespace {

Result<std::string> canonical_cidr(std::string_view text, std::string_view attribute) {
    auto cidr = parse_ipv4_cidr(text, attribute);
    if (!cidr) return cidr.error();
    return to_string(*cidr);
}

}  // namespace

Result<Cluster> validated_cluster(Cluster cluster) {
    if (cluster.id < 1 || cluster.id > kMaxClusterId)
        return bad_request("Invalid input for id. Reason: '" + std::to_string(cluster.id) +
                           "' is not a valid cluster id (1-" + std::to_string(kMaxClusterId) +
                           ").");
    if (auto ok = validate_tenant_id(cluster.project_id, "project_id"); !ok) return ok.error();
    if (auto ok = validate_tenant_id(cluster.service_project_id, "service_project_id"); !ok)
        return ok.error();
    auto vpc_id = parse_vpc_id(cluster.vpc_id, "vpc_id");
    if (!vpc_id) return vpc_id.error();
    cluster.vpc_id = *vpc_id;
    auto vpc_cidr = parse_ipv4_cidr(cluster.vpc_cidr, "vpc_cidr");
    if (!vpc_cidr) return vpc_cidr.error();
    auto subnet_cidr = parse_ipv4_cidr(cluster.subnet_cidr, "subnet_cidr");
    if (!subnet_cidr) return subnet_cidr.error();
    if (!contains(*vpc_cidr, *subnet_cidr))
        return bad_request("Invalid input for subnet_cidr. Reason: '" + cluster.subnet_cidr +
                           "' is not inside vpc_cidr '" + cluster.vpc_cidr + "'.");
    cluster.vpc_cidr = to_string(*vpc_cidr);
    cluster.subnet_cidr = to_string(*subnet_cidr);
    return cluster;
}

Result<Vpc> validated_vpc(Vpc vpc) {
    auto id = parse_vpc_id(vpc.id, "id");
    if (!id) return id.error();
    vpc.id = *id;
    if (auto ok = validate_tenant_id(vpc.project_id, "project_id"); !ok) return ok.error();
    auto cidr = canonical_cidr(vpc.cidr, "cidr");
    if (!cidr) return cidr.error();
    vpc.cidr = *cidr;
    return vpc;
}

Result<std::int64_t> parse_cluster_id(std::string_view text) {
    std::int64_t value = 0;
    bool valid = !text.empty() && text.size() <= 10 && text.front() != '0';
    for (const char c : text) {
        if (!valid) break;
        valid = c >= '0' && c <= '9';
        value = value * 10 + (c - '0');
    }
    if (!valid || value > kMaxClusterId) {
        // A valid id has at most 10 digits; 20 bytes show what was sent instead.
        return bad_request("Invalid input for cluster_id. Reason: '" + echo(text, 20) +
                           "' is not a valid cluster id.");
    }
    return value;
}

Error cluster_not_found(std::int64_t id) {
    return Error{ErrorCode::cluster_not_found,
                 "The cluster " + std::to_string(id) + " does not exist."};
}

}  // namespace peeringd::domain
