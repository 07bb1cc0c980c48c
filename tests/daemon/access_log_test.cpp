#include "daemon/access_log.hpp"

#include "domain/untrusted_text.hpp"

#include <gtest/gtest.h>

namespace peeringd::daemon {
namespace {

TEST(AccessLogLine, HasEveryFieldOnOneLine) {
    AccessRecord r;
    r.request_id = "0123456789abcdef0123456789abcdef";
    r.peer = "127.0.0.1:4242";
    r.project = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    r.credential_id = "tok-1";
    r.method = "PUT";
    r.route = "/v2.0/vpc/peerings/{id}/accept";
    r.peering_id = "evil\nid";
    r.status = 404;
    r.error_code = "VPC.0802";
    r.latency = std::chrono::microseconds(1500);
    const auto line = format_access_line(r);
    EXPECT_EQ(line,
              "access request_id=0123456789abcdef0123456789abcdef peer=127.0.0.1:4242 "
              "project=0a1b2c3d4e5f60718293a4b5c6d7e8f9 credential_id=tok-1 method=PUT "
              "route=/v2.0/vpc/peerings/{id}/accept peering_id=\"evil\\x0aid\" status=404 "
              "error_code=VPC.0802 latency_ms=1.500");
    EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(AccessLogLine, HostileValuesStayInsideTheirFieldAndAreCapped) {
    AccessRecord r;
    r.request_id = "0123456789abcdef0123456789abcdef";
    r.method = "GET";
    r.route = "/v2.0/vpc/peerings/{id}";
    const std::string forged = "x\" status=200 project=aaaa y=\"";
    r.peering_id = forged;
    const std::string huge(3000, 'A');
    r.peer = huge;
    r.status = 404;
    const auto line = format_access_line(r);
    EXPECT_NE(line.find(R"(peering_id="x\" status=200 project=aaaa y=\"")"), std::string::npos) << line;
    EXPECT_NE(line.find("peer=\"" + std::string(domain::kMaxLogValue, 'A') + "...[+" +
                        std::to_string(3000 - domain::kMaxLogValue) + " bytes]\" project=-"),
              std::string::npos)
        << line;
    EXPECT_LT(line.size(), 600U);
}

}  // namespace
}  // namespace peeringd::daemon
