#pragma once
/// Beast message values the API works on (never streams or sockets).

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace peeringd::api {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

}  // namespace peeringd::api
