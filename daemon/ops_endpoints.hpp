#pragma once
/// GET /healthz, /readyz and /metrics: the operator's endpoints. They are served by the daemon
/// ahead of the API because they report on the process (connections, WAL file, metrics
/// registry), which the api layer does not own. They are unauthenticated on purpose (probes
/// and scrapers carry no tenant credentials) and reveal no tenant data: only aggregate counts.

#include "api/api.hpp"
#include "api/response.hpp"
#include "daemon/connection_tracker.hpp"
#include "daemon/metrics.hpp"
#include "storage/db_worker.hpp"

#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace peeringd::daemon {

class OpsEndpoints {
public:
    OpsEndpoints(storage::DbWorker& db, Metrics& metrics, const ConnectionTracker& tracker,
                 std::string db_path);

    /// The route template when `target` is one of ours ("/healthz"), else nullopt.
    static std::optional<std::string_view> route_of(std::string_view target);

    /// Answers a request whose route_of() matched; runs on the session's strand.
    boost::asio::awaitable<api::Outcome> serve(const api::Request& request);

private:
    boost::asio::awaitable<api::Response> readiness(const api::ResponseMeta& meta);
    boost::asio::awaitable<api::Response> scrape(const api::ResponseMeta& meta);
    /// Writer probe bounded by kReadinessTimeout; returns the schema version or why not.
    boost::asio::awaitable<domain::Result<int>> probe_database();

    storage::DbWorker& db_;
    Metrics& metrics_;
    const ConnectionTracker& tracker_;
    std::string wal_path_;
    /// At most one probe queued on the writer: a scraper hammering /readyz while the database
    /// is locked must not fill the write queue with probes.
    std::atomic<bool> probe_running_{false};
};

}  // namespace peeringd::daemon
