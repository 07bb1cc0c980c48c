#include "api/feed_reader.hpp"

#include "api/json/change_codec.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <memory>
#include <utility>

namespace peeringd::api {
namespace {

using Clock = std::chrono::steady_clock;

struct StreamState {
    storage::DbWorker& db;
    FeedNotifier& feed;
    std::optional<std::string> scope;
    storage::FeedPage page;
    std::size_t limit;
};

/// Runs one stream. The state comes in a shared_ptr: GCC 12 relocates class-type coroutine
/// parameters bytewise, which would break the std::strings inside.
boost::asio::awaitable<void> run_stream(std::shared_ptr<StreamState> state, EventSink& sink) {
    for (;;) {
        // Texts are named before the co_await: GCC 12 mishandles temporaries that live across
        // a suspension.
        for (const auto& change : state->page.changes) {
            const auto event = json::to_sse_event(change);
            if (!co_await sink.send(event)) co_return;
        }
        const auto since = state->page.next_since;
        if (state->page.changes.size() < state->limit) {
            const auto wake = co_await state->feed.wait(state->scope, since, kHeartbeat);
            if (wake == FeedNotifier::Wake::closed) co_return;
            // A timeout still re-reads: it also picks up changes made by another process
            // (peeringctl), which the notifier cannot see.
            const std::string heartbeat = ": heartbeat\n\n";
            if (wake == FeedNotifier::Wake::timeout && !co_await sink.send(heartbeat)) co_return;
        }
        auto next = co_await read_feed_page(state->db, since, state->limit, state->scope);
        if (!next) {
            // Only retention overtaking a stalled stream gets here: tell the client to list again.
            const boost::json::object body{{"error_code", "VPC.0831"},
                                           {"error_msg", next.error().message}};
            const auto gone = "event: gone\ndata: " + boost::json::serialize(body) + "\n\n";
            co_await sink.send(gone);
            co_return;
        }
        state->page = std::move(*next);
    }
}

}  // namespace

boost::asio::awaitable<domain::Result<storage::FeedPage>> read_feed_page(
    storage::DbWorker& db, std::int64_t since, std::size_t limit,
    const std::optional<std::string>& scope) {
    // Built outside the co_await: GCC 12 relocates lambda temporaries that live across a
    // suspension bytewise, which corrupts captured std::strings.
    auto pending = db.read([since, limit, scope](storage::Repositories& repos) {
        return repos.peerings.changes_since(since, limit, scope);
    });
    co_return co_await std::move(pending);
}

boost::asio::awaitable<domain::Result<storage::FeedPage>> long_poll(
    storage::DbWorker& db, FeedNotifier& feed, std::int64_t since, std::size_t limit,
    std::chrono::seconds wait, const std::optional<std::string>& scope) {
    const auto deadline = Clock::now() + wait;
    auto page = co_await read_feed_page(db, since, limit, scope);
    while (page && page->changes.empty() && Clock::now() < deadline) {
        const auto position = page->next_since;
        const auto wake = co_await feed.wait(scope, position, deadline - Clock::now());
        if (wake == FeedNotifier::Wake::closed) break;  // shutting down: answer what we have
        // After a timeout one last read answers changes another process made meanwhile.
        page = co_await read_feed_page(db, position, limit, scope);
    }
    co_return page;
}

StreamProducer event_stream(storage::DbWorker& db, FeedNotifier& feed,
                            std::optional<std::string> scope, storage::FeedPage first,
                            std::size_t limit) {
    auto state = std::make_shared<StreamState>(
        StreamState{db, feed, std::move(scope), std::move(first), limit});
    return [state](EventSink& sink) { return run_stream(state, sink); };
}

}  // namespace peeringd::api
