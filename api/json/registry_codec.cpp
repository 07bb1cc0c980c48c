#include "api/json/registry_codec.hpp"

#include "api/json/fields.hpp"

namespace peeringd::api::json {

domain::Result<domain::Cluster> cluster_from_json(const boost::json::value& body) {
    auto object = body_object(body, "cluster");
    if (!object) return object.error();
    const auto& fields = **object;
    if (auto ok = only_known(fields, {"id", "project_id", "service_project_id", "vpc_id",
                                      "vpc_cidr", "subnet_cidr"});
        !ok)
        return ok.error();
    domain::Cluster cluster;
    auto id = required_integer(fields, "id");
    if (!id) return id.error();
    cluster.id = *id;
    // Every text field is required; read them in the order the message should name them.
    for (auto [key, target] : {std::pair{"project_id", &cluster.project_id},
                               std::pair{"service_project_id", &cluster.service_project_id},
                               std::pair{"vpc_id", &cluster.vpc_id},
                               std::pair{"vpc_cidr", &cluster.vpc_cidr},
                               std::pair{"subnet_cidr", &cluster.subnet_cidr}}) {
        auto text = required_string(fields, key);
        if (!text) return text.error();
        *target = std::move(*text);
    }
    return domain::validated_cluster(std::move(cluster));
}

domain::Result<domain::Vpc> vpc_from_json(const boost::json::value& body) {
    auto object = body_object(body, "vpc");
    if (!object) return object.error();
    const auto& fields = **object;
    if (auto ok = only_known(fields, {"id", "project_id", "cidr"}); !ok) return ok.error();
    domain::Vpc vpc;
    for (auto [key, target] : {std::pair{"id", &vpc.id}, std::pair{"project_id", &vpc.project_id},
                               std::pair{"cidr", &vpc.cidr}}) {
        auto text = required_string(fields, key);
        if (!text) return text.error();
        *target = std::move(*text);
    }
    return domain::validated_vpc(std::move(vpc));
}

boost::json::object to_json(const domain::Cluster& cluster) {
    return boost::json::object{{"id", cluster.id},
                               {"project_id", cluster.project_id},
                               {"service_project_id", cluster.service_project_id},
                               {"vpc_id", cluster.vpc_id},
                               {"vpc_cidr", cluster.vpc_cidr},
                               {"subnet_cidr", cluster.subnet_cidr},
                               {"created_at", cluster.created_at}};
}

boost::json::object to_json(const domain::Vpc& vpc) {
    return boost::json::object{{"id", vpc.id},
                               {"project_id", vpc.project_id},
                               {"cidr", vpc.cidr},
                               {"created_at", vpc.created_at}};
}

}  // namespace peeringd::api::json
