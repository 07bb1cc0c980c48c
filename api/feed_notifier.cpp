#include "api/feed_notifier.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace peeringd::api {
namespace asio = boost::asio;

namespace {

bool visible(const storage::ChangeNotice& n, const std::optional<std::string>& scope) {
    return !scope || n.request_tenant == *scope || n.accept_tenant == *scope;
}

}  // namespace

/// One waiting watcher. Shared with the notifier so a wake posted just before the watcher gave
/// up never touches a destroyed timer.
struct FeedNotifier::Waiter {
    Waiter(asio::any_io_executor executor, std::optional<std::string> who, std::int64_t after)
        : timer(std::move(executor)), scope(std::move(who)), since(after) {}
    asio::steady_timer timer;  ///< used only on the watcher's executor
    std::optional<std::string> scope;
    std::int64_t since;
    bool fired = false;  ///< guarded by the notifier's mutex
};

void FeedNotifier::start_at(std::int64_t head) {
    std::lock_guard lock{mutex_};
    floor_ = published_ = head;
    recent_.clear();
}

std::int64_t FeedNotifier::published() const {
    std::lock_guard lock{mutex_};
    return published_;
}

void FeedNotifier::publish(std::vector<storage::ChangeNotice> notices) {
    std::lock_guard lock{mutex_};
    for (auto& notice : notices) {
        if (notice.revision <= published_) continue;
        published_ = notice.revision;
        for (const auto& waiter : waiters_)
            if (!waiter->fired && notice.revision > waiter->since && visible(notice, waiter->scope))
                fire(waiter);
        recent_.push_back(std::move(notice));
    }
    while (recent_.size() > kRecent) {
        floor_ = recent_.front().revision;
        recent_.pop_front();
    }
}

void FeedNotifier::fire(const std::shared_ptr<Waiter>& waiter) {
    waiter->fired = true;
    // The timer belongs to the watcher's executor (its session strand): cancel it there.
    asio::post(waiter->timer.get_executor(), [waiter] { waiter->timer.cancel(); });
}

bool FeedNotifier::seen_after(const std::optional<std::string>& scope, std::int64_t since) const {
    if (since < floor_) return published_ > since;  // not covered by recent_: re-read to be sure
    for (auto it = recent_.rbegin(); it != recent_.rend() && it->revision > since; ++it)
        if (visible(*it, scope)) return true;
    return false;
}

asio::awaitable<FeedNotifier::Wake> FeedNotifier::wait(const std::optional<std::string>& scope,
                                                        std::int64_t since,
                                                        std::chrono::steady_clock::duration timeout) {
    auto waiter = std::make_shared<Waiter>(co_await asio::this_coro::executor, scope, since);
    {
        std::lock_guard lock{mutex_};
        if (closed_) co_return Wake::closed;
        if (seen_after(scope, since)) co_return Wake::changed;
        waiters_.insert(waiter);
    }
    waiter->timer.expires_after(timeout);
    co_await waiter->timer.async_wait(asio::as_tuple(asio::use_awaitable));
    std::lock_guard lock{mutex_};
    waiters_.erase(waiter);
    if (closed_) co_return Wake::closed;
    co_return waiter->fired ? Wake::changed : Wake::timeout;
}

void FeedNotifier::close() {
    std::lock_guard lock{mutex_};
    closed_ = true;
    for (const auto& waiter : waiters_)
        if (!waiter->fired) fire(waiter);
}

}  // namespace peeringd::api
