#pragma once
/// Method + path-segment routing of the v2.0 API (spec §3), without regular expressions.
/// A trailing slash is ignored (§2); unknown paths are G2 and known paths with another
/// method are E19, both decided by the caller from the RouteResult.

#include "api/handlers/handler.hpp"
#include "api/http_types.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace peeringd::api {

struct RouteMatch {
    Handler handler = nullptr;
    bool reads_body = false;  ///< the handler parses the body (so Content-Type matters)
    std::string id;           ///< decoded {id} segment, empty when the route has none
};

struct RouteResult {
    std::optional<RouteMatch> match;
    /// When nothing matched but the path exists: its methods for the Allow header ("GET, POST").
    std::string allow;
};

/// `path` is the raw (percent-encoded) path of the request target, without the query.
RouteResult route(http::verb method, std::string_view path);

}  // namespace peeringd::api
