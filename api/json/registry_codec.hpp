#pragma once
/// JSON of the admin registry endpoints (docs/API.md): `{"cluster": {...}}` and `{"vpc": {...}}`
/// bodies, validated and canonicalized by the domain.

#include "domain/error.hpp"
#include "domain/registry.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace peeringd::api::json {

/// `{"cluster": {"id", "project_id", "service_project_id", "vpc_id", "vpc_cidr", "subnet_cidr"}}`
domain::Result<domain::Cluster> cluster_from_json(const boost::json::value& body);

/// `{"vpc": {"id", "project_id", "cidr"}}`
domain::Result<domain::Vpc> vpc_from_json(const boost::json::value& body);

boost::json::object to_json(const domain::Cluster& cluster);
boost::json::object to_json(const domain::Vpc& vpc);

}  // namespace peeringd::api::json
