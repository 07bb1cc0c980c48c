#include "daemon/connection_tracker.hpp"

#include <boost/asio/post.hpp>

namespace peeringd::daemon {

std::uint64_t ConnectionTracker::add(boost::asio::any_io_executor strand, std::function<void()> close) {
    std::lock_guard lock{mutex_};
    const auto id = next_id_++;
    entries_.emplace(id, Entry{std::move(strand), std::make_shared<std::function<void()>>(std::move(close)), false});
    return id;
}

void ConnectionTracker::remove(std::uint64_t id) {
    std::function<void()> drained;
    {
        std::lock_guard lock{mutex_};
        entries_.erase(id);
        if (stopping_ && entries_.empty()) drained = std::move(drained_);
    }
    if (drained) drained();
}

void ConnectionTracker::set_idle(std::uint64_t id, bool idle) {
    std::lock_guard lock{mutex_};
    const auto it = entries_.find(id);
    if (it == entries_.end()) return;
    it->second.idle = idle;
    if (idle && stopping_) close_on_strand(it->second);
}

void ConnectionTracker::begin_stop() {
    std::function<void()> drained;
    {
        std::lock_guard lock{mutex_};
        stopping_ = true;
        for (const auto& [id, entry] : entries_)
            if (entry.idle) close_on_strand(entry);
        if (entries_.empty()) drained = std::move(drained_);
    }
    if (drained) drained();
}

void ConnectionTracker::close_all() {
    std::lock_guard lock{mutex_};
    for (const auto& [id, entry] : entries_) close_on_strand(entry);
}

bool ConnectionTracker::stopping() const {
    std::lock_guard lock{mutex_};
    return stopping_;
}

std::size_t ConnectionTracker::size() const {
    std::lock_guard lock{mutex_};
    return entries_.size();
}

void ConnectionTracker::on_drained(std::function<void()> callback) {
    std::lock_guard lock{mutex_};
    drained_ = std::move(callback);
}

void ConnectionTracker::close_on_strand(const Entry& entry) {
    // The session coroutine lives on this strand, so the close never races its I/O. The closure
    // itself holds only a weak reference to the session's stream (see http_session.cpp).
    boost::asio::post(entry.strand, [close = entry.close] { (*close)(); });
}

}  // namespace peeringd::daemon
