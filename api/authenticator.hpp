#pragma once
/// The one replaceable authentication step in front of every handler: signed requests and
/// tokens (api/auth/) in production, the X-Project-Id header only in development mode.

#include "api/http_types.hpp"
#include "domain/error.hpp"

#include <boost/asio/awaitable.hpp>

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
    /// Error{unauthenticated} (gateway 401) when the request proves no identity; the message is
    /// the precise reason, for the log only (the client sees one generic text).
    virtual boost::asio::awaitable<domain::Result<Identity>> authenticate(const Request& request) const = 0;
};

/// Trusts X-Project-Id as the caller's project (validated as a tenant id). Insecure by design:
/// only behind peeringd --insecure-dev-auth.
class HeaderProjectAuthenticator final : public Authenticator {
public:
    boost::asio::awaitable<domain::Result<Identity>> authenticate(const Request& request) const override;
    /// The synchronous check behind authenticate().
    static domain::Result<Identity> identify(const Request& request);
};

}  // namespace peeringd::api
