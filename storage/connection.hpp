#pragma once
/// One database connection (SQLite or PostgreSQL) with the repositories bound to it, and how a DbWorker job is handed
/// the repository it asks for.

#include "storage/credential_repository.hpp"
#include "storage/peering_repository.hpp"
#include "storage/registry_repository.hpp"

#include <memory>
#include <type_traits>

namespace peeringd::storage::sql {
class Session;
}

namespace peeringd::storage {

/// One connection and the repositories bound to it; used by one thread at a time.
struct Connection {
    std::unique_ptr<sql::Session> session;
    std::unique_ptr<PeeringRepository> peerings;
    std::unique_ptr<CredentialRepository> credentials;
    std::unique_ptr<RegistryRepository> registry;
    ~Connection();
};

/// What a job returns: fn is called with whichever repository it accepts.
template <class F>
using JobResult = typename std::conditional_t<
    std::is_invocable_v<F&, CredentialRepository&>, std::invoke_result<F&, CredentialRepository&>,
    std::conditional_t<std::is_invocable_v<F&, RegistryRepository&>,
                       std::invoke_result<F&, RegistryRepository&>,
                       std::invoke_result<F&, PeeringRepository&>>>::type;

/// Hands fn the repository it asks for, bound to `connection`.
template <class F>
auto call_with_repository(F& fn, Connection& connection) {
    if constexpr (std::is_invocable_v<F&, CredentialRepository&>)
        return fn(*connection.credentials);
    else if constexpr (std::is_invocable_v<F&, RegistryRepository&>)
        return fn(*connection.registry);
    else
        return fn(*connection.peerings);
}

}  // namespace peeringd::storage
