#include "api/response.hpp"

#include "api/request_id.hpp"

#include <boost/json/serialize.hpp>

namespace peeringd::api {
namespace {

Response base_response(http::status status, const ResponseMeta& meta) {
    Response response{status, meta.version};
    response.keep_alive(meta.keep_alive);
    response.set("X-Request-Id", meta.request_id);
    response.set("X-Openstack-Request-Id", "req-" + new_uuid4());
    return response;
}

}  // namespace

ResponseMeta meta_for(const Request& request) {
    return ResponseMeta{new_request_id(), request.version(), request.keep_alive()};
}

Response json_response(http::status status, const boost::json::value& body,
                       const ResponseMeta& meta) {
    Response response = base_response(status, meta);
    response.set(http::field::content_type, "application/json");
    response.body() = boost::json::serialize(body);
    response.prepare_payload();
    return response;
}

Response stream_head(http::status status, const ResponseMeta& meta) {
    Response response = base_response(status, meta);
    response.keep_alive(false);
    response.set(http::field::content_type, "text/event-stream");
    response.set(http::field::cache_control, "no-cache");
    // Tells nginx-like proxies not to buffer the stream.
    response.set("X-Accel-Buffering", "no");
    return response;
}

Response empty_response(http::status status, const ResponseMeta& meta) {
    Response response = base_response(status, meta);
    response.prepare_payload();
    return response;
}

}  // namespace peeringd::api
