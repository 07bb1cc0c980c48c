#include "daemon/test_hooks.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

namespace peeringd::daemon {
namespace asio = boost::asio;

std::optional<std::chrono::seconds> wedge_hook_from_env(const char* value) {
    if (value == nullptr || *value == '\0') return std::nullopt;
    const std::string_view text{value};
    const std::string_view name = "wedge_db_on_sigusr1";
    if (text == name) return std::chrono::seconds{5};
    if (text.substr(0, name.size()) == name && text.size() > name.size() + 1 && text[name.size()] == '=') {
        const std::string number{text.substr(name.size() + 1)};
        std::size_t used = 0;
        long long seconds = -1;
        try {
            seconds = std::stoll(number, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == number.size() && seconds >= 0 && seconds <= 3600) return std::chrono::seconds{seconds};
    }
    throw std::invalid_argument("PEERINGD_TEST_HOOKS: unknown hook '" + std::string(text) +
                                "' (known: wedge_db_on_sigusr1[=SECONDS])");
}

TestHooks::TestHooks(asio::io_context& io, storage::DbWorker& db)
    : signals_(asio::make_strand(io)), db_(db), wedge_(wedge_hook_from_env(std::getenv("PEERINGD_TEST_HOOKS"))) {
    if (!wedge_) return;
    // Registered now, before READY=1, so that an early SIGUSR1 is queued instead of killing us.
    signals_.add(SIGUSR1);
    spdlog::warn("PEERINGD_TEST_HOOKS: SIGUSR1 blocks the database writer for {}s. Test-only; "
                 "never set this in production.",
                 wedge_->count());
}

void TestHooks::start() {
    if (wedge_) asio::post(signals_.get_executor(), [this] { arm(); });
}

void TestHooks::stop() {
    asio::post(signals_.get_executor(), [this] {
        stopped_ = true;
        boost::system::error_code ignored;
        signals_.cancel(ignored);
    });
}

void TestHooks::arm() {
    if (stopped_) return;
    signals_.async_wait([this](const boost::system::error_code& ec, int) {
        if (ec) return;
        spdlog::warn("test hook: blocking the database writer for {}s", wedge_->count());
        asio::co_spawn(signals_.get_executor(), wedge(), [](std::exception_ptr e) {
            if (e) spdlog::error("test hook: wedge job failed");
        });
        arm();
    });
}

asio::awaitable<void> TestHooks::wedge() {
    const auto duration = *wedge_;
    auto pending = db_.write_alone([duration](storage::Repositories&) {
        std::this_thread::sleep_for(duration);  // the point of the hook: hold the writer thread
        return domain::Result<void>{};
    });
    (void)co_await std::move(pending);
    spdlog::warn("test hook: the database writer is free again");
}

}  // namespace peeringd::daemon
