#pragma once
/// Drives peeringd::api::Api end to end on constructed Beast requests, against a real SQLite
/// database (all migrations applied) in a temporary folder, with a settable clock.

#include "api/api.hpp"
#include "api/authenticator.hpp"
#include "domain/timestamp.hpp"
#include "storage/database.hpp"
#include "storage/db_worker.hpp"
#include "tests/support/temp_dir.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>

namespace peeringd::api::test {

namespace bj = boost::json;
using namespace std::chrono_literals;

inline constexpr const char* kProjectA = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
inline constexpr const char* kProjectB = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
inline constexpr const char* kProjectC = "cccccccccccccccccccccccccccccccc";
inline constexpr const char* kHost = "peeringd.test:9696";

/// Time stands still until a test moves it.
class FakeClock final : public domain::Clock {
public:
    domain::Timestamp now() const override { return now_; }
    void advance(std::chrono::seconds by) { now_ += by; }

private:
    domain::Timestamp now_{std::chrono::sys_days{std::chrono::year{2026} / 3 / 14} + 8h + 5min};
};

/// One API over one fresh database.
class ApiHarness {
public:
    explicit ApiHarness(storage::RepositoryPolicy policy = {}, ApiOptions options = {},
                        std::unique_ptr<Authenticator> authenticator = nullptr) {
        if (!authenticator) authenticator = std::make_unique<HeaderProjectAuthenticator>();
        const std::string path = dir_.file("peeringd.db").string();
        storage::prepare_database(path, 2000ms);
        storage::StorageOptions storage_options;
        storage_options.path = path;
        storage_options.policy = std::move(policy);
        db_ = std::make_unique<storage::DbWorker>(std::move(storage_options));
        api_ = std::make_unique<Api>(*db_, clock_, std::move(authenticator), std::move(options));
    }

    Api& api() { return *api_; }
    FakeClock& clock() { return clock_; }

    /// Runs Api::handle to completion on a private io_context.
    Response handle(const Request& request) {
        boost::asio::io_context io;
        std::optional<Response> out;
        std::exception_ptr failure;
        boost::asio::co_spawn(io, api_->handle(request),
                              [&](std::exception_ptr e, Response r) {
                                  failure = e;
                                  out = std::move(r);
                              });
        io.run();
        if (failure) std::rethrow_exception(failure);
        if (!out) throw std::runtime_error("Api::handle did not complete");
        return std::move(*out);
    }

    /// Runs Api::serve to completion: the response plus what the access log and metrics see.
    Outcome serve(const Request& request) {
        boost::asio::io_context io;
        std::optional<Outcome> out;
        std::exception_ptr failure;
        boost::asio::co_spawn(io, api_->serve(request), [&](std::exception_ptr e, Outcome o) {
            failure = e;
            out = std::move(o);
        });
        io.run();
        if (failure) std::rethrow_exception(failure);
        if (!out) throw std::runtime_error("Api::serve did not complete");
        return std::move(*out);
    }

private:
    peeringd::test::TempDir dir_;
    FakeClock clock_;
    std::unique_ptr<storage::DbWorker> db_;
    std::unique_ptr<Api> api_;
};

/// A request as a client would send it; an empty project sends no X-Project-Id.
inline Request make_request(http::verb method, std::string target, std::string body = {},
                            std::string project = kProjectA,
                            std::optional<std::string> content_type = "application/json") {
    Request request{method, target, 11};
    request.set(http::field::host, kHost);
    if (!project.empty()) request.set("X-Project-Id", project);
    if (!body.empty() && content_type) request.set(http::field::content_type, *content_type);
    request.body() = std::move(body);
    request.prepare_payload();
    return request;
}

inline bj::value body_of(const Response& response) { return bj::parse(response.body()); }

/// A create body; empty tenant strings are left out.
inline std::string create_body(const std::string& request_vpc, const std::string& accept_vpc,
                               const std::string& accept_tenant = "",
                               const std::string& name = "app-to-db") {
    bj::object accept{{"vpc_id", accept_vpc}};
    if (!accept_tenant.empty()) accept["tenant_id"] = accept_tenant;
    bj::object peering{{"name", name},
                       {"request_vpc_info", bj::object{{"vpc_id", request_vpc}}},
                       {"accept_vpc_info", std::move(accept)}};
    return bj::serialize(bj::object{{"peering", std::move(peering)}});
}

/// A distinct well-formed VPC id per number.
inline std::string vpc(int n) {
    char buffer[37];
    std::snprintf(buffer, sizeof buffer, "00000000-0000-4000-8000-%012d", n);
    return buffer;
}

/// Base fixture: a harness plus shortcuts for the common calls.
class ApiTest : public ::testing::Test {
protected:
    Response call(http::verb method, const std::string& target, std::string body = {},
                  std::string project = kProjectA) {
        return harness_.handle(make_request(method, target, std::move(body), std::move(project)));
    }

    /// Creates a peering and returns its object; fails the test on anything but 201.
    bj::object create(const std::string& request_vpc, const std::string& accept_vpc,
                      const std::string& accept_tenant = "", std::string project = kProjectA,
                      const std::string& name = "app-to-db") {
        const auto response =
            call(http::verb::post, "/v2.0/vpc/peerings",
                 create_body(request_vpc, accept_vpc, accept_tenant, name), std::move(project));
        EXPECT_EQ(response.result(), http::status::created) << response.body();
        return body_of(response).at("peering").as_object();
    }

    ApiHarness harness_;
};

/// Asserts a v2.0 error: status, NeutronError.type, error_code and (when given) the message.
inline void expect_error(const Response& response, http::status status, std::string_view type,
                         std::string_view code, std::optional<std::string> message = {}) {
    EXPECT_EQ(response.result(), status) << response.body();
    const auto body = body_of(response);
    EXPECT_EQ(body.at("NeutronError").at("type").as_string(), type) << response.body();
    EXPECT_EQ(body.at("error_code").as_string(), code) << response.body();
    EXPECT_EQ(body.at("error_msg"), body.at("NeutronError").at("message"));
    if (message) {
        EXPECT_EQ(body.at("error_msg").as_string(), *message);
    }
}

/// Shortcut for the E1-E8 family.
inline void expect_bad_request(const Response& response, const std::string& message) {
    expect_error(response, http::status::bad_request, "HTTPBadRequest", "VPC.0801", message);
}

}  // namespace peeringd::api::test
