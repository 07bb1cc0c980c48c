#include "tests/support/pg_test_schema.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

namespace peeringd::test {
namespace {

constexpr const char* kUriVariable = "PEERINGD_TEST_PG_URI";
constexpr const char* kUriFileVariable = "PEERINGD_TEST_PG_URI_FILE";

/// $PEERINGD_TEST_PG_URI, else the first line of the file $PEERINGD_TEST_PG_URI_FILE names (ctest
/// fixtures know the server's folder at configure time but its port only once it runs); "" when
/// neither gives one.
std::string configured_uri() {
    if (const char* value = std::getenv(kUriVariable); value != nullptr && *value != '\0') return value;
    const char* file = std::getenv(kUriFileVariable);
    if (file == nullptr || *file == '\0') return {};
    std::ifstream in(file);
    std::string line;
    if (!in || !std::getline(in, line)) return {};
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    return line;
}

std::atomic<unsigned> schema_counter{0};

std::string random_hex() {
    std::random_device device;
    char text[9];
    std::snprintf(text, sizeof text, "%08x", device());
    return text;
}

bool is_uri(const std::string& conninfo) {
    return conninfo.starts_with("postgresql://") || conninfo.starts_with("postgres://");
}

/// `base` with options=-csearch_path=<schema> added: a query parameter for a URI (after '?' or
/// '&', the '=' percent-encoded), a keyword for a "host=... port=..." string. A later options
/// wins over one the base may have.
std::string with_search_path(const std::string& base, const std::string& schema) {
    if (!is_uri(base)) return base + " options='-csearch_path=" + schema + "'";
    std::string uri = base;
    std::string fragment;
    if (const auto hash = uri.find('#'); hash != std::string::npos) {
        fragment = uri.substr(hash);
        uri.erase(hash);
    }
    if (uri.find('?') == std::string::npos) {
        uri += '?';
    } else if (!uri.ends_with('?') && !uri.ends_with('&')) {
        uri += '&';
    }
    return uri + "options=-csearch_path%3D" + schema + fragment;
}

}  // namespace

bool PgTestSchema::available() { return !configured_uri().empty(); }

PgTestSchema::PgTestSchema() {
    base_uri_ = configured_uri();
    if (base_uri_.empty()) {
        throw std::runtime_error(std::string(kUriVariable) + " is not set (nor " + kUriFileVariable +
                                 " to a file holding it): start a server with tests/support/pg_server.sh "
                                 "start DIR and export " + kUriVariable + "=$(cat DIR/uri)");
    }
    conn_ = PQconnectdb(base_uri_.c_str());
    if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
        std::string message = conn_ != nullptr ? PQerrorMessage(conn_) : "out of memory";
        PQfinish(conn_);
        conn_ = nullptr;
        throw std::runtime_error("PgTestSchema: cannot connect to " + base_uri_ + ": " + message);
    }
    schema_ = "t_" + std::to_string(::getpid()) + "_" + std::to_string(schema_counter++) + "_" + random_hex();
    uri_ = with_search_path(base_uri_, schema_);
    try {
        // The NOTICEs of DROP ... CASCADE would clutter the test output.
        exec("SET client_min_messages = warning");
        exec("CREATE SCHEMA " + schema_);
        exec("SET search_path TO " + schema_);
    } catch (...) {
        PQfinish(conn_);
        conn_ = nullptr;
        throw;
    }
}

PgTestSchema::~PgTestSchema() {
    if (conn_ == nullptr) return;
    try {
        if (PQstatus(conn_) != CONNECTION_OK) PQreset(conn_);
        if (PQstatus(conn_) == CONNECTION_OK) {
            // A connection of the code under test still holding a lock must not hang the test.
            PGresult* result = PQexec(conn_, ("SET lock_timeout = '10s'; SET client_min_messages = warning; "
                                              "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE").c_str());
            if (PQresultStatus(result) != PGRES_COMMAND_OK) {
                std::fprintf(stderr, "PgTestSchema: could not drop schema %s: %s", schema_.c_str(),
                             PQerrorMessage(conn_));
            }
            PQclear(result);
        }
    } catch (...) {
    }
    PQfinish(conn_);
}

std::string PgTestSchema::exec(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        std::string message = result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn_);
        PQclear(result);
        throw std::runtime_error("PgTestSchema::exec(" + sql + "): " + message);
    }
    std::string value;
    if (status == PGRES_TUPLES_OK && PQntuples(result) > 0 && PQnfields(result) > 0 && !PQgetisnull(result, 0, 0)) {
        value.assign(PQgetvalue(result, 0, 0), static_cast<std::size_t>(PQgetlength(result, 0, 0)));
    }
    PQclear(result);
    return value;
}

}  // namespace peeringd::test
