#include "api/router.hpp"

#include "api/query_string.hpp"

#include <vector>

namespace peeringd::api {
namespace {

constexpr std::string_view kCsPrefix = "/v1.0/";

struct Route {
    http::verb method;
    std::string_view path;  ///< template; each "{name}" matches one non-empty segment
    Handler handler;
    bool reads_body;
};

// Order within a path is the order of the Allow header.
const Route kRoutes[] = {
    {http::verb::get, "/v2.0/vpc/peerings", &list_peerings, false},
    {http::verb::post, "/v2.0/vpc/peerings", &create_peering, true},
    {http::verb::get, "/v2.0/vpc/peerings/{id}", &show_peering, false},
    {http::verb::put, "/v2.0/vpc/peerings/{id}", &update_peering, true},
    {http::verb::delete_, "/v2.0/vpc/peerings/{id}", &delete_peering, false},
    // accept/reject ignore any body (§3.5), so its Content-Type does not matter either.
    {http::verb::put, "/v2.0/vpc/peerings/{id}/accept", &accept_peering, false},
    {http::verb::put, "/v2.0/vpc/peerings/{id}/reject", &reject_peering, false},
    // The change feed (peeringd extension, docs/API.md).
    {http::verb::get, "/v2.0/vpc/peerings/{id}/history", &peering_history, false},
    {http::verb::get, "/v2.0/vpc/peering-events", &peering_events, false},
    // CS v1.0 (§4); the family of a path follows from kCsPrefix.
    {http::verb::get, "/v1.0/{project}/reserved_cluster/{cluster}/peering", &cs_list_peerings, false},
    {http::verb::post, "/v1.0/{project}/reserved_cluster/{cluster}/peering", &cs_create_peering, true},
    {http::verb::get, "/v1.0/{project}/reserved_cluster/{cluster}/peering/{id}", &cs_show_peering, false},
    {http::verb::delete_, "/v1.0/{project}/reserved_cluster/{cluster}/peering/{id}", &cs_delete_peering, false},
    {http::verb::get, "/v1.0/{project}/reserved_cluster/{cluster}/peering/{id}/route", &cs_list_routes, false},
    {http::verb::post, "/v1.0/{project}/reserved_cluster/{cluster}/peering/{id}/route", &cs_create_route, true},
    {http::verb::delete_, "/v1.0/{project}/reserved_cluster/{cluster}/peering/{id}/route/{route}", &cs_delete_route, false},
    // Registry administration (admin identities only; docs/API.md).
    {http::verb::get, "/v2.0/peeringd/clusters", &admin_list_clusters, false},
    {http::verb::post, "/v2.0/peeringd/clusters", &admin_add_cluster, true},
    {http::verb::delete_, "/v2.0/peeringd/clusters/{id}", &admin_remove_cluster, false},
    {http::verb::get, "/v2.0/peeringd/vpcs", &admin_list_vpcs, false},
    {http::verb::post, "/v2.0/peeringd/vpcs", &admin_add_vpc, true},
    {http::verb::delete_, "/v2.0/peeringd/vpcs/{id}", &admin_remove_vpc, false},
};

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

/// Where a "{name}" placeholder's decoded segment goes; nullptr for an unknown name.
std::string* param_slot(std::string_view name, RouteMatch& out) {
    if (name == "{id}") return &out.id;
    if (name == "{project}") return &out.cs_path.project;
    if (name == "{cluster}") return &out.cs_path.cluster;
    if (name == "{route}") return &out.cs_path.route;
    return nullptr;
}

/// True when `segments` fit `route_path`; the decoded placeholders go to `out`.
bool matches(std::string_view route_path, const std::vector<std::string_view>& segments,
             RouteMatch& out) {
    const auto pattern = split_path(route_path);
    if (pattern->size() != segments.size()) return false;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        std::string decoded = percent_decode(segments[i], false);
        if (std::string* slot = param_slot((*pattern)[i], out)) {
            if (decoded.empty()) return false;
            *slot = std::move(decoded);
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
        RouteMatch match{candidate.handler, candidate.reads_body, {}, {}};
        if (!matches(candidate.path, *segments, match)) continue;
        result.route_template = candidate.path;
        result.family =
            candidate.path.starts_with(kCsPrefix) ? ApiFamily::cs_v1 : ApiFamily::vpc_v2;
        if (candidate.method == method) {
            result.match = std::move(match);
            result.allow.clear();  // only a 405 answers with Allow (found by the HTTP fuzzer)
            return result;
        }
        if (!result.allow.empty()) result.allow += ", ";
        result.allow += http::to_string(candidate.method);
    }
    return result;
}

}  // namespace peeringd::api
