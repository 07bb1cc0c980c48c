#pragma once
/// Shared steps of the CS API and registry tests: peeringctl against the fixture's database
/// (safe beside the running daemon), a registered cluster, CS paths and the CS error body.

#include "tests/integration/daemon_fixture.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace peeringd::test {

/// The CS service project that owns every cluster VPC in these tests.
inline const std::string kServiceProject = "5c4b3a29180f7e6d5c4b3a29180f7e6d";

class CsFixture : public DaemonFixture {
protected:
    /// Runs peeringctl --db <fixture db> ARGS; returns stdout+stderr and the exit code.
    int ctl_status(const std::vector<std::string>& args, std::string& out) {
        std::vector<std::string> full{"--db", db_path().string()};
        full.insert(full.end(), args.begin(), args.end());
        return run_program(peeringctl_binary(), full, out);
    }
    /// peeringctl with --json that must succeed; its output parsed.
    boost::json::value ctl(std::vector<std::string> args) {
        args.emplace_back("--json");
        std::string out;
        EXPECT_EQ(ctl_status(args, out), 0) << out;
        return boost::json::parse(out);
    }
    /// Registers cluster `id` owned by `owner`; returns the cluster VPC.
    std::string add_cluster(int id, const std::string& owner) {
        const auto vpc = random_vpc();
        ctl({"cluster", "add", "--id", std::to_string(id), "--project", owner, "--service-project",
             kServiceProject, "--vpc-id", vpc, "--vpc-cidr", "10.8.0.0/16", "--subnet-cidr",
             "10.8.1.0/24"});
        return vpc;
    }
    void add_vpc(const std::string& project, const std::string& vpc) {
        ctl({"vpc", "add", "--project", project, "--id", vpc, "--cidr", "192.168.0.0/16"});
    }

    static std::string cs_base(const std::string& project, int cluster) {
        return "/v1.0/" + project + "/reserved_cluster/" + std::to_string(cluster) + "/peering";
    }
    static std::string cs_body(const std::string& vpc, const std::string& name = "flink-to-rds",
                               const std::string& accept_tenant = {}) {
        boost::json::object body{{"vpc_id", vpc}, {"name", name}};
        if (!accept_tenant.empty()) body["accept_tenant_id"] = accept_tenant;
        return boost::json::serialize(body);
    }
    /// CS create that must answer 201; the peering object.
    boost::json::object cs_create(const std::string& owner, int cluster, const std::string& vpc,
                                  const std::string& accept_tenant = {}) {
        const auto response =
            call("POST", cs_base(owner, cluster), owner, cs_body(vpc, "p", accept_tenant));
        EXPECT_EQ(response.status, 201) << response.body;
        if (response.status != 201) return {};
        return response.json().as_object().at("peering").as_object();
    }
};

/// Asserts the CS error body of spec §7.3 with `status` and `error_id`.
inline void expect_cs_error(const HttpResponse& response, int status, const std::string& error_id) {
    EXPECT_EQ(response.status, status) << response.body;
    const auto body = response.json().as_object();
    EXPECT_EQ(body.size(), 4U) << response.body;
    EXPECT_EQ(body.at("error_id").as_string(), error_id) << response.body;
    EXPECT_EQ(body.at("error_code").as_string(), error_id);
    EXPECT_FALSE(body.at("error_msg").as_string().empty());
    EXPECT_EQ(body.at("error_cause"), body.at("error_msg"));
}

}  // namespace peeringd::test
