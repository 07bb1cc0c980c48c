#pragma once
/// Method + path-segment routing of the v2.0 API (spec §3), the CS v1.0 façade (§4) and the
/// admin registry endpoints, without regular expressions.
/// A trailing slash is ignored (§2); unknown paths are G2 and known paths with another
/// method are E19, both decided by the caller from the RouteResult.

#include "api/handlers/handler.hpp"
#include "api/http_types.hpp"
#include "api/response.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace peeringd::api {

struct RouteMatch {
    Handler handler = nullptr;
    bool reads_body = false;  ///< the handler parses the body (so Content-Type matters)
    std::string id;           ///< decoded {id} segment, empty when the route has none
    CsPathParams cs_path;     ///< decoded {project}/{cluster}/{route} segments
};

/// Label for requests whose path matches no route: keeps metric label values bounded.
inline constexpr std::string_view kUnmatchedRoute = "unmatched";

struct RouteResult {
    std::optional<RouteMatch> match;
    /// When nothing matched but the path exists: its methods for the Allow header ("GET, POST").
    std::string allow;
    /// The path template that matched ("/v2.0/vpc/peerings/{id}"), also when only the method
    /// did not; kUnmatchedRoute when no path matched. Never the raw path (unbounded, tenant ids).
    std::string_view route_template = kUnmatchedRoute;
    /// The family of the matched path (its error body shape); vpc_v2 when no path matched.
    ApiFamily family = ApiFamily::vpc_v2;
};

/// `path` is the raw (percent-encoded) path of the request target, without the query.
RouteResult route(http::verb method, std::string_view path);

}  // namespace peeringd::api
