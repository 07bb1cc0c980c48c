// IPv4 CIDR parsing of the registries and CS routes: canonical form, host bits, containment.
#include "domain/cidr.hpp"
#include "domain/registry.hpp"

#include <gtest/gtest.h>

namespace peeringd::domain {
namespace {

TEST(Cidr, AcceptsNetworksAndKeepsTheirSpelling) {
    for (const char* text : {"10.0.0.0/8", "0.0.0.0/0", "192.168.1.0/24", "255.255.255.255/32",
                             "172.16.0.0/12", "10.9.0.0/16"}) {
        SCOPED_TRACE(text);
        const auto cidr = parse_ipv4_cidr(text, "cidr");
        ASSERT_TRUE(cidr);
        EXPECT_EQ(to_string(*cidr), text);
    }
}

TEST(Cidr, RefusesMalformedInputAndHostBits) {
    for (const char* text : {"", "10.0.0.0", "10.0.0/8", "10.0.0.0.0/8", "256.0.0.0/8", "10.0.0.0/33",
                             "10.0.0.0/", "/8", "010.0.0.0/8", "10.0.0.0/08", " 10.0.0.0/8",
                             "10.0.0.0/8 ", "a.b.c.d/8", "10..0.0/8", "-1.0.0.0/8", "::1/128",
                             "10.0.0.1/8", "192.168.1.1/24"}) {
        SCOPED_TRACE(text);
        const auto cidr = parse_ipv4_cidr(text, "destination");
        ASSERT_FALSE(cidr);
        EXPECT_EQ(cidr.error().code, ErrorCode::bad_request);
        EXPECT_EQ(cidr.error().message.rfind("Invalid input for destination. Reason: '", 0), 0U);
    }
    EXPECT_NE(parse_ipv4_cidr("10.0.0.1/8", "x").error().message.find("host bits"), std::string::npos);
}

TEST(Cidr, Containment) {
    const auto vpc = parse_ipv4_cidr("10.8.0.0/16", "x").value();
    EXPECT_TRUE(contains(vpc, parse_ipv4_cidr("10.8.1.0/24", "x").value()));
    EXPECT_TRUE(contains(vpc, vpc));
    EXPECT_FALSE(contains(vpc, parse_ipv4_cidr("10.9.1.0/24", "x").value()));
    EXPECT_FALSE(contains(vpc, parse_ipv4_cidr("10.0.0.0/8", "x").value()));
}

TEST(ClusterId, ParsesPositiveJavaIntegers) {
    EXPECT_EQ(parse_cluster_id("7").value(), 7);
    EXPECT_EQ(parse_cluster_id("2147483647").value(), 2147483647);
    for (const char* text : {"", "0", "-1", "07", "2147483648", "99999999999", "1.5", "x"}) {
        SCOPED_TRACE(text);
        EXPECT_FALSE(parse_cluster_id(text));
    }
}

}  // namespace
}  // namespace peeringd::domain
