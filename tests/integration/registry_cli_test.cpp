// peeringctl cluster … / vpc … against a real database file (no daemon): add, list, remove,
// --json and text output, and the refusals with a non-zero exit.
#include "tests/support/daemon_process.hpp"
#include "tests/support/temp_dir.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace peeringd::test {
namespace {

const std::string kOwner = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const std::string kService = "5c4b3a29180f7e6d5c4b3a29180f7e6d";
const std::string kVpc = "7a0c5e11-4d2b-4c89-b6f3-1e9d8a2c5b70";

class RegistryCli : public ::testing::Test {
protected:
    int ctl(std::vector<std::string> args, std::string& out) {
        args.insert(args.begin(), {"--db", dir_.file("peeringd.db").string()});
        return run_program(peeringctl_binary(), args, out);
    }
    boost::json::value ctl_json(std::vector<std::string> args) {
        args.emplace_back("--json");
        std::string out;
        EXPECT_EQ(ctl(args, out), 0) << out;
        return boost::json::parse(out);
    }
    std::vector<std::string> cluster_add(const std::string& id, const std::string& vpc_cidr,
                                         const std::string& subnet_cidr) {
        return {"cluster", "add", "--id", id, "--project", kOwner, "--service-project", kService,
                "--vpc-id", "7A0C5E11-4D2B-4C89-B6F3-1E9D8A2C5B70", "--vpc-cidr", vpc_cidr,
                "--subnet-cidr", subnet_cidr};
    }
    TempDir dir_;
};

TEST_F(RegistryCli, ClusterAddListRemove) {
    const auto added = ctl_json(cluster_add("7", "10.8.0.0/16", "10.8.1.0/24"));
    EXPECT_EQ(added.at("id").as_int64(), 7);
    EXPECT_EQ(added.at("vpc_id").as_string(), kVpc);  // canonical lowercase
    EXPECT_EQ(added.at("project_id").as_string(), kOwner);
    EXPECT_EQ(added.at("service_project_id").as_string(), kService);
    const auto listed = ctl_json({"cluster", "list"});
    ASSERT_EQ(listed.as_array().size(), 1U);
    EXPECT_EQ(listed.at(0).at("subnet_cidr").as_string(), "10.8.1.0/24");
    std::string text;
    ASSERT_EQ(ctl({"cluster", "list"}, text), 0) << text;
    EXPECT_NE(text.find("7  owner " + kOwner), std::string::npos) << text;
    EXPECT_EQ(ctl_json({"cluster", "remove", "--id", "7"}).at("removed").as_int64(), 7);
    EXPECT_TRUE(ctl_json({"cluster", "list"}).as_array().empty());
}

TEST_F(RegistryCli, ClusterRefusals) {
    std::string out;
    ASSERT_EQ(ctl(cluster_add("7", "10.8.0.0/16", "10.8.1.0/24"), out), 0) << out;
    EXPECT_NE(ctl(cluster_add("7", "10.8.0.0/16", "10.8.1.0/24"), out), 0);
    EXPECT_NE(out.find("already exists"), std::string::npos) << out;
    EXPECT_NE(ctl(cluster_add("8", "10.8.0.1/16", "10.8.1.0/24"), out), 0);  // host bits
    EXPECT_NE(out.find("host bits"), std::string::npos) << out;
    EXPECT_NE(ctl(cluster_add("8", "10.8.0.0/16", "10.9.1.0/24"), out), 0);  // subnet outside
    EXPECT_NE(ctl(cluster_add("0", "10.8.0.0/16", "10.8.1.0/24"), out), 0);
    EXPECT_NE(ctl({"cluster", "remove", "--id", "99"}, out), 0);
    EXPECT_NE(out.find("could not be found"), std::string::npos) << out;
    EXPECT_EQ(ctl_json({"cluster", "list"}).as_array().size(), 1U);
}

TEST_F(RegistryCli, VpcAddListRemove) {
    const auto added = ctl_json({"vpc", "add", "--project", kOwner, "--id", kVpc, "--cidr", "10.1.0.0/16"});
    EXPECT_EQ(added.at("id").as_string(), kVpc);
    EXPECT_EQ(added.at("cidr").as_string(), "10.1.0.0/16");
    std::string out;
    EXPECT_NE(ctl({"vpc", "add", "--project", kOwner, "--id", kVpc, "--cidr", "10.1.0.0/16"}, out), 0);
    EXPECT_NE(ctl({"vpc", "add", "--project", kOwner, "--id", "nope", "--cidr", "10.1.0.0/16"}, out), 0);
    EXPECT_NE(ctl({"vpc", "add", "--project", kOwner, "--id", kVpc, "--cidr", "300.1.0.0/16"}, out), 0);
    const auto listed = ctl_json({"vpc", "list"});
    ASSERT_EQ(listed.as_array().size(), 1U);
    EXPECT_EQ(listed.at(0).at("project_id").as_string(), kOwner);
    EXPECT_EQ(ctl_json({"vpc", "remove", "--id", "7A0C5E11-4D2B-4C89-B6F3-1E9D8A2C5B70"})
                  .at("removed").as_string(), kVpc);
    EXPECT_NE(ctl({"vpc", "remove", "--id", kVpc}, out), 0);
    EXPECT_TRUE(ctl_json({"vpc", "list"}).as_array().empty());
}

}  // namespace
}  // namespace peeringd::test
