#include "api/json/change_codec.hpp"

#include "api/json/peering_codec.hpp"
#include "domain/timestamp.hpp"

#include <boost/json/serialize.hpp>

namespace peeringd::api::json {
namespace {

boost::json::value text_or_null(const std::string& text) {
    if (text.empty()) return nullptr;
    return boost::json::string(text);
}

}  // namespace

boost::json::object to_json(const storage::Change& change, bool with_peering) {
    boost::json::object out{
        {"revision", change.revision},
        {"changed_at", domain::format_timestamp(change.at)},
        {"action", change.action},
        {"from_status", change.from ? boost::json::value(domain::to_string(*change.from))
                                    : boost::json::value(nullptr)},
        {"to_status", domain::to_string(change.to)},
        {"actor_project", text_or_null(change.actor_project)},
        {"request_id", text_or_null(change.request_id)},
    };
    if (with_peering) out["peering"] = to_json(change.peering);
    return out;
}

std::string to_sse_event(const storage::Change& change) {
    // serialize() never emits a line break, so the event's data is exactly one line.
    return "id: " + std::to_string(change.revision) + "\nevent: " + change.action +
           "\ndata: " + boost::json::serialize(to_json(change, true)) + "\n\n";
}

}  // namespace peeringd::api::json
