#pragma once
/// Reading attributes of small request bodies (CS create, routes, registry entries) with the
/// v2.0 error texts of spec §7.4 (E1-E4, E6): one helper per check, so each codec stays a list
/// of its fields.

#include "domain/error.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace peeringd::api::json {

/// The body object itself (`wrapper` empty) or the object under `wrapper`.
domain::Result<const boost::json::object*> body_object(const boost::json::value& body,
                                                       std::string_view wrapper);

/// E4 naming every key outside `known`.
domain::Result<void> only_known(const boost::json::object& object,
                                std::initializer_list<std::string_view> known);

/// E3 when absent, E6 when not a string.
domain::Result<std::string> required_string(const boost::json::object& object,
                                            std::string_view key);

/// nullopt when absent, E6 when not a string.
domain::Result<std::optional<std::string>> optional_string(const boost::json::object& object,
                                                           std::string_view key);

/// E3 when absent, E6 when not an integer (1.0 and "1" are refused).
domain::Result<std::int64_t> required_integer(const boost::json::object& object,
                                              std::string_view key);

}  // namespace peeringd::api::json
