#include "ctl/registry_commands.hpp"

#include "domain/registry.hpp"
#include "domain/validation.hpp"
#include "domain/timestamp.hpp"
#include "storage/registry_repository.hpp"
#include "storage/sql/transaction.hpp"

#include <boost/json.hpp>

#include <memory>
#include <sstream>
#include <stdexcept>

namespace peeringd::ctl {
namespace {

using storage::RegistryRepository;

/// The value, or the domain's message as the command's failure (exit code 1).
template <class T>
T or_fail(domain::Result<T> result) {
    if (!result) throw std::runtime_error(result.error().message);
    return std::move(*result);
}

void or_fail(const domain::Result<void>& result) {
    if (!result) throw std::runtime_error(result.error().message);
}

domain::Timestamp now() { return domain::SystemClock{}.now(); }

// The JSON shapes are those of the admin endpoints (docs/API.md).
boost::json::object cluster_json(const domain::Cluster& c) {
    return {{"id", c.id},         {"project_id", c.project_id},
            {"service_project_id", c.service_project_id}, {"vpc_id", c.vpc_id},
            {"vpc_cidr", c.vpc_cidr}, {"subnet_cidr", c.subnet_cidr},
            {"created_at", c.created_at}};
}

boost::json::object vpc_json(const domain::Vpc& v) {
    return {{"id", v.id}, {"project_id", v.project_id}, {"cidr", v.cidr},
            {"created_at", v.created_at}};
}

std::string cluster_line(const domain::Cluster& c) {
    return std::to_string(c.id) + "  owner " + c.project_id + "  service " +
           c.service_project_id + "  vpc " + c.vpc_id + " " + c.vpc_cidr + "  subnet " +
           c.subnet_cidr + "\n";
}

void add_cluster_commands(CLI::App& app, std::function<void(CtlContext&)>& run) {
    auto* cluster = app.add_subcommand("cluster", "CS reserved clusters (cluster registry)");
    cluster->require_subcommand(1);

    auto* add = cluster->add_subcommand("add", "register a cluster");
    auto entry = std::make_shared<domain::Cluster>();
    add->add_option("--id", entry->id, "cluster id (1-2147483647)")->required();
    add->add_option("--project", entry->project_id, "owner project (calls the CS API)")->required();
    add->add_option("--service-project", entry->service_project_id,
                    "CS service project owning the cluster VPC")->required();
    add->add_option("--vpc-id", entry->vpc_id, "the cluster's VPC (UUID)")->required();
    add->add_option("--vpc-cidr", entry->vpc_cidr, "the VPC's CIDR, a.b.c.d/n")->required();
    add->add_option("--subnet-cidr", entry->subnet_cidr, "the cluster subnet, inside --vpc-cidr")
        ->required();
    add->callback([&run, entry] {
        run = [entry](CtlContext& ctx) {
            const auto valid = or_fail(domain::validated_cluster(*entry));
            storage::sql::Transaction tx{ctx.writable()};  // the use case runs in a savepoint of it
            RegistryRepository repo{ctx.writable()};
            const auto stored = or_fail(repo.add_cluster(valid, now()));
            tx.commit();
            ctx.print(cluster_json(stored), "added cluster " + cluster_line(stored));
        };
    });

    auto* list = cluster->add_subcommand("list", "list clusters by id");
    list->callback([&run] {
        run = [](CtlContext& ctx) {
            RegistryRepository repo{ctx.readable()};
            boost::json::array rows;
            std::string text;
            for (const auto& c : or_fail(repo.list_clusters())) {
                rows.push_back(cluster_json(c));
                text += cluster_line(c);
            }
            ctx.print(rows, text);
        };
    });

    auto* remove = cluster->add_subcommand("remove", "unregister a cluster without live peerings");
    auto id = std::make_shared<std::int64_t>(0);
    remove->add_option("--id", *id, "cluster id")->required();
    remove->callback([&run, id] {
        run = [id](CtlContext& ctx) {
            storage::sql::Transaction tx{ctx.writable()};  // the use case runs in a savepoint of it
            RegistryRepository repo{ctx.writable()};
            or_fail(repo.remove_cluster(*id));
            tx.commit();
            ctx.print(boost::json::object{{"removed", *id}},
                      "removed cluster " + std::to_string(*id) + "\n");
        };
    });
}

void add_vpc_commands(CLI::App& app, std::function<void(CtlContext&)>& run) {
    auto* vpc = app.add_subcommand("vpc", "VPC ownership (VPC registry)");
    vpc->require_subcommand(1);

    auto* add = vpc->add_subcommand("add", "register a VPC as a project's");
    auto entry = std::make_shared<domain::Vpc>();
    add->add_option("--project", entry->project_id, "owner project")->required();
    add->add_option("--id", entry->id, "VPC id (UUID)")->required();
    add->add_option("--cidr", entry->cidr, "the VPC's CIDR, a.b.c.d/n")->required();
    add->callback([&run, entry] {
        run = [entry](CtlContext& ctx) {
            const auto valid = or_fail(domain::validated_vpc(*entry));
            storage::sql::Transaction tx{ctx.writable()};  // the use case runs in a savepoint of it
            RegistryRepository repo{ctx.writable()};
            const auto stored = or_fail(repo.add_vpc(valid, now()));
            tx.commit();
            ctx.print(vpc_json(stored), "added VPC " + stored.id + "  project " +
                                            stored.project_id + "  " + stored.cidr + "\n");
        };
    });

    auto* list = vpc->add_subcommand("list", "list VPCs by id");
    list->callback([&run] {
        run = [](CtlContext& ctx) {
            RegistryRepository repo{ctx.readable()};
            boost::json::array rows;
            std::ostringstream text;
            for (const auto& v : or_fail(repo.list_vpcs())) {
                rows.push_back(vpc_json(v));
                text << v.id << "  " << v.project_id << "  " << v.cidr << "\n";
            }
            ctx.print(rows, text.str());
        };
    });

    auto* remove = vpc->add_subcommand("remove", "unregister a VPC (existing peerings stay)");
    auto id = std::make_shared<std::string>();
    remove->add_option("--id", *id, "VPC id")->required();
    remove->callback([&run, id] {
        run = [id](CtlContext& ctx) {
            // Accept any UUID spelling the API accepts; the registry stores the canonical one.
            const std::string canonical = domain::canonical_uuid(*id).value_or(*id);
            storage::sql::Transaction tx{ctx.writable()};  // the use case runs in a savepoint of it
            RegistryRepository repo{ctx.writable()};
            or_fail(repo.remove_vpc(canonical));
            tx.commit();
            ctx.print(boost::json::object{{"removed", canonical}}, "removed VPC " + canonical + "\n");
        };
    });
}

}  // namespace

void add_registry_commands(CLI::App& app, std::function<void(CtlContext&)>& run) {
    add_cluster_commands(app, run);
    add_vpc_commands(app, run);
}

}  // namespace peeringd::ctl
