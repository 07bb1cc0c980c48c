#include "api/api.hpp"

#include "api/error_response.hpp"
#include "api/handlers/handler.hpp"
#include "api/query_string.hpp"
#include "api/request_id.hpp"
#include "api/response.hpp"
#include "api/router.hpp"
#include "domain/untrusted_text.hpp"

#include <boost/beast/http/field.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <utility>

namespace peeringd::api {
namespace {

using domain::Error;
using domain::ErrorCode;

/// A body the handler will parse must be declared JSON when it is declared at all. A missing
/// Content-Type is accepted as JSON: `curl -d` users and some SDK paths send none, and the body
/// is still parsed strictly (E1 if it is not JSON).
bool acceptable_media_type(const Request& request) {
    if (request.body().empty()) return true;
    const auto it = request.find(http::field::content_type);
    if (it == request.end()) return true;
    std::string_view type = it->value();
    type = type.substr(0, type.find(';'));  // parameters such as charset are fine
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
    while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
    constexpr std::string_view kJson = "application/json";
    return type.size() == kJson.size() &&
           std::equal(type.begin(), type.end(), kJson.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
           });
}

Error method_not_allowed(const Request& request) {
    return Error{ErrorCode::method_not_allowed,
                 "The method " + domain::echo(request.method_string()) +
                     " is not allowed for this resource."};
}

}  // namespace

struct Api::Impl {
    storage::DbWorker& db;
    const domain::Clock& clock;
    std::unique_ptr<Authenticator> authenticator;
    ApiOptions options;
    std::function<void()> due_peering_seen;
    FeedNotifier feed;

    boost::asio::awaitable<void> dispatch(const Request& request, const ResponseMeta& meta,
                                          Outcome& outcome);
    static Response render(domain::Result<Reply>& result, const ResponseMeta& meta, Outcome& outcome);
};

namespace {

/// The error response, with its vendor code noted for the access log and metrics.
Response fail(Outcome& outcome, const Error& error, const ResponseMeta& meta, std::string_view allow = {}) {
    outcome.error_code = vendor_error_code(error.code, meta.family);
    return make_error_response(error, meta, allow);
}

}  // namespace

boost::asio::awaitable<void> Api::Impl::dispatch(const Request& request,
                                                 const ResponseMeta& base_meta, Outcome& outcome) {
    const Target target = split_target(request.target());
    RouteResult routed = route(request.method(), target.path);
    ResponseMeta meta = base_meta;
    meta.family = routed.family;  // CS paths answer errors in the CS body shape (§7.3)
    outcome.route = routed.route_template;
    if (!routed.match) {
        outcome.response = routed.allow.empty()
                               ? fail(outcome, {ErrorCode::no_such_route, ""}, meta)
                               : fail(outcome, method_not_allowed(request), meta, routed.allow);
        co_return;
    }
    outcome.peering_id = routed.match->id;
    auto identity = co_await authenticator->authenticate(request);
    if (!identity) {
        // The client gets one generic 401; the precise reason is for the operator only. Reasons
        // name the AK or token id at most, never a secret or a signature; they quote headers, so
        // every value goes through log_value (no forged field, no unbounded line).
        spdlog::warn("authentication failed request_id={} method={} route={} reason={}",
                     domain::log_value(meta.request_id), domain::log_value(request.method_string()),
                     domain::log_value(outcome.route), domain::log_value(identity.error().message));
        outcome.response = fail(outcome, identity.error(), meta);
        co_return;
    }
    outcome.project = identity->project.value_or("");
    outcome.credential_id = identity->credential_id;
    if (routed.match->reads_body && !acceptable_media_type(request)) {
        outcome.response = fail(
            outcome, {ErrorCode::unsupported_media_type, "Content-Type must be application/json."}, meta);
        co_return;
    }

    RequestContext ctx{request,          *identity, std::move(routed.match->id),
                       parse_query(target.query), meta.request_id, db, clock, options,
                       due_peering_seen,   feed, std::move(routed.match->cs_path)};
    auto result = co_await routed.match->handler(ctx);
    outcome.response = render(result, meta, outcome);
}

Response Api::Impl::render(domain::Result<Reply>& result, const ResponseMeta& meta, Outcome& outcome) {
    if (!result) return fail(outcome, result.error(), meta);
    Response response = result->stream ? stream_head(result->status, meta)
                        : result->body ? json_response(result->status, *result->body, meta)
                                       : empty_response(result->status, meta);
    for (const auto& field : result->headers) response.set(field.name_string(), field.value());
    outcome.stream = std::move(result->stream);
    return response;
}

Api::Api(storage::DbWorker& db, const domain::Clock& clock,
         std::unique_ptr<Authenticator> authenticator, ApiOptions options)
    // Built in place: the notifier (a mutex) cannot move.
    : impl_(new Impl{db, clock, std::move(authenticator), std::move(options), {}, {}}) {
    // Nothing runs yet, so reading the head on this thread cannot race the writer.
    auto head = db.write_blocking([](storage::Repositories& repos) { return repos.peerings.head_revision(); });
    impl_->feed.start_at(head ? *head : 0);
    // After every write job (its COMMIT is done): announce the changes it made to the watchers.
    db.after_writes([&feed = impl_->feed](storage::Repositories& repos) {
        auto notices = repos.peerings.notices_after(feed.published());
        if (notices && !notices->empty()) feed.publish(std::move(*notices));
    });
}

Api::~Api() { impl_->db.after_writes({}); }

boost::asio::awaitable<Outcome> Api::serve(const Request& request) {
    const ResponseMeta meta = meta_for(request);
    Outcome outcome;
    try {
        co_await impl_->dispatch(request, meta, outcome);
        co_return outcome;
    } catch (const std::exception& e) {
        // A bug or an unexpected storage fault: the client sees only the generic E21.
        spdlog::error("request failed request_id={} error={}", domain::log_value(meta.request_id),
                      domain::log_value(e.what()));
    } catch (...) {
        spdlog::error("request failed request_id={} error=non-standard-exception",
                      domain::log_value(meta.request_id));
    }
    outcome.response = fail(outcome, {ErrorCode::internal, ""}, meta);
    co_return outcome;
}

boost::asio::awaitable<Response> Api::handle(const Request& request) {
    auto outcome = co_await serve(request);
    co_return std::move(outcome.response);
}

Response Api::error_response(const domain::Error& error, unsigned http_version) const {
    // Called for requests that could not be parsed; the daemon closes the connection after.
    const ResponseMeta meta{new_request_id(), http_version, false};
    return make_error_response(error, meta);
}

void Api::on_due_peering_seen(std::function<void()> callback) {
    impl_->due_peering_seen = std::move(callback);
}

FeedNotifier& Api::feed() { return impl_->feed; }

}  // namespace peeringd::api
