#include "api/router.hpp"

#include "api/query_string.hpp"

#include <array>
#include <vector>

namespace peeringd::api {
namespace {

constexpr std::string_view kIdParam = "{id}";

struct Route {
    http::verb method;
    std::string_view path;  ///< template; "{id}" matches one non-empty segment
    Handler handler;
    bool reads_body;
};

// Order within a path is the order of the Allow header.
const std::array<Route, 7> kRoutes{{
    {http::verb::get, "/v2.0/vpc/peerings", &list_peerings, false},
    {http::verb::post, "/v2.0/vpc/peerings", &create_peering, true},
    {http::verb::get, "/v2.0/vpc/peerings/{id}", &show_peering, false},
    {http::verb::put, "/v2.0/vpc/peerings/{id}", &update_peering, true},
    {http::verb::delete_, "/v2.0/vpc/peerings/{id}", &delete_peering, false},
    // accept/reject ignore any body (§3.5), so its Content-Type does not matter either.
    {http::verb::put, "/v2.0/vpc/peerings/{id}/accept", &accept_peering, false},
    {http::verb::put, "/v2.0/vpc/peerings/{id}/reject", &reject_peering, false},
}};

/// "/a/b/" -> {"a", "b"}: the leading slash is required, one trailing slash is dropped.
std::optional<std::vector<std::string_view>> split_path(std::string_view path) {
    if (path.empty() || path.front() != '/') return std::nullopt;
    path.remove_prefix(1);
    if (!path.empty() && path.back() == '/') path.remove_suffix(1);
    std::vector<std::string_view> segments;
    while (true) {
        const auto slash = path.find('/');
        segments.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return segments;
}

/// True when `segments` fit `route_path`; the decoded {id} goes to `id`.
bool matches(std::string_view route_path, const std::vector<std::string_view>& segments,
             std::string& id) {
    const auto pattern = split_path(route_path);
    if (pattern->size() != segments.size()) return false;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const std::string decoded = percent_decode(segments[i], false);
        if ((*pattern)[i] == kIdParam) {
            if (decoded.empty()) return false;
            id = decoded;
        } else if ((*pattern)[i] != decoded) {
            return false;
        }
    }
    return true;
}

}  // namespace

RouteResult route(http::verb method, std::string_view path) {
    RouteResult result;
    const auto segments = split_path(path);
    if (!segments) return result;
    for (const Route& candidate : kRoutes) {
        std::string id;
        if (!matches(candidate.path, *segments, id)) continue;
        if (candidate.method == method) {
            result.match = RouteMatch{candidate.handler, candidate.reads_body, std::move(id)};
            return result;
        }
        if (!result.allow.empty()) result.allow += ", ";
        result.allow += http::to_string(candidate.method);
    }
    return result;
}

}  // namespace peeringd::api
