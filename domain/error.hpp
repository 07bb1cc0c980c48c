#pragma once
/// The one error model of peeringd: expected outcomes travel as values (Result<T>),
/// and api/error_response.cpp is the only place that turns them into HTTP.

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>

#include <stdexcept>
#include <string>

namespace peeringd::domain {

/// Each enumerator is one row (or one family of rows) of the spec's error catalogue §7.4.
enum class ErrorCode {
    bad_request,             ///< E1-E8: malformed body, missing/unknown/invalid attribute
    same_vpc,                ///< E9: request VPC == accept VPC
    request_vpc_invalid,     ///< E10: request VPC or tenant is not the caller's
    accept_vpc_invalid,      ///< E11: accept VPC unknown or not in the stated project
    not_found,               ///< E12: no peering visible under that id
    peering_exists,          ///< E13: a live peering already joins the VPC pair
    status_invalid,          ///< E14: accept/reject outside PENDING_ACCEPTANCE
    not_authorized,          ///< E15: requester tried to accept/reject
    over_quota,              ///< E16
    bad_pagination,          ///< E17/E18: bad limit or marker
    method_not_allowed,      ///< E19
    payload_too_large,       ///< E20
    internal,                ///< E21: a bug; the message never reaches the client
    unavailable,             ///< E22: storage busy/full/read-only; retry later
    unauthenticated,         ///< G1: gateway-style 401
    no_such_route,           ///< G2: gateway-style 404
    unsupported_media_type,  ///< 415: a body that is not declared as JSON
    header_too_large,        ///< 431: header block over the limit
    uri_too_long,            ///< 414: request target over the limit
    // Registries and the CS API (spec §4, §6.7, §7.4 CS catalogue); peeringd's own rows.
    forbidden,               ///< 403: an admin-only endpoint called without an admin identity
    registry_not_found,      ///< 404: no such cluster/VPC registry entry (admin endpoints)
    registry_conflict,       ///< 409: entry exists, cluster still in use, duplicate route
    cluster_not_found,       ///< CS.20005: unknown cluster, or not owned by the path project
    route_not_found,         ///< CS route id that names no route of the peering
    // The change feed and optimistic concurrency (docs/API.md); peeringd's own rows.
    precondition_failed,     ///< 412: If-Match names a revision that is no longer current
    revision_gone,           ///< 410: a feed position older than the retained history
    idempotency_key_reused,  ///< 422: an Idempotency-Key sent again with another body (extension)
};

struct Error {
    ErrorCode code;
    std::string message;
};

/// Thrown by Result::value() on an error; carries the domain error unchanged.
class ErrorException : public std::runtime_error {
public:
    explicit ErrorException(Error error)
        : std::runtime_error(error.message), error_(std::move(error)) {}
    const Error& error() const noexcept { return error_; }

private:
    Error error_;
};

/// ADL hook that boost::system::result<T, Error>::value() calls on failure.
[[noreturn]] inline void throw_exception_from_error(const Error& e, const boost::source_location&) {
    throw ErrorException(e);
}

template <class T>
using Result = boost::system::result<T, Error>;

}  // namespace peeringd::domain
