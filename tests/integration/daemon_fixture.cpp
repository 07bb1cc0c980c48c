#include "tests/integration/daemon_fixture.hpp"

#include "storage/database.hpp"

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace peeringd::test {

std::string random_vpc() {
    thread_local std::mt19937_64 gen{std::random_device{}()};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) out.push_back('-');
        out.push_back(kHex[gen() % 16]);
    }
    return out;
}

std::string create_body(const std::string& name, const std::string& request_vpc,
                        const std::string& accept_vpc, const std::string& accept_tenant) {
    boost::json::object accept{{"vpc_id", accept_vpc}};
    if (!accept_tenant.empty()) accept["tenant_id"] = accept_tenant;
    boost::json::object peering{{"name", name},
                                {"request_vpc_info", boost::json::object{{"vpc_id", request_vpc}}},
                                {"accept_vpc_info", accept}};
    return boost::json::serialize(boost::json::object{{"peering", peering}});
}

DaemonFixture::DaemonFixture() {
    if (!PgTestSchema::available()) return;
    schema_ = std::make_unique<PgTestSchema>();
    // Replicas share no folder, so on PostgreSQL the key file is named; the daemon and every
    // peeringctl this test runs inherit it.
    ::setenv("PEERINGD_SECRET_KEY_FILE", dir_.file("peeringd.key").c_str(), 1);
}

std::unique_ptr<storage::sql::Session> DaemonFixture::open_db() const {
    return storage::open_session(db_path().string(), storage::OpenMode::read_only, std::chrono::milliseconds(5000));
}

void DaemonFixture::TearDown() {
    client_.reset();
    if (daemon_) daemon_->stop(SIGKILL);
    if (HasFailure()) {
        std::ifstream log(log_path());
        std::stringstream text;
        text << log.rdbuf();
        std::cerr << "---- peeringd log ----\n" << text.str() << "----------------------\n";
    }
}

void DaemonFixture::start(std::vector<std::string> extra_args, bool dev_auth) {
    client_.reset();
    if (dev_auth) extra_args.emplace_back("--insecure-dev-auth");
    daemon_ = std::make_unique<DaemonProcess>(db_path(), std::move(extra_args), log_path());
    ASSERT_TRUE(daemon_->wait_listening()) << "peeringd did not start";
    client_ = std::make_unique<HttpClient>(daemon_->port());
}

void DaemonFixture::stop() {
    client_.reset();
    ASSERT_TRUE(daemon_);
    EXPECT_EQ(daemon_->stop(SIGTERM), std::optional<int>(0));
    daemon_.reset();
}

HttpResponse DaemonFixture::call(const std::string& method, const std::string& target,
                                 const std::optional<std::string>& project, const std::string& body) {
    return client_->request(method, target, project, body);
}

boost::json::object DaemonFixture::create(const std::string& project, const std::string& accept_tenant,
                                          const std::string& name) {
    const auto response =
        call("POST", kPeerings, project, create_body(name, random_vpc(), random_vpc(), accept_tenant));
    EXPECT_EQ(response.status, 201) << response.body;
    if (response.status != 201) return {};
    return response.json().as_object().at("peering").as_object();
}

std::string expect_neutron_error(const HttpResponse& response, int status, const std::string& type) {
    EXPECT_EQ(response.status, status) << response.body;
    const auto body = response.json().as_object();
    const auto& neutron = body.at("NeutronError").as_object();
    EXPECT_EQ(neutron.at("type").as_string(), type) << response.body;
    EXPECT_EQ(neutron.at("message"), body.at("error_msg"));
    EXPECT_EQ(neutron.at("detail").as_string(), "");
    EXPECT_EQ(body.at("request_id").as_string(), response.header("X-Request-Id"));
    return std::string(body.at("error_code").as_string());
}

}  // namespace peeringd::test
