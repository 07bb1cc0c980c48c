#pragma once
/// Every repository of one connection, as one bundle: what each DbWorker job is handed
/// (`[...](storage::Repositories& repos) { return repos.peerings.create(...); }`), so that a job
/// names the repositories it uses instead of being told one by its parameter's type.

#include "storage/credential_repository.hpp"
#include "storage/peering_repository.hpp"
#include "storage/registry_repository.hpp"

namespace peeringd::storage {

struct Repositories {
    /// All bound to `session`, which must outlive them.
    Repositories(sql::Session& session, RepositoryPolicy policy, const crypto::SecretBox* secrets)
        : peerings(session, std::move(policy)), credentials(session, secrets), registry(session) {}

    PeeringRepository peerings;
    CredentialRepository credentials;
    RegistryRepository registry;
};

}  // namespace peeringd::storage
