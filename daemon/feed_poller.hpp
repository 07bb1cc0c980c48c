#pragma once
/// Wakes this replica's change-feed watchers for commits made through other replicas of the
/// same PostgreSQL database. The writer announces this replica's own commits right after they
/// land (Api, DbWorker::after_writes); another replica's commit is seen only here: every
/// interval a reader asks for the notices after the last published revision. Revisions are
/// dense and commit-ordered on PostgreSQL (sql::Session::begin_write), so reading "after the
/// last one published" misses nothing, and FeedNotifier drops what the writer published first.

#include "api/feed_notifier.hpp"
#include "storage/db_worker.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>

namespace peeringd::daemon {

class FeedPoller {
public:
    FeedPoller(boost::asio::io_context& io, storage::DbWorker& db, api::FeedNotifier& feed,
               std::chrono::milliseconds interval = std::chrono::milliseconds(100));

    void start();
    void stop();  ///< thread-safe

private:
    boost::asio::awaitable<void> loop();

    boost::asio::strand<boost::asio::io_context::executor_type> strand_;
    boost::asio::steady_timer timer_;
    storage::DbWorker& db_;
    api::FeedNotifier& feed_;
    std::chrono::milliseconds interval_;
    bool stopped_ = false;  ///< strand_ only
};

}  // namespace peeringd::daemon
