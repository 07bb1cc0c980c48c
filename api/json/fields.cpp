#include "api/json/fields.hpp"

#include "domain/untrusted_text.hpp"
#include "domain/validation.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace peeringd::api::json {
namespace {

namespace bj = boost::json;

domain::Error invalid_type(std::string_view key, const bj::value& value, std::string_view what) {
    return domain::bad_request("Invalid input for " + std::string(key) + ". Reason: '" +
                               domain::echo(bj::serialize(value)) + "' is not a valid " +
                               std::string(what) + ".");
}

domain::Error required(std::string_view key) {
    return domain::bad_request("Failed to parse request. Required attribute '" +
                               std::string(key) + "' not specified");
}

}  // namespace

domain::Result<const bj::object*> body_object(const bj::value& body, std::string_view wrapper) {
    const bj::object* top = body.if_object();
    if (top == nullptr) return domain::bad_request("Malformed request body");
    if (wrapper.empty()) return top;
    const bj::value* wrapped = top->if_contains(wrapper);
    if (wrapped == nullptr)
        return domain::bad_request("Unable to find '" + std::string(wrapper) +
                                   "' in request body");
    if (!wrapped->is_object()) return invalid_type(wrapper, *wrapped, "dictionary");
    return &wrapped->get_object();
}

domain::Result<void> only_known(const bj::object& object,
                                std::initializer_list<std::string_view> known) {
    std::string unknown;
    for (const auto& entry : object) {
        if (std::find(known.begin(), known.end(), entry.key()) != known.end()) continue;
        if (!unknown.empty()) unknown += ", ";
        unknown += domain::echo(entry.key());
    }
    if (unknown.empty()) return {};
    // Each name is cut, and so is the list: a body of a thousand unknown keys gets a short answer.
    return domain::bad_request("Unrecognized attribute(s) '" + domain::echo(unknown, 4 * domain::kMaxEcho) + "'");
}

domain::Result<std::string> required_string(const bj::object& object, std::string_view key) {
    auto value = optional_string(object, key);
    if (!value) return value.error();
    if (!*value) return required(key);
    return std::move(**value);
}

domain::Result<std::optional<std::string>> optional_string(const bj::object& object,
                                                           std::string_view key) {
    const bj::value* value = object.if_contains(key);
    if (value == nullptr) return std::optional<std::string>{};
    if (!value->is_string()) return invalid_type(key, *value, "string");
    return std::optional<std::string>{std::string(value->get_string())};
}

domain::Result<std::int64_t> required_integer(const bj::object& object, std::string_view key) {
    const bj::value* value = object.if_contains(key);
    if (value == nullptr) return required(key);
    if (value->is_int64()) return value->get_int64();
    if (value->is_uint64() && value->get_uint64() <= 9007199254740991U)  // beyond: out of range
        return static_cast<std::int64_t>(value->get_uint64());
    return invalid_type(key, *value, "integer");
}

}  // namespace peeringd::api::json
