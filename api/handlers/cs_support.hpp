#pragma once
/// The checks every CS v1.0 handler starts with (spec §4): the path's project must be the
/// authenticated one, and the cluster id must be an integer.

#include "api/handlers/handler.hpp"
#include "domain/error.hpp"

#include <cstdint>
#include <string>

namespace peeringd::api {

/// The caller, acting for one cluster. Whether it owns the cluster is storage's check (in the
/// same transaction as the use case).
struct CsScope {
    std::string project;
    std::int64_t cluster_id = 0;
};

/// CS.10001 (bad_request) when the path project differs from the caller's or the cluster id is
/// not an integer; G1 when the identity has no project.
domain::Result<CsScope> cs_scope(const RequestContext& ctx);

}  // namespace peeringd::api
