#include "api/authenticator.hpp"

#include "domain/validation.hpp"

#include <iterator>
#include <string>

namespace peeringd::api {
namespace {

domain::Error unauthenticated(std::string reason) {
    return domain::Error{domain::ErrorCode::unauthenticated, std::move(reason)};
}

}  // namespace

boost::asio::awaitable<domain::Result<Identity>> HeaderProjectAuthenticator::authenticate(
    const Request& request) const {
    co_return identify(request);
}

domain::Result<Identity> HeaderProjectAuthenticator::identify(const Request& request) {
    const auto [first, last] = request.equal_range("X-Project-Id");
    if (first == last) return unauthenticated("missing X-Project-Id header");
    // Two headers could be read differently by a proxy and by us: refuse rather than pick one.
    if (std::next(first) != last) return unauthenticated("repeated X-Project-Id header");
    const std::string project(first->value());
    if (!domain::validate_tenant_id(project, "X-Project-Id"))
        return unauthenticated("X-Project-Id is not a valid project id");
    return Identity{project, false, "x-project-id"};
}

}  // namespace peeringd::api
