#include "daemon/watchdog.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

namespace peeringd::daemon {
namespace asio = boost::asio;
namespace {

void log_failure(const char* what, std::exception_ptr e) {
    if (!e) return;
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& ex) {
        spdlog::error("{}: {}", what, ex.what());
    }
}

}  // namespace

Watchdog::Watchdog(asio::io_context& io, storage::DbWorker& db, const SystemdNotifier& notifier)
    : strand_(asio::make_strand(io)), timer_(strand_), db_(db), notifier_(notifier) {}

void Watchdog::start() {
    const auto timeout = SystemdNotifier::watchdog_timeout();
    if (!timeout) return;
    // Half the timeout, as sd_watchdog_enabled(3) advises: one late tick is not yet fatal.
    const auto period = *timeout / 2;
    spdlog::info("watchdog: timeout {} ms; pinging every {} ms while the event loop and the "
                 "database writer make progress",
                 std::chrono::duration_cast<std::chrono::milliseconds>(*timeout).count(),
                 std::chrono::duration_cast<std::chrono::milliseconds>(period).count());
    asio::co_spawn(strand_, loop(period), [](std::exception_ptr e) { log_failure("watchdog ended", e); });
}

void Watchdog::stop() {
    asio::post(strand_, [this] {
        stopped_ = true;
        timer_.cancel();
    });
}

asio::awaitable<void> Watchdog::loop(std::chrono::microseconds period) {
    while (!stopped_) {
        if (probe_done_) {
            if (withheld_) spdlog::info("watchdog: the database writer answers again; pings resume");
            withheld_ = false;
            notifier_.watchdog();
            probe_done_ = false;
            asio::co_spawn(strand_, probe(), [](std::exception_ptr e) { log_failure("watchdog probe failed", e); });
        } else if (!withheld_) {
            withheld_ = true;
            spdlog::warn("watchdog: the database writer has not run a no-op job within {} ms; "
                         "withholding WATCHDOG=1",
                         std::chrono::duration_cast<std::chrono::milliseconds>(period).count());
        }
        timer_.expires_after(period);
        co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

asio::awaitable<void> Watchdog::probe() {
    // Bound to a variable first: GCC 12 mishandles lambda temporaries inside co_await.
    auto pending = db_.write([](storage::Repositories&) { return domain::Result<void>{}; });
    const auto result = co_await std::move(pending);
    // Even an error (busy, disk full) came back from the writer thread: it is alive. The
    // failure itself is for /readyz and the request logs, not a reason to be restarted.
    (void)result;
    probe_done_ = true;  // resumed on strand_ (the caller's executor)
}

}  // namespace peeringd::daemon
