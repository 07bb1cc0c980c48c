#pragma once
/// What a handler sees and returns. Handlers parse and validate, call storage through the
/// DbWorker, and describe the answer; Api turns the description into an HTTP response.

#include "api/api.hpp"
#include "api/authenticator.hpp"
#include "api/http_types.hpp"
#include "api/query_string.hpp"
#include "domain/error.hpp"
#include "storage/db_worker.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <optional>
#include <string>

namespace peeringd::api {

/// The decoded {project}, {cluster} and {route} segments of the CS v1.0 paths (spec §4); empty
/// for routes without them. Handlers validate them (the router only splits the path).
struct CsPathParams {
    std::string project;
    std::string cluster;
    std::string route;
};

/// Everything one request's handler may use. Lives in Api::handle's frame for the whole call.
struct RequestContext {
    const Request& request;
    const Identity& identity;
    std::string path_id;  ///< the decoded {id} segment; empty for collection routes
    QueryParams query;    ///< decoded query parameters, in request order
    std::string request_id;
    storage::DbWorker& db;
    const domain::Clock& clock;
    const ApiOptions& options;
    /// Wakes the expiry sweeper; may be empty.
    const std::function<void()>& due_peering_seen;
    /// Where change-feed watchers wait for new changes.
    FeedNotifier& feed;
    CsPathParams cs_path{};
};

/// A successful answer; a body-less reply (204) leaves `body` empty.
struct Reply {
    http::status status = http::status::ok;
    std::optional<boost::json::value> body;
    http::fields headers{};   ///< extra headers (ETag, X-Peeringd-Revision)
    StreamProducer stream{};  ///< set for a streamed (SSE) answer instead of a body
};

using HandlerResult = boost::asio::awaitable<domain::Result<Reply>>;
using Handler = HandlerResult (*)(RequestContext&);

// One endpoint each (spec §3), one file each under api/handlers/.
HandlerResult create_peering(RequestContext& ctx);
HandlerResult list_peerings(RequestContext& ctx);
HandlerResult show_peering(RequestContext& ctx);
HandlerResult update_peering(RequestContext& ctx);
HandlerResult accept_peering(RequestContext& ctx);
HandlerResult reject_peering(RequestContext& ctx);
HandlerResult delete_peering(RequestContext& ctx);

// The change feed (docs/API.md), peeringd's extension.
HandlerResult peering_history(RequestContext& ctx);
HandlerResult peering_events(RequestContext& ctx);

// CS v1.0 reserved-cluster façade (spec §4), api/handlers/cs_*.cpp.
HandlerResult cs_create_peering(RequestContext& ctx);
HandlerResult cs_list_peerings(RequestContext& ctx);
HandlerResult cs_show_peering(RequestContext& ctx);
HandlerResult cs_delete_peering(RequestContext& ctx);
HandlerResult cs_create_route(RequestContext& ctx);
HandlerResult cs_list_routes(RequestContext& ctx);
HandlerResult cs_delete_route(RequestContext& ctx);

// Admin-only registry endpoints (docs/API.md), api/handlers/admin_*.cpp.
HandlerResult admin_list_clusters(RequestContext& ctx);
HandlerResult admin_add_cluster(RequestContext& ctx);
HandlerResult admin_remove_cluster(RequestContext& ctx);
HandlerResult admin_list_vpcs(RequestContext& ctx);
HandlerResult admin_add_vpc(RequestContext& ctx);
HandlerResult admin_remove_vpc(RequestContext& ctx);

}  // namespace peeringd::api
