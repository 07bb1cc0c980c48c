#include "daemon/ops_endpoints.hpp"

#include "api/error_response.hpp"
#include "api/response.hpp"
#include "storage/migrator.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>
#include <spdlog/spdlog.h>

#include <array>
#include <filesystem>
#include <memory>
#include <system_error>

namespace peeringd::daemon {
namespace asio = boost::asio;
namespace http = api::http;

namespace {

constexpr std::array<std::string_view, 3> kOpsRoutes{"/healthz", "/readyz", "/metrics"};

/// Readiness must answer within a probe's usual timeout (Kubernetes defaults to 1 s) even when
/// the writer queue is stuck; a slower database is "not ready" anyway.
constexpr std::chrono::milliseconds kReadinessTimeout{1000};

/// Where a probe's result meets the request waiting for it; both run on the same strand.
struct ProbeState {
    explicit ProbeState(const asio::any_io_executor& executor) : finished(executor) {}
    asio::steady_timer finished;  ///< cancelled by the probe when it is done
    std::optional<domain::Result<int>> result;
};

asio::awaitable<void> run_probe(storage::DbWorker& db, std::shared_ptr<ProbeState> state,
                                std::atomic<bool>& running) {
    try {
        // Kept out of the co_await expression: GCC 12 double-destroys lambda temporaries there.
        auto pending = db.write_alone([](storage::Repositories& repos) { return repos.peerings.probe_write(); });
        state->result = co_await std::move(pending);
    } catch (const std::exception& e) {
        state->result = domain::Error{domain::ErrorCode::internal, e.what()};
    }
    running = false;
    state->finished.cancel();
}

api::Response text_response(http::status status, std::string body, const api::ResponseMeta& meta) {
    auto response = api::empty_response(status, meta);
    response.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    response.body() = std::move(body);
    response.prepare_payload();
    return response;
}

api::Response not_ready(std::string_view reason, std::string_view detail, const api::ResponseMeta& meta) {
    auto response = api::json_response(http::status::service_unavailable,
                                       boost::json::object{{"status", "not_ready"}, {"reason", reason},
                                                           {"detail", detail}},
                                       meta);
    response.set(http::field::retry_after, "1");
    return response;
}

}  // namespace

OpsEndpoints::OpsEndpoints(storage::DbWorker& db, Metrics& metrics, const ConnectionTracker& tracker,
                           std::string db_path)
    : db_(db), metrics_(metrics), tracker_(tracker), wal_path_(std::move(db_path) + "-wal") {}

std::optional<std::string_view> OpsEndpoints::route_of(std::string_view target) {
    const auto path = target.substr(0, target.find('?'));
    for (const auto route : kOpsRoutes)
        if (path == route) return route;
    return std::nullopt;
}

asio::awaitable<api::Outcome> OpsEndpoints::serve(const api::Request& request) {
    api::Outcome outcome;
    outcome.route = std::string(*route_of(request.target()));
    const auto meta = api::meta_for(request);
    if (request.method() != http::verb::get) {
        const domain::Error error{domain::ErrorCode::method_not_allowed,
                                  "The method " + std::string(request.method_string()) +
                                      " is not allowed for this resource."};
        outcome.error_code = api::vendor_error_code(error.code);
        outcome.response = api::make_error_response(error, meta, "GET");
        co_return outcome;
    }
    if (outcome.route == "/healthz")
        outcome.response = api::json_response(http::status::ok, boost::json::object{{"status", "ok"}}, meta);
    else if (outcome.route == "/readyz")
        outcome.response = co_await readiness(meta);
    else
        outcome.response = co_await scrape(meta);
    co_return outcome;
}

asio::awaitable<domain::Result<int>> OpsEndpoints::probe_database() {
    if (probe_running_.exchange(true))
        co_return domain::Error{domain::ErrorCode::unavailable, "the previous database probe is still waiting"};
    const auto executor = co_await asio::this_coro::executor;
    auto state = std::make_shared<ProbeState>(executor);
    // The probe outlives this request if it times out; it then only clears probe_running_.
    asio::co_spawn(executor, run_probe(db_, state, probe_running_), asio::detached);
    state->finished.expires_after(kReadinessTimeout);
    co_await state->finished.async_wait(asio::as_tuple(asio::use_awaitable));
    if (!state->result)
        co_return domain::Error{domain::ErrorCode::unavailable, "the database probe timed out"};
    co_return std::move(*state->result);
}

asio::awaitable<api::Response> OpsEndpoints::readiness(const api::ResponseMeta& meta) {
    const auto version = co_await probe_database();
    if (!version) {
        spdlog::warn("readiness: database not writable: {}", version.error().message);
        co_return not_ready("database_unwritable", version.error().message, meta);
    }
    if (*version != storage::latest_schema_version())
        co_return not_ready("schema_mismatch",
                            "schema version " + std::to_string(*version) + ", this binary needs " +
                                std::to_string(storage::latest_schema_version()),
                            meta);
    co_return api::json_response(http::status::ok,
                                 boost::json::object{{"status", "ready"}, {"schema_version", *version}}, meta);
}

asio::awaitable<api::Response> OpsEndpoints::scrape(const api::ResponseMeta& meta) {
    // The peerings gauge is refreshed here, once per scrape, by one read-only grouped count:
    // it costs nothing per API request and reads never wait for the writer (WAL).
    auto pending = db_.read([](storage::Repositories& repos) { return repos.peerings.count_by_status(); });
    const auto counts = co_await std::move(pending);
    if (counts)
        metrics_.set_peerings(*counts);
    else
        spdlog::warn("metrics: peerings by status not refreshed: {}", counts.error().message);
    metrics_.set_open_connections(tracker_.size());
    std::error_code ec;
    const auto wal = std::filesystem::file_size(wal_path_, ec);
    metrics_.set_wal_bytes(ec ? 0 : wal);  // no WAL file yet (or after a clean close) = empty
    co_return text_response(http::status::ok, metrics_.render(), meta);
}

}  // namespace peeringd::daemon
