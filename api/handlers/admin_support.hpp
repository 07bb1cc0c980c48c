#pragma once
/// The gate of the registry administration endpoints.

#include "api/authenticator.hpp"
#include "domain/error.hpp"

namespace peeringd::api {

/// 403 unless the credential was issued with --admin: registries decide which VPCs and clusters
/// projects may use, so no project may edit them for itself.
inline domain::Result<void> require_admin(const Identity& identity) {
    if (identity.admin) return {};
    return domain::Error{domain::ErrorCode::forbidden,
                         "This operation is restricted to administrators."};
}

}  // namespace peeringd::api
