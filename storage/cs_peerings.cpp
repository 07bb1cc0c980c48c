// The CS v1.0 use cases of PeeringRepository (spec §4): the cluster registry decides the
// requester side and who may act; the record itself is an ordinary peering, shared with v2.0.
#include "storage/peering_repository.hpp"
#include "storage/sql/session.hpp"

#include "storage/peering_row.hpp"
#include "storage/registry_repository.hpp"
#include "storage/uuid.hpp"
#include "storage/sql/transaction.hpp"


namespace peeringd::storage {
namespace {

using domain::Error;
using domain::ErrorCode;

/// The cluster if `owner` owns it. Unknown and foreign clusters answer alike (CS.20005), so a
/// caller cannot probe other projects' cluster ids.
Result<domain::Cluster> owned_cluster(sql::Session& db, std::int64_t id,
                                      std::string_view owner) {
    auto cluster = find_cluster(db, id);
    if (!cluster || cluster->project_id != owner) return domain::cluster_not_found(id);
    return std::move(*cluster);
}

/// A non-deleted peering created for `cluster_id`, as stored.
Result<Peering> load_cs(sql::Session& db, std::int64_t cluster_id, std::string_view id) {
    auto select_owner = db.prepare("SELECT " + std::string(kPeeringColumns) +
                                     " FROM peerings WHERE id = ? AND cluster_id = ?"
                                     " AND status <> 'DELETED'");
    sql::Statement& select = *select_owner;
    select.bind(1, std::string(id));
    select.bind(2, cluster_id);
    if (!select.executeStep()) return domain::peering_not_found(id);
    return read_peering(select);
}

/// Cluster ownership, then the peering: the order the CS catalogue's errors are checked in.
Result<Peering> load_owned(sql::Session& db, std::int64_t cluster_id, std::string_view owner,
                           std::string_view id) {
    if (auto cluster = owned_cluster(db, cluster_id, owner); !cluster) return cluster.error();
    return load_cs(db, cluster_id, id);
}

domain::Route read_route(sql::Statement& row) {
    return domain::Route{row.getColumn(0).getString(), row.getColumn(1).getString(),
                         row.getColumn(2).getString(), row.getColumn(3).getString(),
                         row.getColumn(4).getString()};
}

constexpr std::string_view kRouteSelect =
    "SELECT r.id, r.peering_id, r.destination, p.request_vpc_id, p.request_tenant_id "
    "FROM cs_routes r JOIN peerings p ON p.id = r.peering_id ";

}  // namespace

Result<Peering> PeeringRepository::cs_create(std::int64_t cluster_id,
                                             const domain::CsCreateCommand& cmd,
                                             const Actor& actor, Timestamp now,
                                             const std::optional<IdempotentCreate>& key) {
    sql::Savepoint tx{db_, "use_case"};
    if (auto replayed = replay(actor, now, key)) return std::move(*replayed);
    auto cluster = owned_cluster(db_, cluster_id, actor.project);
    if (!cluster) return cluster.error();
    auto p = domain::create_cs_peering(*cluster, cmd, actor.project, new_uuid(), now,
                                       policy_.pending_ttl);
    if (!p) return p.error();
    // The request side is the registered cluster VPC, so only the accept side needs checking.
    if (auto ok = check_accept_vpc(*p); !ok) return ok.error();
    return store_new(tx, std::move(*p), actor, now, cluster_id, key);
}

Result<CsPeerings> PeeringRepository::cs_list(std::int64_t cluster_id, std::string_view owner,
                                              Timestamp now) {
    auto cluster = owned_cluster(db_, cluster_id, owner);
    if (!cluster) return cluster.error();
    auto select_owner = db_.prepare("SELECT " + std::string(kPeeringColumns) +
                                      " FROM peerings WHERE cluster_id = ?"
                                      " AND status <> 'DELETED' ORDER BY id");
    sql::Statement& select = *select_owner;
    select.bind(1, cluster_id);
    CsPeerings out{std::move(*cluster), {}};
    while (select.executeStep())
        out.items.push_back(domain::as_seen_at(read_peering(select), now));
    return out;
}

Result<Peering> PeeringRepository::cs_find(std::int64_t cluster_id, std::string_view owner,
                                           std::string_view id, Timestamp now) {
    auto p = load_owned(db_, cluster_id, owner, id);
    if (!p) return p.error();
    return domain::as_seen_at(std::move(*p), now);
}

Result<void> PeeringRepository::cs_remove(std::int64_t cluster_id, std::string_view id,
                                          const Actor& actor, Timestamp now) {
    sql::Savepoint tx{db_, "use_case"};
    auto p = load_owned(db_, cluster_id, actor.project, id);
    if (!p) return p.error();
    tombstone(domain::as_seen_at(std::move(*p), now), actor, now);
    tx.release();
    return {};
}

Result<domain::Route> PeeringRepository::cs_add_route(std::int64_t cluster_id,
                                                      std::string_view peering_id,
                                                      const std::string& destination,
                                                      const Actor& actor, Timestamp now) {
    sql::Savepoint tx{db_, "use_case"};
    auto p = load_owned(db_, cluster_id, actor.project, peering_id);
    if (!p) return p.error();
    const Peering seen = domain::as_seen_at(std::move(*p), now);
    if (seen.status != domain::PeeringStatus::active)
        return Error{ErrorCode::status_invalid,
                     "Peering " + seen.id + " is " + std::string(domain::to_string(seen.status)) +
                         "; routes can only be added to ACTIVE peerings."};
    auto taken_owner = db_.prepare("SELECT id FROM cs_routes WHERE peering_id = ? AND destination = ?");
    sql::Statement& taken = *taken_owner;
    taken.bind(1, seen.id);
    taken.bind(2, destination);
    if (taken.executeStep())
        return Error{ErrorCode::registry_conflict,
                     "A route to " + destination + " already exists: " +
                         taken.getColumn(0).getString() + "."};
    taken.reset();
    domain::Route route{new_uuid(), seen.id, destination, seen.request.vpc_id,
                        seen.request.tenant_id};
    auto insert_owner = db_.prepare("INSERT INTO cs_routes (id, peering_id, destination, created_at) "
        "VALUES (?, ?, ?, ?)");
    sql::Statement& insert = *insert_owner;
    insert.bind(1, route.id);
    insert.bind(2, route.peering_id);
    insert.bind(3, route.destination);
    insert.bind(4, domain::format_timestamp(now));
    insert.exec();
    tx.release();
    return route;
}

Result<std::vector<domain::Route>> PeeringRepository::cs_routes(std::int64_t cluster_id,
                                                                std::string_view owner,
                                                                std::string_view peering_id,
                                                                Timestamp) {
    auto p = load_owned(db_, cluster_id, owner, peering_id);
    if (!p) return p.error();
    auto select_owner = db_.prepare(std::string(kRouteSelect) +
                                      "WHERE r.peering_id = ? ORDER BY r.created_at, r.id");
    sql::Statement& select = *select_owner;
    select.bind(1, p->id);
    std::vector<domain::Route> out;
    while (select.executeStep()) out.push_back(read_route(select));
    return out;
}

Result<void> PeeringRepository::cs_remove_route(std::int64_t cluster_id,
                                                std::string_view peering_id,
                                                std::string_view route_id, const Actor& actor) {
    sql::Savepoint tx{db_, "use_case"};
    auto p = load_owned(db_, cluster_id, actor.project, peering_id);
    if (!p) return p.error();
    auto remove_owner = db_.prepare("DELETE FROM cs_routes WHERE id = ? AND peering_id = ?");
    sql::Statement& remove = *remove_owner;
    remove.bind(1, std::string(route_id));
    remove.bind(2, p->id);
    if (remove.exec() == 0) return domain::route_not_found(route_id);
    tx.release();
    return {};
}

}  // namespace peeringd::storage
