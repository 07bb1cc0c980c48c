#include "storage/registry_repository.hpp"
#include "storage/sql/transaction.hpp"
#include "storage/sql/session.hpp"


namespace peeringd::storage {
namespace {

using domain::Error;
using domain::ErrorCode;

constexpr std::string_view kClusterColumns =
    "id, project_id, service_project_id, vpc_id, vpc_cidr, subnet_cidr, created_at";
constexpr std::string_view kVpcColumns = "id, project_id, cidr, created_at";

domain::Cluster read_cluster(sql::Statement& row) {
    return domain::Cluster{row.getColumn(0).getInt64(),  row.getColumn(1).getString(),
                           row.getColumn(2).getString(), row.getColumn(3).getString(),
                           row.getColumn(4).getString(), row.getColumn(5).getString(),
                           row.getColumn(6).getString()};
}

domain::Vpc read_vpc(sql::Statement& row) {
    return domain::Vpc{row.getColumn(0).getString(), row.getColumn(1).getString(),
                       row.getColumn(2).getString(), row.getColumn(3).getString()};
}

}  // namespace

RegistryRepository::RegistryRepository(sql::Session& db) : db_(db), statements_(db) {}

domain::Result<domain::Cluster> RegistryRepository::add_cluster(const domain::Cluster& cluster,
                                                                domain::Timestamp now) {
    sql::Savepoint tx{db_, "use_case"};
    if (find_cluster(db_, cluster.id))
        return Error{ErrorCode::registry_conflict,
                     "Cluster " + std::to_string(cluster.id) + " already exists."};
    domain::Cluster stored = cluster;
    stored.created_at = domain::format_timestamp(now);
    auto insert_owner = db_.prepare("INSERT INTO clusters (" + std::string(kClusterColumns) +
                                      ") VALUES (?, ?, ?, ?, ?, ?, ?)");
    sql::Statement& insert = *insert_owner;
    insert.bind(1, stored.id);
    insert.bind(2, stored.project_id);
    insert.bind(3, stored.service_project_id);
    insert.bind(4, stored.vpc_id);
    insert.bind(5, stored.vpc_cidr);
    insert.bind(6, stored.subnet_cidr);
    insert.bind(7, stored.created_at);
    insert.exec();
    tx.release();
    return stored;
}

domain::Result<std::vector<domain::Cluster>> RegistryRepository::list_clusters() {
    auto select_owner = db_.prepare("SELECT " + std::string(kClusterColumns) +
                                      " FROM clusters ORDER BY id");
    sql::Statement& select = *select_owner;
    std::vector<domain::Cluster> out;
    while (select.executeStep()) out.push_back(read_cluster(select));
    return out;
}

domain::Result<void> RegistryRepository::remove_cluster(std::int64_t id) {
    sql::Savepoint tx{db_, "use_case"};
    if (!find_cluster(db_, id))
        return Error{ErrorCode::registry_not_found,
                     "Cluster " + std::to_string(id) + " could not be found."};
    auto in_use_owner = db_.prepare("SELECT count(*) FROM peerings WHERE cluster_id = ? "
        "AND status <> 'DELETED'");
    sql::Statement& in_use = *in_use_owner;
    in_use.bind(1, id);
    in_use.executeStep();
    if (const auto count = in_use.getColumn(0).getInt64(); count > 0)
        return Error{ErrorCode::registry_conflict,
                     "Cluster " + std::to_string(id) + " still has " + std::to_string(count) +
                         " peering(s); delete them first."};
    in_use.reset();
    auto remove_owner = db_.prepare("DELETE FROM clusters WHERE id = ?");
    sql::Statement& remove = *remove_owner;
    remove.bind(1, id);
    remove.exec();
    tx.release();
    return {};
}

domain::Result<domain::Vpc> RegistryRepository::add_vpc(const domain::Vpc& vpc,
                                                        domain::Timestamp now) {
    sql::Savepoint tx{db_, "use_case"};
    if (vpc_project(statements_, vpc.id))
        return Error{ErrorCode::registry_conflict, "VPC " + vpc.id + " is already registered."};
    domain::Vpc stored = vpc;
    stored.created_at = domain::format_timestamp(now);
    auto insert_owner = db_.prepare("INSERT INTO vpcs (" + std::string(kVpcColumns) +
                                      ") VALUES (?, ?, ?, ?)");
    sql::Statement& insert = *insert_owner;
    insert.bind(1, stored.id);
    insert.bind(2, stored.project_id);
    insert.bind(3, stored.cidr);
    insert.bind(4, stored.created_at);
    insert.exec();
    tx.release();
    return stored;
}

domain::Result<std::vector<domain::Vpc>> RegistryRepository::list_vpcs() {
    auto select_owner = db_.prepare("SELECT " + std::string(kVpcColumns) + " FROM vpcs ORDER BY id");
    sql::Statement& select = *select_owner;
    std::vector<domain::Vpc> out;
    while (select.executeStep()) out.push_back(read_vpc(select));
    return out;
}

domain::Result<void> RegistryRepository::remove_vpc(std::string_view id) {
    sql::Savepoint tx{db_, "use_case"};
    auto remove_owner = db_.prepare("DELETE FROM vpcs WHERE id = ?");
    sql::Statement& remove = *remove_owner;
    remove.bind(1, std::string(id));
    if (remove.exec() == 0)
        return Error{ErrorCode::registry_not_found,
                     "VPC " + std::string(id) + " could not be found."};
    tx.release();
    return {};
}

std::optional<domain::Cluster> find_cluster(sql::Session& db, std::int64_t id) {
    auto select_owner = db.prepare("SELECT " + std::string(kClusterColumns) +
                                     " FROM clusters WHERE id = ?");
    sql::Statement& select = *select_owner;
    select.bind(1, id);
    if (!select.executeStep()) return std::nullopt;
    return read_cluster(select);
}

std::optional<std::string> vpc_project(StatementCache& sql, std::string_view vpc_id) {
    auto select = sql.prepare("SELECT project_id FROM vpcs WHERE id = ?");
    select->bind(1, std::string(vpc_id));
    if (!select->executeStep()) return std::nullopt;
    return select->getColumn(0).getString();
}

}  // namespace peeringd::storage
