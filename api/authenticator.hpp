#pragma once
/// The one replaceable authentication step in front of every handler. Today's only mode trusts
/// the X-Project-Id header (development); signed requests and tokens replace it later.

#include "api/http_types.hpp"
#include "domain/error.hpp"

#include <optional>
#include <string>

namespace peeringd::api {

/// Who is calling. `project` is the caller's project; an admin identity may have none.
struct Identity {
    std::optional<std::string> project;
    bool admin = false;
    std::string credential_id;  ///< for logs; never a secret
};

class Authenticator {
public:
    virtual ~Authenticator() = default;
    /// Error{unauthenticated} (gateway 401) when the request proves no identity.
    virtual domain::Result<Identity> authenticate(const Request& request) const = 0;
};

/// Trusts X-Project-Id as the caller's project (validated as a tenant id). Insecure by design.
class HeaderProjectAuthenticator final : public Authenticator {
public:
    domain::Result<Identity> authenticate(const Request& request) const override;
};

}  // namespace peeringd::api
