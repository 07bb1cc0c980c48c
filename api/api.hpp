#pragma once
/// The HTTP API as a function from a parsed request to a response: authentication, routing,
/// handlers, error bodies and the per-response headers. It never sees a socket; the daemon's
/// session owns framing, limits and timeouts.

#include "api/authenticator.hpp"
#include "api/event_stream.hpp"
#include "api/feed_notifier.hpp"
#include "api/http_types.hpp"
#include "domain/error.hpp"
#include "domain/timestamp.hpp"
#include "storage/db_worker.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace peeringd::api {

struct ApiOptions {
    /// Base for absolute pagination links, e.g. "https://vpc.example.com"; when unset the
    /// links are built from the request's Host header with scheme http (spec §8).
    std::optional<std::string> public_base_url;
};

/// One answered request and what the daemon logs and counts about it. Only identifiers, never
/// a secret: no header values, signatures or bodies.
struct Outcome {
    Response response;
    std::string route;          ///< route template, "unmatched" for unknown paths
    std::string project;        ///< the authenticated caller's project; empty before/without auth
    std::string credential_id;  ///< AK or token id that proved it; empty before/without auth
    std::string error_code;     ///< vendor code of an error body ("VPC.0802"), empty on success
    std::string peering_id;     ///< the {id} path segment, if the route has one
    /// Set for a streamed answer (SSE): `response` is then only the head (no Content-Length,
    /// Connection: close) and the session runs this after writing it.
    StreamProducer stream;
};

class Api {
public:
    Api(storage::DbWorker& db, const domain::Clock& clock,
        std::unique_ptr<Authenticator> authenticator, ApiOptions options);
    ~Api();

    /// Answers one request and reports who asked and how it ended. Every response carries X-Request-Id (32 hex, equal to the error
    /// body's request_id) and X-Openstack-Request-Id, Content-Type application/json when it
    /// has a body, and the request's HTTP version and keep-alive choice.
    boost::asio::awaitable<Outcome> serve(const Request& request);

    /// serve() for callers that need only the response.
    boost::asio::awaitable<Response> handle(const Request& request);

    /// The error response for a problem found before a request could be parsed (413, 400, 431,
    /// 414): same body shape and headers as handle() produces.
    Response error_response(const domain::Error& error, unsigned http_version = 11) const;

    /// Called (on the caller's strand) when a read saw a pending peering past its deadline,
    /// so the daemon can wake the expiry sweeper to persist it.
    void on_due_peering_seen(std::function<void()> callback);

    /// Wakes the change feed's watchers; installed on the DbWorker's writer by the constructor.
    /// The daemon closes it at shutdown so long polls answer and streams end at once.
    FeedNotifier& feed();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace peeringd::api
