#include "api/json/cs_codec.hpp"

#include "api/json/fields.hpp"
#include "api/json/peering_codec.hpp"
#include "domain/cidr.hpp"
#include "domain/validation.hpp"

namespace peeringd::api::json {

domain::Result<domain::CsCreateCommand> cs_create_command_from_json(const boost::json::value& body) {
    auto object = body_object(body, "");
    if (!object) return object.error();
    const auto& fields = **object;
    if (auto ok = only_known(fields, {"vpc_id", "name", "accept_tenant_id"}); !ok)
        return ok.error();
    auto name = required_string(fields, "name");
    if (!name) return name.error();
    if (auto ok = domain::validate_name(*name); !ok) return ok.error();
    auto vpc_text = required_string(fields, "vpc_id");
    if (!vpc_text) return vpc_text.error();
    auto vpc_id = domain::parse_vpc_id(*vpc_text, "vpc_id");
    if (!vpc_id) return vpc_id.error();
    auto tenant = optional_string(fields, "accept_tenant_id");
    if (!tenant) return tenant.error();
    domain::CsCreateCommand cmd{std::move(*name), std::move(*vpc_id), {}};
    if (*tenant && !(*tenant)->empty()) {
        if (auto ok = domain::validate_tenant_id(**tenant, "accept_tenant_id"); !ok)
            return ok.error();
        cmd.accept_tenant_id = std::move(**tenant);
    }
    return cmd;
}

domain::Result<std::string> route_destination_from_json(const boost::json::value& body) {
    auto object = body_object(body, "");
    if (!object) return object.error();
    if (auto ok = only_known(**object, {"destination"}); !ok) return ok.error();
    auto text = required_string(**object, "destination");
    if (!text) return text.error();
    auto cidr = domain::parse_ipv4_cidr(*text, "destination");
    if (!cidr) return cidr.error();
    return domain::to_string(*cidr);
}

boost::json::object to_json(const domain::Route& route) {
    return boost::json::object{{"type", "peering"},           {"nexthop", route.peering_id},
                               {"destination", route.destination}, {"vpc_id", route.vpc_id},
                               {"tenant_id", route.tenant_id},     {"id", route.id}};
}

boost::json::object cs_list_entry(const domain::Peering& peering, const domain::Cluster& cluster) {
    auto entry = to_json(peering);
    auto& request = entry["request_vpc_info"].as_object();
    request["vpc_cidr"] = cluster.vpc_cidr;
    request["subnet_cidr"] = cluster.subnet_cidr;
    return entry;
}

}  // namespace peeringd::api::json
