// SIGHUP (systemctl reload): the config file is read again, live settings change, a broken
// file changes nothing, and an open keep-alive connection carries on across the reload.
#include "tests/support/daemon_process.hpp"
#include "tests/support/notify_socket.hpp"
#include "tests/support/temp_dir.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace peeringd::test {
namespace {
using namespace std::chrono_literals;
namespace beast = boost::beast;
namespace http = beast::http;

const std::string kProject = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

/// One TCP connection used for every request, so that a dropped connection fails the test
/// (HttpClient would silently reconnect).
class KeepAliveConnection {
public:
    explicit KeepAliveConnection(unsigned short port) : stream_(io_) {
        stream_.expires_after(5s);
        stream_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    }
    /// POSTs a same-project peering (created ACTIVE, so it counts against the quota).
    int create_peering(int n) {
        http::request<http::string_body> request{http::verb::post, "/v2.0/vpc/peerings", 11};
        request.set(http::field::host, "127.0.0.1");
        request.set("X-Project-Id", kProject);
        request.set(http::field::content_type, "application/json");
        std::ostringstream vpc_a, vpc_b;
        vpc_a << "3e6f1d2c-8b4a-4f7e-a1c9-" << std::setw(12) << std::setfill('0') << n;
        vpc_b << "7a0c5e11-4d2b-4c89-b6f3-" << std::setw(12) << std::setfill('0') << n;
        request.body() = R"({"peering":{"name":"p","request_vpc_info":{"vpc_id":")" + vpc_a.str() +
                         R"("},"accept_vpc_info":{"vpc_id":")" + vpc_b.str() + R"("}}})";
        request.prepare_payload();
        request.keep_alive(true);
        stream_.expires_after(5s);
        http::write(stream_, request);
        http::response<http::string_body> response;
        http::read(stream_, buffer_, response);
        return static_cast<int>(response.result_int());
    }

private:
    boost::asio::io_context io_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
};

class Reload : public ::testing::Test {
protected:
    void TearDown() override {
        if (HasFailure()) std::cerr << "---- peeringd log ----\n" << log() << "----------------------\n";
    }
    void write_config(const std::string& text) { std::ofstream(dir_.file("peeringd.conf")) << text; }
    std::string log() const {
        std::ifstream file(dir_.file("peeringd.log"));
        std::stringstream text;
        text << file.rdbuf();
        return text.str();
    }
    /// SIGHUP, then the RELOADING=1 ... READY=1 pair that brackets the reload.
    void reload(DaemonProcess& daemon) {
        ASSERT_EQ(::kill(daemon.pid(), SIGHUP), 0);
        ASSERT_TRUE(notify_.wait_for("RELOADING=1", 10s));
        const auto ready = notify_.wait_for("READY=1", 10s);
        ASSERT_TRUE(ready);
        EXPECT_EQ(field(*ready, "STATUS"), "serving on 127.0.0.1:" + std::to_string(daemon.port()));
    }

    TempDir dir_;
    NotifySocket notify_{dir_.file("notify.sock")};
};

TEST_F(Reload, SighupAppliesLiveSettingsAndKeepsConnections) {
    write_config("quota = 1\nsweep-interval = 60\nio-threads = 2\n");
    DaemonProcess daemon(dir_.file("peeringd.db"),
                         {"--insecure-dev-auth", "--config", dir_.file("peeringd.conf").string()},
                         dir_.file("peeringd.log"), ChildEnv{{notify_.env()}});
    ASSERT_TRUE(notify_.wait_for("READY=1", 10s));
    ASSERT_TRUE(daemon.wait_listening(2s));
    KeepAliveConnection connection(daemon.port());
    EXPECT_EQ(connection.create_peering(1), 201);
    EXPECT_EQ(connection.create_peering(2), 409) << "quota 1 reached";

    write_config("quota = 3\nsweep-interval = 5\nio-threads = 4\n");
    reload(daemon);
    EXPECT_EQ(connection.create_peering(3), 201) << "the new quota applies on the same connection";
    EXPECT_EQ(connection.create_peering(4), 201);
    EXPECT_EQ(connection.create_peering(5), 409) << "quota 3 reached";
    const auto text = log();
    EXPECT_NE(text.find("reload: quota 1 -> 3"), std::string::npos);
    EXPECT_NE(text.find("reload: sweep-interval 60s -> 5s"), std::string::npos);
    EXPECT_NE(text.find("io-threads changed but takes effect only after a restart"), std::string::npos);
    EXPECT_NE(text.find("credentials and tokens need no reload"), std::string::npos);

    // A file that no longer parses changes nothing and does not stop the daemon.
    write_config("quota = lots\n");
    reload(daemon);
    EXPECT_NE(log().find("the running settings stay"), std::string::npos);
    EXPECT_EQ(connection.create_peering(6), 409) << "still quota 3";
    EXPECT_EQ(daemon.stop(SIGTERM), std::optional<int>(0));
}

TEST_F(Reload, SighupWithoutConfigFileIsHarmless) {
    DaemonProcess daemon(dir_.file("peeringd.db"), {"--insecure-dev-auth"}, dir_.file("peeringd.log"),
                         ChildEnv{{notify_.env()}});
    ASSERT_TRUE(notify_.wait_for("READY=1", 10s));
    ASSERT_TRUE(daemon.wait_listening(2s));
    KeepAliveConnection connection(daemon.port());
    reload(daemon);
    EXPECT_EQ(connection.create_peering(1), 201);
    EXPECT_NE(log().find("reload done: 0 setting(s) changed live"), std::string::npos);
    EXPECT_EQ(daemon.stop(SIGTERM), std::optional<int>(0));
}

}  // namespace
}  // namespace peeringd::test
