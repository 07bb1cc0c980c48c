#pragma once
/// Wakes change-feed watchers (long polls and SSE streams) when a change they may see commits.
/// The DbWorker's writer calls publish() after each write job, i.e. after COMMIT; watchers
/// wait on a timer of their own strand, so a waiting watcher holds no thread and no database
/// connection. Nothing here polls SQLite.

#include "storage/change.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace peeringd::api {

class FeedNotifier {
public:
    enum class Wake { changed, timeout, closed };

    /// The head revision when serving starts: notices below it are never needed.
    void start_at(std::int64_t head);
    /// Highest revision published so far; the writer asks for notices after it.
    std::int64_t published() const;
    /// Thread-safe (the writer thread). `notices` in revision order, all after published().
    void publish(std::vector<storage::ChangeNotice> notices);

    /// Resumes on the caller's executor once a change after `since` that `scope` may see (nullopt
    /// = every change, an admin) is published, when `timeout` passes, or at close(). A change
    /// published before the call but after `since` counts, so a read followed by wait() misses
    /// nothing.
    boost::asio::awaitable<Wake> wait(const std::optional<std::string>& scope, std::int64_t since,
                                      std::chrono::steady_clock::duration timeout);

    /// Shutdown: wakes every watcher with Wake::closed and answers later waits at once.
    void close();

private:
    struct Waiter;
    /// Whether recent_ holds a change after `since` that `scope` may see, or cannot tell.
    bool seen_after(const std::optional<std::string>& scope, std::int64_t since) const;
    static void fire(const std::shared_ptr<Waiter>& waiter);

    /// How many recent notices are kept for watchers that register after a publish. A watcher
    /// older than that is woken at once and re-reads, which is always safe.
    static constexpr std::size_t kRecent = 4096;

    mutable std::mutex mutex_;
    std::deque<storage::ChangeNotice> recent_;
    std::int64_t floor_ = 0;  ///< recent_ holds every published change after floor_
    std::int64_t published_ = 0;
    bool closed_ = false;
    std::unordered_set<std::shared_ptr<Waiter>> waiters_;
};

}  // namespace peeringd::api
