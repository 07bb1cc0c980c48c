#pragma once
/// The daemon's front door for parsed requests: the operational endpoints (ops_endpoints.hpp)
/// first, the tenant API for everything else; then one metric sample and one access-log line
/// per request. Owns the metrics registry and feeds it the DB worker's write timings.

#include "api/api.hpp"
#include "daemon/connection_tracker.hpp"
#include "daemon/metrics.hpp"
#include "daemon/ops_endpoints.hpp"
#include "storage/db_worker.hpp"

#include <boost/asio/awaitable.hpp>

#include <string>

namespace peeringd::daemon {

/// Route label of requests refused before they could be parsed (400, 413, 431).
inline constexpr std::string_view kUnparsedRoute = "unparsed";

class Frontend {
public:
    /// Installs the write observer on `db`; construct before the first write.
    Frontend(api::Api& api, storage::DbWorker& db, const ConnectionTracker& tracker, std::string db_path);
    ~Frontend();
    Frontend(const Frontend&) = delete;
    Frontend& operator=(const Frontend&) = delete;

    /// Answers one parsed request on the caller's strand. `peer` is "address:port". A streamed
    /// answer (SSE) comes back with Outcome::stream set, for the session to run.
    boost::asio::awaitable<api::Outcome> serve(const api::Request& request, const std::string& peer);

    /// The answer to a request whose framing was broken; counted and logged like the others.
    api::Response refuse(const domain::Error& error, const std::string& peer);

    Metrics& metrics() { return metrics_; }

private:
    api::Api& api_;
    storage::DbWorker& db_;
    Metrics metrics_;
    OpsEndpoints ops_;
};

}  // namespace peeringd::daemon
