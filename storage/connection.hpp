#pragma once
/// One database connection (SQLite or PostgreSQL) with the repositories bound to it, and what a
/// DbWorker job returns.

#include "storage/repositories.hpp"
#include "storage/sql/session.hpp"

#include <memory>
#include <type_traits>

namespace peeringd::storage {

/// One connection and the repositories bound to it; used by one thread at a time.
struct Connection {
    Connection(std::unique_ptr<sql::Session> opened, RepositoryPolicy policy, const crypto::SecretBox* secrets)
        : session(std::move(opened)), repositories(*session, std::move(policy), secrets) {}

    std::unique_ptr<sql::Session> session;  ///< declared first: the repositories use it
    Repositories repositories;
};

/// What a job `fn(Repositories&)` returns.
template <class F>
using JobResult = std::invoke_result_t<F&, Repositories&>;

}  // namespace peeringd::storage
