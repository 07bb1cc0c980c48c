#pragma once
/// Random identifiers minted per response (spec §2): X-Request-Id and X-Openstack-Request-Id.

#include <string>

namespace peeringd::api {

/// 32 lowercase hex digits (128 random bits).
std::string new_request_id();

/// A random UUIDv4 in canonical lowercase form.
std::string new_uuid4();

}  // namespace peeringd::api
