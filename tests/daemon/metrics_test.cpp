#include "daemon/metrics.hpp"
#include "tests/support/prometheus_text.hpp"

#include <gtest/gtest.h>

namespace peeringd::daemon {
namespace {

using peeringd::test::parse_prometheus_text;
using peeringd::test::prom_value;

TEST(Metrics, RenderIsValidPrometheusTextWithEveryFamily) {
    Metrics m;
    m.request_served("/v2.0/vpc/peerings", "GET", 200, std::chrono::milliseconds(3));
    m.db_write(std::chrono::microseconds(700));
    m.expiry_sweep(true, 2);
    m.set_wal_bytes(4096);
    m.set_open_connections(3);
    const auto parsed = parse_prometheus_text(m.render());
    ASSERT_EQ(parsed.error, "") << m.render();
    for (const char* name : {"peeringd_http_requests_total", "peeringd_http_request_duration_seconds_count",
                             "peeringd_peerings", "peeringd_expiry_sweeps_total", "peeringd_expiry_expired_total",
                             "peeringd_db_commit_duration_seconds_count", "peeringd_db_wal_bytes",
                             "peeringd_open_connections"}) {
        bool found = false;
        for (const auto& s : parsed.samples) found = found || s.name == name;
        EXPECT_TRUE(found) << name;
    }
    EXPECT_EQ(prom_value(parsed, "peeringd_db_wal_bytes"), 4096);
    EXPECT_EQ(prom_value(parsed, "peeringd_expiry_expired_total"), 2);
    EXPECT_EQ(prom_value(parsed, "peeringd_db_commit_duration_seconds_bucket", {{"le", "0.001"}}), 1);
}

TEST(Metrics, RequestCountersAreKeptPerRouteAndStatus) {
    Metrics m;
    for (int i = 0; i < 4; ++i) m.request_served("/v2.0/vpc/peerings/{id}", "GET", 404, {});
    m.request_served("/v2.0/vpc/peerings/{id}", "GET", 200, {});
    const auto parsed = parse_prometheus_text(m.render());
    EXPECT_EQ(prom_value(parsed, "peeringd_http_requests_total",
                         {{"route", "/v2.0/vpc/peerings/{id}"}, {"status", "404"}, {"method", "GET"}}),
              4);
    EXPECT_EQ(prom_value(parsed, "peeringd_http_requests_total", {{"status", "200"}}), 1);
}

TEST(Metrics, PeeringGaugeResetsStatusesThatEmptied) {
    Metrics m;
    m.set_peerings({{domain::PeeringStatus::active, 3}, {domain::PeeringStatus::pending_acceptance, 2}});
    m.set_peerings({{domain::PeeringStatus::active, 4}});
    const auto parsed = parse_prometheus_text(m.render());
    EXPECT_EQ(prom_value(parsed, "peeringd_peerings", {{"status", "ACTIVE"}}), 4);
    EXPECT_EQ(prom_value(parsed, "peeringd_peerings", {{"status", "PENDING_ACCEPTANCE"}}), 0);
}

TEST(PrometheusTextCheck, RejectsMalformedLines) {
    EXPECT_NE(parse_prometheus_text("x 1\n").error, "");  // no TYPE
    EXPECT_NE(parse_prometheus_text("# TYPE x counter\nx{a=\"1\" 1\n").error, "");
    EXPECT_NE(parse_prometheus_text("# TYPE x counter\nx one\n").error, "");
    EXPECT_NE(parse_prometheus_text("# TYPE x bogus\n").error, "");
    EXPECT_EQ(parse_prometheus_text("# HELP x a \\\\ help\n# TYPE x counter\nx{a=\"q\\\"\"} 1 1700000000\n").error, "");
}

}  // namespace
}  // namespace peeringd::daemon
