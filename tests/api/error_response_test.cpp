#include "tests/api/api_fixture.hpp"

#include "api/error_response.hpp"

#include <vector>

namespace peeringd::api::test {
namespace {

using domain::ErrorCode;

struct Row {
    ErrorCode code;
    http::status status;
    std::string_view type;  ///< empty: gateway shape (no NeutronError)
    std::string_view error_code;
};

// Spec §7.4, one row per ErrorCode in enum order.
const std::vector<Row> kCatalogue{
    {ErrorCode::bad_request, http::status::bad_request, "HTTPBadRequest", "VPC.0801"},
    {ErrorCode::same_vpc, http::status::bad_request, "InvalidInput", "VPC.0806"},
    {ErrorCode::request_vpc_invalid, http::status::bad_request, "InvalidInput", "VPC.0810"},
    {ErrorCode::accept_vpc_invalid, http::status::bad_request, "InvalidInput", "VPC.0809"},
    {ErrorCode::not_found, http::status::not_found, "PeeringNotFound", "VPC.0802"},
    {ErrorCode::peering_exists, http::status::conflict, "PeeringExists", "VPC.0803"},
    {ErrorCode::status_invalid, http::status::conflict, "PeeringStatusInvalid", "VPC.0804"},
    {ErrorCode::not_authorized, http::status::forbidden, "NotAuthorized", "VPC.0805"},
    {ErrorCode::over_quota, http::status::conflict, "OverQuota", "VPC.0807"},
    {ErrorCode::bad_pagination, http::status::bad_request, "BadRequest", "VPC.0808"},
    {ErrorCode::method_not_allowed, http::status::method_not_allowed, "HTTPMethodNotAllowed",
     "VPC.0811"},
    {ErrorCode::payload_too_large, http::status::payload_too_large, "HTTPRequestEntityTooLarge",
     "VPC.0812"},
    {ErrorCode::internal, http::status::internal_server_error, "HTTPInternalServerError",
     "VPC.0899"},
    {ErrorCode::unavailable, http::status::service_unavailable, "ServiceUnavailable", "VPC.0898"},
    {ErrorCode::unauthenticated, http::status::unauthorized, "", "APIGW.0301"},
    {ErrorCode::no_such_route, http::status::not_found, "", "APIGW.0101"},
    {ErrorCode::unsupported_media_type, http::status::unsupported_media_type,
     "HTTPUnsupportedMediaType", "VPC.0813"},
    {ErrorCode::header_too_large, http::status::request_header_fields_too_large,
     "HTTPRequestHeaderFieldsTooLarge", "VPC.0814"},
    {ErrorCode::uri_too_long, http::status::uri_too_long, "HTTPRequestURITooLong", "VPC.0815"},
    {ErrorCode::forbidden, http::status::forbidden, "Forbidden", "VPC.0816"},
    {ErrorCode::registry_not_found, http::status::not_found, "RegistryEntryNotFound", "VPC.0817"},
    {ErrorCode::registry_conflict, http::status::conflict, "RegistryEntryConflict", "VPC.0818"},
    {ErrorCode::cluster_not_found, http::status::not_found, "ClusterNotFound", "VPC.0819"},
    {ErrorCode::route_not_found, http::status::not_found, "RouteNotFound", "VPC.0820"},
    {ErrorCode::precondition_failed, http::status::precondition_failed, "PreconditionFailed", "VPC.0830"},
    {ErrorCode::revision_gone, http::status::gone, "RevisionGone", "VPC.0831"},
    {ErrorCode::idempotency_key_reused, http::status::unprocessable_entity, "IdempotencyKeyReused", "VPC.0821"},
};

// The CS family (spec §7.3/§7.4 CS catalogue): status and error_id per ErrorCode; an empty
// error_id means the gateway shape is kept.
struct CsRow {
    ErrorCode code;
    http::status status;
    std::string_view error_id;
};
const std::vector<CsRow> kCsCatalogue{
    {ErrorCode::bad_request, http::status::bad_request, "CS.10001"},
    {ErrorCode::same_vpc, http::status::bad_request, "CS.10001"},
    {ErrorCode::request_vpc_invalid, http::status::bad_request, "CS.10001"},
    {ErrorCode::accept_vpc_invalid, http::status::bad_request, "CS.10001"},
    {ErrorCode::not_found, http::status::bad_request, "CS.22103"},
    {ErrorCode::peering_exists, http::status::conflict, "CS.22104"},
    {ErrorCode::status_invalid, http::status::conflict, "CS.22105"},
    {ErrorCode::not_authorized, http::status::forbidden, "CS.10001"},
    {ErrorCode::over_quota, http::status::conflict, "CS.22106"},
    {ErrorCode::bad_pagination, http::status::bad_request, "CS.10001"},
    {ErrorCode::method_not_allowed, http::status::method_not_allowed, "CS.10001"},
    {ErrorCode::payload_too_large, http::status::payload_too_large, "CS.10001"},
    {ErrorCode::internal, http::status::internal_server_error, "CS.10000"},
    {ErrorCode::unavailable, http::status::service_unavailable, "CS.10000"},
    {ErrorCode::unauthenticated, http::status::unauthorized, ""},
    {ErrorCode::no_such_route, http::status::not_found, ""},
    {ErrorCode::unsupported_media_type, http::status::unsupported_media_type, "CS.10001"},
    {ErrorCode::header_too_large, http::status::request_header_fields_too_large, "CS.10001"},
    {ErrorCode::uri_too_long, http::status::uri_too_long, "CS.10001"},
    {ErrorCode::forbidden, http::status::forbidden, "CS.10001"},
    {ErrorCode::registry_not_found, http::status::not_found, "CS.10001"},
    {ErrorCode::registry_conflict, http::status::conflict, "CS.22104"},
    {ErrorCode::cluster_not_found, http::status::bad_request, "CS.20005"},
    {ErrorCode::route_not_found, http::status::bad_request, "CS.22107"},
    {ErrorCode::precondition_failed, http::status::precondition_failed, "CS.10001"},
    {ErrorCode::revision_gone, http::status::gone, "CS.10001"},
    {ErrorCode::idempotency_key_reused, http::status::unprocessable_entity, "CS.10001"},
};

std::string expected_message(ErrorCode code, const std::string& given) {
    switch (code) {
        case ErrorCode::internal:
            return "Request Failed: internal server error while processing your request.";
        case ErrorCode::unavailable: return "Service temporarily unavailable, retry later.";
        case ErrorCode::no_such_route:
            return "The API does not exist or has not been published in the environment";
        case ErrorCode::unauthenticated:  // one generic text; the reason goes to the log
            return "Incorrect IAM authentication information: the request is not signed "
                   "correctly, or its credentials are unknown, expired or not valid for this "
                   "project";
        default: return given;
    }
}

TEST(ErrorResponse, CatalogueCoversEveryErrorCode) {
    EXPECT_EQ(kCatalogue.size(), static_cast<std::size_t>(ErrorCode::idempotency_key_reused) + 1);
    for (std::size_t i = 0; i < kCatalogue.size(); ++i)
        EXPECT_EQ(static_cast<std::size_t>(kCatalogue[i].code), i);
    ASSERT_EQ(kCsCatalogue.size(), kCatalogue.size());
    for (std::size_t i = 0; i < kCsCatalogue.size(); ++i)
        EXPECT_EQ(static_cast<std::size_t>(kCsCatalogue[i].code), i);
}

TEST(ErrorResponse, CsFamilyUsesTheCsBodyShape) {
    for (const CsRow& row : kCsCatalogue) {
        SCOPED_TRACE(static_cast<int>(row.code));
        const ResponseMeta meta{"0123456789abcdef0123456789abcdef", 11, true, ApiFamily::cs_v1};
        const auto response = make_error_response({row.code, "detail"}, meta);
        EXPECT_EQ(response.result(), row.status);
        const auto body = body_of(response).as_object();
        if (row.error_id.empty()) {
            EXPECT_FALSE(body.contains("error_id")) << response.body();
            continue;
        }
        EXPECT_EQ(body.size(), 4U) << response.body();
        EXPECT_EQ(body.at("error_id").as_string(), row.error_id);
        EXPECT_EQ(body.at("error_code").as_string(), row.error_id);
        EXPECT_EQ(body.at("error_msg"), body.at("error_cause"));
        EXPECT_EQ(vendor_error_code(row.code, ApiFamily::cs_v1), row.error_id);
    }
}

TEST(ErrorResponse, EveryErrorCodeMapsToItsStatusTypeAndBody) {
    ApiHarness harness;
    for (const Row& row : kCatalogue) {
        SCOPED_TRACE(std::string(row.error_code));
        const std::string given = "detail " + std::string(row.error_code);
        const auto response = harness.api().error_response({row.code, given}, 11);
        EXPECT_EQ(response.result(), row.status);
        EXPECT_EQ(response[http::field::content_type], "application/json");
        const auto body = body_of(response).as_object();
        const auto message = expected_message(row.code, given);
        EXPECT_EQ(body.at("error_code").as_string(), row.error_code);
        EXPECT_EQ(body.at("error_msg").as_string(), message);
        EXPECT_EQ(body.at("request_id").as_string(), response["X-Request-Id"]);
        if (row.type.empty()) {
            EXPECT_EQ(body.size(), 3U) << response.body();
            EXPECT_FALSE(body.contains("NeutronError"));
        } else {
            const auto& neutron = body.at("NeutronError").as_object();
            EXPECT_EQ(neutron.at("type").as_string(), row.type);
            EXPECT_EQ(neutron.at("message").as_string(), message);
            EXPECT_EQ(neutron.at("detail").as_string(), "");
        }
    }
}

TEST(ErrorResponse, InternalNeverLeaksTheMessage) {
    ApiHarness harness;
    const auto response =
        harness.api().error_response({ErrorCode::internal, "sqlite: disk I/O error at /var"}, 11);
    EXPECT_EQ(response.body().find("sqlite"), std::string::npos);
}

TEST(ErrorResponse, UnavailableCarriesRetryAfter) {
    ApiHarness harness;
    const auto response = harness.api().error_response({ErrorCode::unavailable, "busy"}, 11);
    EXPECT_EQ(response[http::field::retry_after], "1");
}

TEST(ErrorResponse, PreParseErrorsKeepTheVersionAndClose) {
    ApiHarness harness;
    const auto response =
        harness.api().error_response({ErrorCode::payload_too_large, "Request body too large."}, 10);
    EXPECT_EQ(response.version(), 10U);
    EXPECT_FALSE(response.keep_alive());
    EXPECT_EQ(response[http::field::content_length], std::to_string(response.body().size()));
}

}  // namespace
}  // namespace peeringd::api::test
