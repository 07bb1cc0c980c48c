#include "tests/api/api_fixture.hpp"

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
    EXPECT_EQ(kCatalogue.size(), static_cast<std::size_t>(ErrorCode::uri_too_long) + 1);
    for (std::size_t i = 0; i < kCatalogue.size(); ++i)
        EXPECT_EQ(static_cast<std::size_t>(kCatalogue[i].code), i);
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
