#include "api/auth/signed_request_authenticator.hpp"

#include "api/auth/sdk_signature.hpp"
#include "crypto/digest.hpp"
#include "domain/untrusted_text.hpp"
#include "domain/validation.hpp"

#include <algorithm>
#include <cctype>

namespace peeringd::api::auth {
namespace {

using domain::Error;
using domain::ErrorCode;
using domain::Result;

Error denied(std::string reason) { return Error{ErrorCode::unauthenticated, std::move(reason)}; }

/// A header value quoted in a reason: the reason is logged, and the AK and X-Project-Id come
/// from the client before anything is proven.
std::string shown(std::string_view value) { return "'" + domain::echo(value) + "'"; }

/// The single value of a header; nullopt when absent or repeated (two values could be read
/// differently by a proxy and by us).
std::optional<std::string> single(const Request& request, std::string_view name) {
    const auto [first, last] = request.equal_range(name);
    if (first == last || std::next(first) != last) return std::nullopt;
    return std::string(first->value());
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_signed(const SignatureHeader& header, std::string_view name) {
    return std::find(header.signed_headers.begin(), header.signed_headers.end(), name) !=
           header.signed_headers.end();
}

/// The body hash the signature covers; X-Sdk-Content-Sha256 may only restate the real one.
Result<std::string> payload_hash(const Request& request) {
    const auto actual = crypto::sha256_hex(request.body());
    const auto [first, last] = request.equal_range("X-Sdk-Content-Sha256");
    if (first == last) return actual;
    if (std::next(first) != last) return denied("repeated X-Sdk-Content-Sha256");
    const auto declared = lower(first->value());
    if (declared == "unsigned-payload") return denied("UNSIGNED-PAYLOAD is not accepted");
    if (declared != actual) return denied("X-Sdk-Content-Sha256 does not match the body");
    return actual;
}

}  // namespace

std::optional<domain::Timestamp> parse_sdk_date(std::string_view text) {
    // 20260314T080509Z -> 2026-03-14T08:05:09
    if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
    const std::string iso = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) + "-" +
                            std::string(text.substr(6, 2)) + "T" + std::string(text.substr(9, 2)) + ":" +
                            std::string(text.substr(11, 2)) + ":" + std::string(text.substr(13, 2));
    return domain::parse_timestamp(iso);
}

SignedRequestAuthenticator::SignedRequestAuthenticator(storage::DbWorker& db, const domain::Clock& clock,
                                                       std::chrono::milliseconds cache_ttl,
                                                       std::chrono::seconds max_clock_skew)
    : db_(db), clock_(clock), max_clock_skew_(max_clock_skew), cache_(cache_ttl) {}

boost::asio::awaitable<Result<Identity>> SignedRequestAuthenticator::authenticate(const Request& request) const {
    if (request.find(http::field::authorization) != request.end()) co_return co_await by_signature(request);
    if (request.find("X-Auth-Token") != request.end()) co_return co_await by_token(request);
    co_return denied("no Authorization or X-Auth-Token header");
}

boost::asio::awaitable<Result<Identity>> SignedRequestAuthenticator::by_signature(const Request& request) const {
    const auto authorization = single(request, "Authorization");
    if (!authorization) co_return denied("repeated Authorization header");
    auto header = parse_authorization(*authorization);
    if (!header) co_return denied("malformed Authorization header");
    for (const auto* required : {"host", "x-sdk-date", "x-project-id"})
        if (!is_signed(*header, required))
            co_return denied(std::string("header ") + required + " is not signed (ak " + shown(header->access_key) + ")");
    const auto date_text = single(request, "X-Sdk-Date");
    const auto project = single(request, "X-Project-Id");
    if (!date_text || !project || !single(request, "Host")) co_return denied("a signed header is missing or repeated");
    const auto date = parse_sdk_date(*date_text);
    if (!date) co_return denied("malformed X-Sdk-Date");
    const auto now = clock_.now();
    if (*date > now + max_clock_skew_ || *date < now - max_clock_skew_)
        co_return denied("clock skew: X-Sdk-Date " + shown(*date_text) + " (ak " + shown(header->access_key) + ")");
    auto hash = payload_hash(request);
    if (!hash) co_return hash.error();

    std::vector<HeaderLine> headers;
    for (const auto& field : request) headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    for (const auto& name : header->signed_headers)
        if (std::count_if(headers.begin(), headers.end(), [&](const HeaderLine& h) { return lower(h.first) == name; }) > 1)
            co_return denied("signed header " + shown(name) + " is repeated");
    const auto canonical = canonical_request(
        {request.method_string(), request.target(), &headers, &header->signed_headers, *hash});
    if (!canonical) co_return denied("request cannot be canonicalized (bad escape or missing signed header)");

    const std::string access_key = header->access_key;
    auto key = cache_.signing_key(access_key, CredentialCache::Clock::now());
    const bool cached = key.has_value();
    if (!cached) {
        auto pending = db_.read_point([access_key](storage::Repositories& repos) -> Result<std::optional<storage::SigningKey>> {
            return repos.credentials.signing_key(access_key);
        });
        auto stored = co_await std::move(pending);
        if (!stored) co_return stored.error();  // storage trouble: 503, not 401
        if (!*stored) co_return denied("unknown or revoked ak " + shown(access_key));
        key = std::move(**stored);
    }
    const auto expected = sign(key->secret_key, string_to_sign(*date_text, *canonical));
    if (!crypto::constant_time_equal(expected, lower(header->signature)))
        co_return denied("signature mismatch (ak " + shown(access_key) + ")");
    if (key->project_id != *project)
        co_return denied("X-Project-Id " + shown(*project) + " is not the project of ak " + shown(access_key));
    // Only a key read from the database and proven by a signature is kept (a wrong guess never
    // fills the cache), and only then: its TTL counts from that read, so a revocation shows.
    if (!cached) cache_.keep_signing_key(access_key, *key, CredentialCache::Clock::now());
    co_return Identity{key->project_id, key->admin, access_key};
}

boost::asio::awaitable<Result<Identity>> SignedRequestAuthenticator::by_token(const Request& request) const {
    const auto token = single(request, "X-Auth-Token");
    if (!token || token->empty()) co_return denied("missing or repeated X-Auth-Token");
    const auto now = clock_.now();
    const auto hash = crypto::sha256_hex(*token);
    auto grant = cache_.token(hash, CredentialCache::Clock::now(), now);
    if (!grant) {
        auto pending = db_.read_point([token = *token, now](storage::Repositories& repos) -> Result<std::optional<storage::TokenGrant>> {
            return repos.credentials.token(token, now);
        });
        auto stored = co_await std::move(pending);
        if (!stored) co_return stored.error();
        if (!*stored) co_return denied("unknown, expired or revoked token");
        grant = std::move(**stored);
        cache_.keep_token(hash, *grant, CredentialCache::Clock::now());
    }
    // A token names its project; a conflicting X-Project-Id is refused, never honoured.
    if (const auto project = single(request, "X-Project-Id"); project && *project != grant->project_id)
        co_return denied("X-Project-Id " + shown(*project) + " is not the project of token " + shown(grant->token_id));
    co_return Identity{grant->project_id, grant->admin, grant->token_id};
}

}  // namespace peeringd::api::auth
