#pragma once
/// Knows every open connection so that shutdown can close idle ones at once and give busy ones
/// a grace period. Thread-safe; the close itself runs on each connection's own strand.

#include <boost/asio/any_io_executor.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace peeringd::daemon {

class ConnectionTracker {
public:
    /// `close` must be safe to call on `strand` at any time while the connection lives.
    std::uint64_t add(boost::asio::any_io_executor strand, std::function<void()> close);
    void remove(std::uint64_t id);
    /// Idle = waiting for the next request; a stopping tracker closes idle connections.
    void set_idle(std::uint64_t id, bool idle);

    /// From now on idle connections are closed and busy ones close after their response.
    void begin_stop();
    /// Closes every connection, busy or not (the grace period ran out).
    void close_all();
    bool stopping() const;
    std::size_t size() const;
    /// Called (from any thread) when the last connection goes away after begin_stop().
    void on_drained(std::function<void()> callback);

private:
    struct Entry {
        boost::asio::any_io_executor strand;
        std::shared_ptr<std::function<void()>> close;
        bool idle = false;
    };
    static void close_on_strand(const Entry& entry);

    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, Entry> entries_;
    std::uint64_t next_id_ = 1;
    bool stopping_ = false;
    std::function<void()> drained_;
};

}  // namespace peeringd::daemon
