#pragma once
/// The only mapping from domain::ErrorCode to HTTP status, error type, error code and body shape
/// (spec §7.3-§7.4).

#include "api/http_types.hpp"
#include "api/response.hpp"
#include "domain/error.hpp"

#include <string_view>

namespace peeringd::api {

/// The vendor error_code of the body (e.g. "VPC.0802", "APIGW.0301"), for logs and metrics.
std::string_view vendor_error_code(domain::ErrorCode code,
                                   ApiFamily family = ApiFamily::vpc_v2);

/// The full error response, in the body shape of `meta.family`. `allow` becomes the Allow header of a 405 (the methods the path
/// does support); it is ignored for every other code.
Response make_error_response(const domain::Error& error, const ResponseMeta& meta,
                             std::string_view allow = {});

}  // namespace peeringd::api
