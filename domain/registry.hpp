#pragma once
/// Records of the cluster registry (spec §4, §10 Q17) and the VPC registry (§6.7, §10 Q10), and
/// the rules a new entry must meet. Pure: storage and the two front ends (admin HTTP endpoints,
/// peeringctl) share them.

#include "domain/error.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace peeringd::domain {

/// Cluster ids are positive and fit a Java Integer (the CS SDK types them Integer).
inline constexpr std::int64_t kMaxClusterId = 2147483647;

/// A CS reserved cluster. Its peerings' requester side is (vpc_id, service_project_id).
struct Cluster {
    std::int64_t id = 0;
    std::string project_id;          ///< owner: the project that calls the CS API for it
    std::string service_project_id;  ///< the CS service project that owns the cluster VPC
    std::string vpc_id;              ///< canonical UUID
    std::string vpc_cidr;            ///< canonical CIDR
    std::string subnet_cidr;         ///< canonical CIDR inside vpc_cidr
    std::string created_at;          ///< set by storage
};

/// A VPC and the project that owns it.
struct Vpc {
    std::string id;          ///< canonical UUID
    std::string project_id;
    std::string cidr;        ///< canonical CIDR
    std::string created_at;  ///< set by storage
};

/// The cluster with canonical ids and CIDRs, or E6/E7 naming the bad field. The subnet must lie
/// inside the VPC CIDR.
Result<Cluster> validated_cluster(Cluster cluster);

/// The VPC with canonical id and CIDR, or E6/E7 naming the bad field.
Result<Vpc> validated_vpc(Vpc vpc);

/// A cluster id given as text (path segment, CLI): decimal 1..kMaxClusterId, else E6.
Result<std::int64_t> parse_cluster_id(std::string_view text);

Error cluster_not_found(std::int64_t id);

}  // namespace peeringd::domain
