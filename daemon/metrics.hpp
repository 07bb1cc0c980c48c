#pragma once
/// The daemon's Prometheus metrics (prometheus-cpp core registry, no exposer: /metrics is
/// served by our own listener). Every method is thread-safe: io threads, the DB writer thread
/// and the expiry strand all report here.

#include "domain/peering.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace prometheus {
class Counter;
class Gauge;
class Histogram;
class Registry;
template <typename T>
class Family;
}  // namespace prometheus

namespace peeringd::daemon {

class Metrics {
public:
    Metrics();
    ~Metrics();
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    /// One answered request. `route` must be a template or a fixed label, never a raw path:
    /// label values are kept forever, so they must come from a small fixed set.
    void request_served(std::string_view route, std::string_view method, unsigned status,
                        std::chrono::steady_clock::duration latency);
    /// One expiry sweep (all its batches); `expired` rows moved to EXPIRED.
    void expiry_sweep(bool ok, std::size_t expired);
    /// One retention tick of the change feed; `rows` history rows deleted.
    void history_pruned(std::size_t rows);
    /// One DbWorker write job, from BEGIN IMMEDIATE (busy wait included) through COMMIT.
    void db_write(std::chrono::steady_clock::duration duration);

    // Gauges sampled at scrape time.
    void set_open_connections(std::size_t count);
    void set_wal_bytes(std::uintmax_t bytes);
    /// Statuses missing from `counts` are set to 0, so a status that empties drops to 0.
    void set_peerings(const std::vector<std::pair<domain::PeeringStatus, long long>>& counts);

    /// Prometheus text exposition format 0.0.4.
    std::string render() const;

private:
    std::shared_ptr<prometheus::Registry> registry_;
    prometheus::Family<prometheus::Counter>& requests_;
    prometheus::Family<prometheus::Histogram>& latency_;
    prometheus::Family<prometheus::Gauge>& peerings_;
    prometheus::Family<prometheus::Counter>& sweeps_;
    prometheus::Counter& sweeps_ok_;
    prometheus::Counter& sweeps_failed_;
    prometheus::Counter& rows_expired_;
    prometheus::Counter& history_pruned_;
    prometheus::Histogram& db_write_;
    prometheus::Gauge& wal_bytes_;
    prometheus::Gauge& connections_;
};

}  // namespace peeringd::daemon
