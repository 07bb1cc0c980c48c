#pragma once
/// Fixture for process-level tests: the real peeringd on 127.0.0.1:0 over a database file in a
/// fresh temporary folder (or, when PEERINGD_TEST_PG_URI(_FILE) names a PostgreSQL server, a
/// fresh schema there: the PostgreSQL conformance run), and helpers that speak the v2.0 API.

#include "storage/sql/session.hpp"
#include "tests/support/pg_test_schema.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace peeringd::test {

inline const std::string kProjectA = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
inline const std::string kProjectB = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
inline const std::string kProjectC = "c0ffee00c0ffee00c0ffee00c0ffee00";
inline const std::string kPeerings = "/v2.0/vpc/peerings";

/// A fresh random VPC id (canonical UUID form).
std::string random_vpc();

/// The JSON text of a v2.0 create body.
std::string create_body(const std::string& name, const std::string& request_vpc,
                        const std::string& accept_vpc, const std::string& accept_tenant = {});

class DaemonFixture : public ::testing::Test {
protected:
    DaemonFixture();
    void TearDown() override;

    /// Starts (or restarts) the daemon on the fixture's database with extra flags. With
    /// `dev_auth` the daemon trusts X-Project-Id (--insecure-dev-auth), which these tests use
    /// to name the caller; the auth tests turn it off.
    void start(std::vector<std::string> extra_args = {}, bool dev_auth = true);
    /// SIGTERM and wait; expects exit code 0.
    void stop();

    /// The --db value: the SQLite file, or the PostgreSQL schema's URI.
    std::filesystem::path db_path() const { return schema_ ? std::filesystem::path(schema_->uri()) : dir_.file("peeringd.db"); }
    bool on_postgresql() const { return schema_ != nullptr; }
    /// A read-only connection to the daemon's database, for checking what was persisted.
    std::unique_ptr<storage::sql::Session> open_db() const;
    std::filesystem::path log_path() const { return dir_.file("peeringd.log"); }
    HttpClient& client() { return *client_; }
    unsigned short port() const { return daemon_->port(); }

    HttpResponse call(const std::string& method, const std::string& target,
                      const std::optional<std::string>& project, const std::string& body = {});
    /// Creates a peering and returns its object; fails the test unless 201.
    boost::json::object create(const std::string& project, const std::string& accept_tenant = {},
                               const std::string& name = "p");

    TempDir dir_;
    std::unique_ptr<PgTestSchema> schema_;
    std::unique_ptr<DaemonProcess> daemon_;
    std::unique_ptr<HttpClient> client_;
};

/// Skips a test of a SQLite-only feature (the file, its WAL) in the PostgreSQL run.
#define SKIP_ON_POSTGRESQL()                                                       \
    do {                                                                            \
        if (on_postgresql()) GTEST_SKIP() << "SQLite-only: checks the SQLite file"; \
    } while (false)

/// Asserts the v2.0 error body (§7.3) and returns its error_code.
std::string expect_neutron_error(const HttpResponse& response, int status, const std::string& type);

}  // namespace peeringd::test
