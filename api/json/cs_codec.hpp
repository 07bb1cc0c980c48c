#pragma once
/// JSON of the CS v1.0 façade (spec §4): the flat create body, the route body and objects.
/// CS peering objects are the v2.0 object (§4.1 allows the extra fields); list entries add the
/// cluster's CIDRs to request_vpc_info (§4.2).

#include "domain/cs_peering.hpp"
#include "domain/error.hpp"
#include "domain/registry.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>

namespace peeringd::api::json {

/// `{"vpc_id", "name", "accept_tenant_id"?}`; an empty accept_tenant_id counts as absent.
domain::Result<domain::CsCreateCommand> cs_create_command_from_json(const boost::json::value& body);

/// `{"destination": CIDR}` → the canonical CIDR.
domain::Result<std::string> route_destination_from_json(const boost::json::value& body);

/// §4.5 route object.
boost::json::object to_json(const domain::Route& route);

/// A §4.2 list entry: the peering with vpc_cidr and subnet_cidr in request_vpc_info.
boost::json::object cs_list_entry(const domain::Peering& peering, const domain::Cluster& cluster);

}  // namespace peeringd::api::json
