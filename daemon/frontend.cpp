#include "daemon/frontend.hpp"

#include "api/error_response.hpp"
#include "daemon/access_log.hpp"
#include "storage/crash_point.hpp"

#include <spdlog/spdlog.h>

namespace peeringd::daemon {
namespace {

/// Method label: Beast keeps the text of unknown methods, which a client could vary without
/// bound; metric labels must stay a small fixed set.
std::string_view method_label(const api::Request& request) {
    if (request.method() == api::http::verb::unknown) return "other";
    const auto text = request.method_string();
    return {text.data(), text.size()};
}

}  // namespace

Frontend::Frontend(api::Api& api, storage::DbWorker& db, const ConnectionTracker& tracker, std::string db_path)
    : api_(api), db_(db), ops_(db, metrics_, tracker, std::move(db_path)) {
    db_.observe_writes([this](std::chrono::steady_clock::duration d) { metrics_.db_write(d); });
}

// The observer points into this object; by now io.run() has returned, so no job is running.
Frontend::~Frontend() { db_.observe_writes({}); }

boost::asio::awaitable<api::Response> Frontend::serve(const api::Request& request, const std::string& peer) {
    const auto started = std::chrono::steady_clock::now();
    api::Outcome outcome;
    if (OpsEndpoints::route_of(request.target()))
        outcome = co_await ops_.serve(request);
    else
        outcome = co_await api_.serve(request);
    const auto latency = std::chrono::steady_clock::now() - started;
    const auto status = outcome.response.result_int();
    // Test builds: a mutating request's 2xx means its COMMIT returned; die before it is sent.
    if (status / 100 == 2 && request.method() != api::http::verb::get &&
        request.method() != api::http::verb::head)
        storage::crash_point("after_commit_before_reply");
    metrics_.request_served(outcome.route, method_label(request), status, latency);
    // The method is logged as sent (escaped); only the metric label is bounded.
    spdlog::info(format_access_line({outcome.response["X-Request-Id"], peer, outcome.project,
                                     outcome.credential_id, request.method_string(), outcome.route,
                                     outcome.peering_id, status, outcome.error_code, latency}));
    co_return std::move(outcome.response);
}

api::Response Frontend::refuse(const domain::Error& error, const std::string& peer) {
    auto response = api_.error_response(error);
    response.keep_alive(false);
    metrics_.request_served(kUnparsedRoute, "other", response.result_int(), {});
    AccessRecord record{};
    record.request_id = response["X-Request-Id"];
    record.peer = peer;
    record.route = kUnparsedRoute;
    record.status = response.result_int();
    const auto code = api::vendor_error_code(error.code);
    record.error_code = code;
    spdlog::info(format_access_line(record));
    return response;
}

}  // namespace peeringd::daemon
