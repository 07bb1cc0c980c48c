#pragma once
/// Readable GoogleTest failure output for domain values (found by ADL from the assertions).

#include "domain/error.hpp"
#include "domain/peering.hpp"
#include "domain/timestamp.hpp"

#include <ostream>
#include <string_view>

namespace peeringd::domain {

inline std::string_view error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::bad_request:
            return "bad_request";
        case ErrorCode::same_vpc:
            return "same_vpc";
        case ErrorCode::request_vpc_invalid:
            return "request_vpc_invalid";
        case ErrorCode::accept_vpc_invalid:
            return "accept_vpc_invalid";
        case ErrorCode::not_found:
            return "not_found";
        case ErrorCode::peering_exists:
            return "peering_exists";
        case ErrorCode::status_invalid:
            return "status_invalid";
        case ErrorCode::not_authorized:
            return "not_authorized";
        case ErrorCode::over_quota:
            return "over_quota";
        case ErrorCode::bad_pagination:
            return "bad_pagination";
        case ErrorCode::method_not_allowed:
            return "method_not_allowed";
        case ErrorCode::payload_too_large:
            return "payload_too_large";
        case ErrorCode::internal:
            return "internal";
        case ErrorCode::unavailable:
            return "unavailable";
        case ErrorCode::unauthenticated:
            return "unauthenticated";
        case ErrorCode::no_such_route:
            return "no_such_route";
        case ErrorCode::unsupported_media_type:
            return "unsupported_media_type";
        case ErrorCode::header_too_large:
            return "header_too_large";
        case ErrorCode::uri_too_long:
            return "uri_too_long";
        case ErrorCode::forbidden:
            return "forbidden";
        case ErrorCode::registry_not_found:
            return "registry_not_found";
        case ErrorCode::registry_conflict:
            return "registry_conflict";
        case ErrorCode::cluster_not_found:
            return "cluster_not_found";
        case ErrorCode::route_not_found:
            return "route_not_found";
        case ErrorCode::precondition_failed:
            return "precondition_failed";
        case ErrorCode::revision_gone:
            return "revision_gone";
        case ErrorCode::idempotency_key_reused:
            return "idempotency_key_reused";
    }
    return "?";
}

inline void PrintTo(ErrorCode code, std::ostream* os) { *os << error_code_name(code); }

inline void PrintTo(PeeringStatus status, std::ostream* os) { *os << to_string(status); }

inline void PrintTo(const Error& error, std::ostream* os) {
    *os << error_code_name(error.code) << ": \"" << error.message << '"';
}

inline void PrintTo(const Peering& p, std::ostream* os) {
    *os << "{id=" << p.id << " status=" << to_string(p.status) << " name=\"" << p.name
        << "\" request=" << p.request.vpc_id << '/' << p.request.tenant_id
        << " accept=" << p.accept.vpc_id << '/' << p.accept.tenant_id
        << " created_at=" << format_timestamp(p.created_at)
        << " updated_at=" << format_timestamp(p.updated_at)
        << " expires_at=" << (p.expires_at ? format_timestamp(*p.expires_at) : std::string("none"))
        << '}';
}

}  // namespace peeringd::domain
