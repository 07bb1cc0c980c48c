// Request body bytes -> the strict JSON parser and the create/update/CS decoders with their
// validation. Properties: no crash; what the strict parser accepts serialises to text it
// accepts again, equal to the first value and free of non-finite numbers (the response bodies
// are built from such values).
#include "api/json/cs_codec.hpp"
#include "api/json/peering_codec.hpp"
#include "api/json/strict_parse.hpp"
#include "tests/fuzz/fuzz_check.hpp"

#include <boost/json/serialize.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using peeringd::fuzz::check;
namespace json = peeringd::api::json;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = json::strict_parse(text);
    if (!parsed.value) return 0;
    const auto again_text = boost::json::serialize(*parsed.value);
    const auto again = json::strict_parse(again_text);
    check(again.value.has_value(), "serialised body parses strictly again");
    check(*again.value == *parsed.value, "round trip keeps the value");

    if (auto create = json::create_command_from_json(*parsed.value)) {
        check(!create->request_vpc_id.empty() && !create->accept_vpc_id.empty(), "a create names both VPCs");
    }
    if (auto update = json::update_command_from_json(*parsed.value)) {
        check(update->name || update->description, "an update changes something");
    }
    (void)json::cs_create_command_from_json(*parsed.value);
    (void)json::route_destination_from_json(*parsed.value);
    return 0;
}
