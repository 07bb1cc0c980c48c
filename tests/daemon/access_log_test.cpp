#include "daemon/access_log.hpp"

#include <gtest/gtest.h>

namespace peeringd::daemon {
namespace {

TEST(AccessLogValue, PlainValuesStayBare) {
    EXPECT_EQ(log_value("0a1b2c3d"), "0a1b2c3d");
    EXPECT_EQ(log_value("/v2.0/vpc/peerings/{id}"), "/v2.0/vpc/peerings/{id}");
    EXPECT_EQ(log_value("[::1]:5000"), "[::1]:5000");
    EXPECT_EQ(log_value(""), "-");
}

TEST(AccessLogValue, ControlCharactersQuotesAndSpacesAreEscaped) {
    EXPECT_EQ(log_value("a b"), R"("a b")");
    EXPECT_EQ(log_value("x\r\nstatus=200"), R"("x\x0d\x0astatus=200")");
    EXPECT_EQ(log_value("say \"hi\" \\ bye"), R"("say \"hi\" \\ bye")");
    EXPECT_EQ(log_value(std::string_view("\x01\x7f", 2)), R"("\x01\x7f")");
    EXPECT_EQ(log_value("k=v"), R"("k=v")");  // cannot forge a key
}

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

}  // namespace
}  // namespace peeringd::daemon
