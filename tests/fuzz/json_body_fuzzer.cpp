// Request body bytes -> the strict JSON parser and the create/update/CS decoders with their
// validation. Properties: no crash; what the strict parser accepts serialises to text it
// accepts again, equal to the first value and free of non-finite numbers (the response bodies
// are built from such values).
#include "api/json/cs_codec.hpp"
#include "api/json/peering_codec.hpp"
#include "api/json/strict_parse.hpp"
#include "tests/fuzz/fuzz_check.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using peeringd::fuzz::check;
namespace json = peeringd::api::json;

namespace {

/// Equality, except that doubles may differ in the last bits: Boost.JSON 1.81 parses decimal
/// text to the nearest double only in its (off by default) precise mode, so 7.7e93 written out
/// and read back can land one ulp away (found by this fuzzer). No field reads a number.
bool same_value(const boost::json::value& a, const boost::json::value& b) {
    if (a.is_double() && b.is_double()) {
        const double x = a.get_double(), y = b.get_double();
        return x == y || std::fabs(x - y) <= 1e-12 * std::max(std::fabs(x), std::fabs(y));
    }
    if (a.is_array() && b.is_array()) {
        const auto &u = a.get_array(), &v = b.get_array();
        if (u.size() != v.size()) return false;
        for (std::size_t i = 0; i < u.size(); ++i)
            if (!same_value(u[i], v[i])) return false;
        return true;
    }
    if (a.is_object() && b.is_object()) {
        const auto &u = a.get_object(), &v = b.get_object();
        if (u.size() != v.size()) return false;
        for (const auto& [key, value] : u) {
            const auto* other = v.if_contains(key);
            if (other == nullptr || !same_value(value, *other)) return false;
        }
        return true;
    }
    return a == b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = json::strict_parse(text);
    if (!parsed.value) return 0;
    const auto again_text = boost::json::serialize(*parsed.value);
    const auto again = json::strict_parse(again_text);
    check(again.value.has_value(), "serialised body parses strictly again");
    check(same_value(*again.value, *parsed.value), "round trip keeps the value");

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
