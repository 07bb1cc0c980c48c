#pragma once
/// The cluster and VPC registries (migration 0004) behind use-case methods, for the admin
/// endpoints and peeringctl. The lookups the peering use cases need run inside *their*
/// transactions through the free functions at the end. Runs only on a DbWorker thread or in
/// peeringctl's single thread.

#include "domain/error.hpp"
#include "domain/registry.hpp"
#include "domain/timestamp.hpp"
#include "storage/statement_cache.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace peeringd::storage::sql {
class Session;
class Statement;
}  // namespace peeringd::storage::sql

namespace peeringd::storage {

class RegistryRepository {
public:
    explicit RegistryRepository(sql::Session& db);

    /// Stores a validated cluster; registry_conflict when the id is taken.
    domain::Result<domain::Cluster> add_cluster(const domain::Cluster& cluster,
                                                domain::Timestamp now);
    /// Every cluster in id order.
    domain::Result<std::vector<domain::Cluster>> list_clusters();
    /// registry_not_found when unknown; registry_conflict while a non-deleted peering still
    /// names the cluster (a re-registered id must not inherit another owner's peerings).
    domain::Result<void> remove_cluster(std::int64_t id);

    /// Stores a validated VPC; registry_conflict when the id is registered already.
    domain::Result<domain::Vpc> add_vpc(const domain::Vpc& vpc, domain::Timestamp now);
    /// Every VPC in id order.
    domain::Result<std::vector<domain::Vpc>> list_vpcs();
    /// registry_not_found when unknown. Existing peerings are unaffected: the registry only
    /// gates creates.
    domain::Result<void> remove_vpc(std::string_view id);

private:
    sql::Session& db_;
    StatementCache statements_;
};

/// The cluster with that id, read inside the caller's transaction.
std::optional<domain::Cluster> find_cluster(sql::Session& db, std::int64_t id);

/// The project owning `vpc_id` in the VPC registry, read inside the caller's transaction.
std::optional<std::string> vpc_project(StatementCache& sql, std::string_view vpc_id);

}  // namespace peeringd::storage
