#include "api/handlers/handler_support.hpp"

#include "api/json/strict_parse.hpp"
#include "domain/untrusted_text.hpp"
#include "domain/validation.hpp"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <string>

namespace peeringd::api {
namespace {

/// How recent an expiry must be to wake the sweeper. The repository already shows due peerings
/// as EXPIRED but read connections cannot persist that; an EXPIRED row whose updated_at (= its
/// deadline) lies within this window is most likely not swept yet. Older ones almost surely
/// are, and waking the sweeper for them on every list would be wasted work.
constexpr std::chrono::seconds kRecentExpiryWindow{60};

}  // namespace

domain::Result<std::string> canonical_path_id(std::string_view raw) {
    if (auto id = domain::canonical_uuid(raw)) return *id;
    return domain::Error{domain::ErrorCode::not_found,
                         "Peering " + domain::echo(raw) + " could not be found."};
}

domain::Result<std::string> caller_project(const Identity& identity) {
    if (identity.project) return *identity.project;
    return domain::Error{domain::ErrorCode::unauthenticated, "the credential names no project"};
}

domain::Result<std::optional<std::string>> read_scope(const Identity& identity) {
    // An admin credential reads every project's peerings (the data-plane and operator view);
    // its writes still act for its own project only.
    if (identity.admin) return std::optional<std::string>{};
    if (identity.project) return identity.project;
    return domain::Error{domain::ErrorCode::unauthenticated, "the credential names no project"};
}

domain::Result<boost::json::value> parse_json_body(const Request& request) {
    auto parsed = json::strict_parse(request.body());
    if (!parsed.value) return domain::bad_request("Malformed request body");
    return std::move(*parsed.value);
}

domain::Result<storage::ExpectedRevision> parse_if_match(const Request& request) {
    const auto [first, last] = request.equal_range(http::field::if_match);
    if (first == last) return storage::ExpectedRevision{};
    const std::string_view value = first->value();
    if (std::next(first) == last && value == "*") return storage::ExpectedRevision{};
    const bool quoted = value.size() >= 3 && value.size() <= 20 && value.front() == '"' &&
                        value.back() == '"';
    const auto digits = quoted ? value.substr(1, value.size() - 2) : std::string_view{};
    if (std::next(first) != last || digits.empty() ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return domain::bad_request(
            "Invalid If-Match header: expected * or one quoted revision such as \"17\".");
    return storage::ExpectedRevision{std::stoll(std::string(digits))};
}

http::fields etag_header(std::int64_t revision) {
    http::fields fields;
    fields.set(http::field::etag, "\"" + std::to_string(revision) + "\"");
    return fields;
}

void note_expired_peerings(const RequestContext& ctx, std::span<const domain::Peering> seen,
                           domain::Timestamp now) {
    if (!ctx.due_peering_seen) return;
    const bool recent = std::any_of(seen.begin(), seen.end(), [now](const domain::Peering& p) {
        return p.status == domain::PeeringStatus::expired && p.updated_at <= now &&
               p.updated_at >= now - kRecentExpiryWindow;
    });
    if (recent) ctx.due_peering_seen();
}

}  // namespace peeringd::api
