#include "api/error_response.hpp"

#include <boost/json/object.hpp>

#include <string>

namespace peeringd::api {
namespace {

using domain::ErrorCode;

enum class Shape { neutron, gateway, cs };

struct Mapping {
    http::status status;
    std::string_view type;  ///< NeutronError.type (empty for the gateway and CS shapes)
    std::string_view code;  ///< error_code
    Shape shape = Shape::neutron;
};

// Messages the client sees regardless of what the error carried: a 500/503 must not leak
// internals (SQLite text, paths), and the gateway 404 text is what real gateways print.
constexpr std::string_view kInternalMessage =
    "Request Failed: internal server error while processing your request.";
constexpr std::string_view kUnavailableMessage = "Service temporarily unavailable, retry later.";
constexpr std::string_view kNoRouteMessage =
    "The API does not exist or has not been published in the environment";
constexpr std::string_view kAuthGeneric =
    "Incorrect IAM authentication information: the request is not signed correctly, or its "
    "credentials are unknown, expired or not valid for this project";

// No default label: -Wswitch flags a new ErrorCode that has no row here.
Mapping mapping_for(ErrorCode code) {
    using s = http::status;
    switch (code) {
        case ErrorCode::bad_request: return {s::bad_request, "HTTPBadRequest", "VPC.0801"};
        case ErrorCode::same_vpc: return {s::bad_request, "InvalidInput", "VPC.0806"};
        case ErrorCode::request_vpc_invalid: return {s::bad_request, "InvalidInput", "VPC.0810"};
        case ErrorCode::accept_vpc_invalid: return {s::bad_request, "InvalidInput", "VPC.0809"};
        case ErrorCode::not_found: return {s::not_found, "PeeringNotFound", "VPC.0802"};
        case ErrorCode::peering_exists: return {s::conflict, "PeeringExists", "VPC.0803"};
        case ErrorCode::status_invalid: return {s::conflict, "PeeringStatusInvalid", "VPC.0804"};
        case ErrorCode::not_authorized: return {s::forbidden, "NotAuthorized", "VPC.0805"};
        case ErrorCode::over_quota: return {s::conflict, "OverQuota", "VPC.0807"};
        case ErrorCode::bad_pagination: return {s::bad_request, "BadRequest", "VPC.0808"};
        case ErrorCode::method_not_allowed:
            return {s::method_not_allowed, "HTTPMethodNotAllowed", "VPC.0811"};
        case ErrorCode::payload_too_large:
            return {s::payload_too_large, "HTTPRequestEntityTooLarge", "VPC.0812"};
        case ErrorCode::internal:
            return {s::internal_server_error, "HTTPInternalServerError", "VPC.0899"};
        case ErrorCode::unavailable:
            return {s::service_unavailable, "ServiceUnavailable", "VPC.0898"};
        case ErrorCode::unsupported_media_type:
            return {s::unsupported_media_type, "HTTPUnsupportedMediaType", "VPC.0813"};
        case ErrorCode::header_too_large:
            return {s::request_header_fields_too_large, "HTTPRequestHeaderFieldsTooLarge",
                    "VPC.0814"};
        case ErrorCode::uri_too_long:
            return {s::uri_too_long, "HTTPRequestURITooLong", "VPC.0815"};
        case ErrorCode::unauthenticated:
            return {s::unauthorized, "", "APIGW.0301", Shape::gateway};
        case ErrorCode::no_such_route:
            return {s::not_found, "", "APIGW.0101", Shape::gateway};
        case ErrorCode::forbidden: return {s::forbidden, "Forbidden", "VPC.0816"};
        case ErrorCode::registry_not_found:
            return {s::not_found, "RegistryEntryNotFound", "VPC.0817"};
        case ErrorCode::registry_conflict:
            return {s::conflict, "RegistryEntryConflict", "VPC.0818"};
        // Only CS paths produce these two; the v2.0 rows exist because every code needs one.
        case ErrorCode::cluster_not_found: return {s::not_found, "ClusterNotFound", "VPC.0819"};
        case ErrorCode::route_not_found: return {s::not_found, "RouteNotFound", "VPC.0820"};
        // Codes from VPC.0830 up: the change feed's own range (docs/API.md).
        case ErrorCode::precondition_failed:
            return {s::precondition_failed, "PreconditionFailed", "VPC.0830"};
        case ErrorCode::revision_gone: return {s::gone, "RevisionGone", "VPC.0831"};
        case ErrorCode::idempotency_key_reused:
            return {s::unprocessable_entity, "IdempotencyKeyReused", "VPC.0821"};
    }
    return {s::internal_server_error, "HTTPInternalServerError", "VPC.0899"};  // corrupt enum value
}

/// The CS catalogue (spec §7.4, after the table): CS.22103 unknown peering and CS.20005
/// unknown cluster are HTTP 400 (Terraform's CS waiter expects exactly that), conflicts are 409
/// CS.22104-22106, other client errors CS.10001 with the v2.0 status, server faults CS.10000.
/// Gateway errors (401, unknown path) keep the gateway shape on every family.
Mapping cs_mapping_for(ErrorCode code) {
    using s = http::status;
    Mapping base = mapping_for(code);
    if (base.shape == Shape::gateway) return base;
    switch (code) {
        case ErrorCode::not_found: return {s::bad_request, "", "CS.22103", Shape::cs};
        case ErrorCode::cluster_not_found: return {s::bad_request, "", "CS.20005", Shape::cs};
        case ErrorCode::route_not_found: return {s::bad_request, "", "CS.22107", Shape::cs};
        case ErrorCode::peering_exists:
        case ErrorCode::registry_conflict: return {s::conflict, "", "CS.22104", Shape::cs};
        case ErrorCode::status_invalid: return {s::conflict, "", "CS.22105", Shape::cs};
        case ErrorCode::over_quota: return {s::conflict, "", "CS.22106", Shape::cs};
        default: break;
    }
    const bool server_fault = static_cast<unsigned>(base.status) >= 500;
    return {base.status, "", server_fault ? "CS.10000" : "CS.10001", Shape::cs};
}

Mapping mapping_for(ErrorCode code, ApiFamily family) {
    return family == ApiFamily::cs_v1 ? cs_mapping_for(code) : mapping_for(code);
}

std::string client_message(const domain::Error& error) {
    switch (error.code) {
        case ErrorCode::internal: return std::string(kInternalMessage);
        case ErrorCode::unavailable: return std::string(kUnavailableMessage);
        case ErrorCode::no_such_route: return std::string(kNoRouteMessage);
        // One text for every authentication failure: the precise reason (unknown AK, bad
        // signature, clock skew, ...) would help an attacker and goes to the log instead.
        case ErrorCode::unauthenticated: return std::string(kAuthGeneric);
        default: return error.message;
    }
}

boost::json::object error_body(const Mapping& mapping, const std::string& message,
                               const std::string& request_id) {
    boost::json::object body;
    if (mapping.shape == Shape::cs) {  // §7.3: error_msg and error_cause carry the same text
        body["error_id"] = mapping.code;
        body["error_code"] = mapping.code;
        body["error_msg"] = message;
        body["error_cause"] = message;
        return body;
    }
    if (mapping.shape == Shape::neutron) {
        body["NeutronError"] = boost::json::object{
            {"type", mapping.type}, {"message", message}, {"detail", ""}};
    }
    body["error_code"] = mapping.code;
    body["error_msg"] = message;
    body["request_id"] = request_id;
    return body;
}

}  // namespace

std::string_view vendor_error_code(domain::ErrorCode code, ApiFamily family) {
    return mapping_for(code, family).code;
}

Response make_error_response(const domain::Error& error, const ResponseMeta& meta,
                             std::string_view allow) {
    const Mapping mapping = mapping_for(error.code, meta.family);
    const std::string message = client_message(error);
    Response response = json_response(mapping.status,
                                      error_body(mapping, message, meta.request_id), meta);
    if (error.code == ErrorCode::method_not_allowed && !allow.empty())
        response.set(http::field::allow, allow);
    // Storage trouble is transient (busy writer, full disk): tell clients when to retry.
    if (error.code == ErrorCode::unavailable) response.set(http::field::retry_after, "1");
    return response;
}

}  // namespace peeringd::api
