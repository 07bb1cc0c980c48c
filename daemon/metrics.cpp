#include "daemon/metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <array>

namespace peeringd::daemon {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

// API requests answer in milliseconds; the top buckets catch busy-timeout waits (2 s default).
const prometheus::Histogram::BucketBoundaries kRequestBuckets{
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
// A write transaction commits in well under a millisecond on a healthy disk; fsync stalls and
// lock waits show up in the upper buckets.
const prometheus::Histogram::BucketBoundaries kCommitBuckets{
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

constexpr std::array kStatuses{domain::PeeringStatus::pending_acceptance, domain::PeeringStatus::active,
                               domain::PeeringStatus::rejected, domain::PeeringStatus::expired,
                               domain::PeeringStatus::deleted};

double seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      requests_(BuildCounter()
                    .Name("peeringd_http_requests_total")
                    .Help("HTTP requests answered, by method, route template and status code")
                    .Register(*registry_)),
      latency_(BuildHistogram()
                   .Name("peeringd_http_request_duration_seconds")
                   .Help("Time from a parsed request to its response, by method and route template")
                   .Register(*registry_)),
      peerings_(BuildGauge()
                    .Name("peeringd_peerings")
                    .Help("Stored peerings by status (DELETED are tombstones), sampled at scrape")
                    .Register(*registry_)),
      sweeps_(BuildCounter()
                  .Name("peeringd_expiry_sweeps_total")
                  .Help("Expiry sweeps run, by result")
                  .Register(*registry_)),
      sweeps_ok_(sweeps_.Add({{"result", "ok"}})),
      sweeps_failed_(sweeps_.Add({{"result", "failed"}})),
      rows_expired_(BuildCounter()
                        .Name("peeringd_expiry_expired_total")
                        .Help("Pending peerings moved to EXPIRED by the sweeper")
                        .Register(*registry_)
                        .Add({})),
      history_pruned_(BuildCounter()
                          .Name("peeringd_history_pruned_total")
                          .Help("Change-feed history rows deleted by retention")
                          .Register(*registry_)
                          .Add({})),
      db_write_(BuildHistogram()
                    .Name("peeringd_db_commit_duration_seconds")
                    .Help("Duration of one database write transaction, BEGIN IMMEDIATE (lock wait "
                          "included) through COMMIT, on the writer thread")
                    .Register(*registry_)
                    .Add({}, kCommitBuckets)),
      wal_bytes_(BuildGauge()
                     .Name("peeringd_db_wal_bytes")
                     .Help("Size of the database's write-ahead log file, sampled at scrape")
                     .Register(*registry_)
                     .Add({})),
      connections_(BuildGauge()
                       .Name("peeringd_open_connections")
                       .Help("Open client connections, sampled at scrape")
                       .Register(*registry_)
                       .Add({})) {
    for (const auto status : kStatuses) peerings_.Add({{"status", std::string(to_string(status))}});
}

Metrics::~Metrics() = default;

void Metrics::request_served(std::string_view route, std::string_view method, unsigned status,
                             std::chrono::steady_clock::duration latency) {
    requests_.Add({{"method", std::string(method)}, {"route", std::string(route)}, {"status", std::to_string(status)}})
        .Increment();
    latency_.Add({{"method", std::string(method)}, {"route", std::string(route)}}, kRequestBuckets)
        .Observe(seconds(latency));
}

void Metrics::expiry_sweep(bool ok, std::size_t expired) {
    (ok ? sweeps_ok_ : sweeps_failed_).Increment();
    rows_expired_.Increment(static_cast<double>(expired));
}

void Metrics::history_pruned(std::size_t rows) { history_pruned_.Increment(static_cast<double>(rows)); }

void Metrics::db_write(std::chrono::steady_clock::duration duration) { db_write_.Observe(seconds(duration)); }

void Metrics::set_open_connections(std::size_t count) { connections_.Set(static_cast<double>(count)); }

void Metrics::set_wal_bytes(std::uintmax_t bytes) { wal_bytes_.Set(static_cast<double>(bytes)); }

void Metrics::set_peerings(const std::vector<std::pair<domain::PeeringStatus, long long>>& counts) {
    for (const auto status : kStatuses) {
        long long value = 0;
        for (const auto& [s, n] : counts)
            if (s == status) value = n;
        peerings_.Add({{"status", std::string(to_string(status))}}).Set(static_cast<double>(value));
    }
}

std::string Metrics::render() const {
    return prometheus::TextSerializer{}.Serialize(registry_->Collect());
}

}  // namespace peeringd::daemon
