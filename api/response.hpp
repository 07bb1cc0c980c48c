#pragma once
/// Building responses with the headers every answer carries (spec §2).

#include "api/http_types.hpp"

#include <boost/json/value.hpp>

#include <string>

namespace peeringd::api {

/// Which API family a path belongs to; it selects the error body shape (spec §7.3).
enum class ApiFamily { vpc_v2, cs_v1 };

/// What a response copies from its request, plus the id minted for it.
struct ResponseMeta {
    std::string request_id;  ///< 32 hex; also the error body's request_id
    unsigned version = 11;
    bool keep_alive = true;
    ApiFamily family = ApiFamily::vpc_v2;  ///< set once the router matched the path
};

/// Meta for answering `request`, with a fresh request id.
ResponseMeta meta_for(const Request& request);

/// `body` serialized with Content-Type application/json.
Response json_response(http::status status, const boost::json::value& body,
                       const ResponseMeta& meta);

/// The head of a Server-Sent Events stream: text/event-stream, no caching, no Content-Length,
/// Connection: close (the body ends when the connection does).
Response stream_head(http::status status, const ResponseMeta& meta);

/// No body and no Content-Type (204).
Response empty_response(http::status status, const ResponseMeta& meta);

}  // namespace peeringd::api
