#include "api/json/strict_parse.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/value_stack.hpp>

#include <cmath>
#include <string>
#include <unordered_set>
#include <vector>

namespace peeringd::api::json {
namespace {

namespace bj = boost::json;

/// basic_parser handler that builds the value like boost::json::parser does (value_stack) and
/// additionally refuses what that parser accepts silently: in Boost 1.81 a repeated key keeps
/// the last value, and an exponent overflow yields an infinite double.
struct StrictHandler {
    static constexpr std::size_t max_object_size = bj::object::max_size();
    static constexpr std::size_t max_array_size = bj::array::max_size();
    static constexpr std::size_t max_key_size = bj::string::max_size();
    static constexpr std::size_t max_string_size = bj::string::max_size();

    bj::value_stack stack;
    /// Keys seen so far in each currently open object, innermost last.
    std::vector<std::unordered_set<std::string>> open_objects;
    std::string key;  ///< the key being assembled from on_key_part pieces
    std::optional<ParseFailure> failure;

    bool fail(ParseFailure why, bj::error_code& ec) {
        failure = why;
        ec = bj::make_error_code(bj::error::syntax);
        return false;
    }

    bool on_document_begin(bj::error_code&) {
        stack.reset();
        return true;
    }
    bool on_document_end(bj::error_code&) { return true; }
    bool on_object_begin(bj::error_code&) {
        open_objects.emplace_back();
        return true;
    }
    bool on_object_end(std::size_t n, bj::error_code&) {
        open_objects.pop_back();
        stack.push_object(n);
        return true;
    }
    bool on_array_begin(bj::error_code&) { return true; }
    bool on_array_end(std::size_t n, bj::error_code&) {
        stack.push_array(n);
        return true;
    }
    bool on_key_part(bj::string_view s, std::size_t, bj::error_code&) {
        key.append(s.data(), s.size());
        stack.push_chars(s);
        return true;
    }
    bool on_key(bj::string_view s, std::size_t, bj::error_code& ec) {
        key.append(s.data(), s.size());
        const bool fresh = open_objects.back().insert(std::move(key)).second;
        key.clear();
        if (!fresh) return fail(ParseFailure::duplicate_key, ec);
        stack.push_key(s);
        return true;
    }
    bool on_string_part(bj::string_view s, std::size_t, bj::error_code&) {
        stack.push_chars(s);
        return true;
    }
    bool on_string(bj::string_view s, std::size_t, bj::error_code&) {
        stack.push_string(s);
        return true;
    }
    bool on_number_part(bj::string_view, bj::error_code&) { return true; }
    bool on_int64(std::int64_t i, bj::string_view, bj::error_code&) {
        stack.push_int64(i);
        return true;
    }
    bool on_uint64(std::uint64_t u, bj::string_view, bj::error_code&) {
        stack.push_uint64(u);
        return true;
    }
    bool on_double(double d, bj::string_view, bj::error_code& ec) {
        // Serializing an infinity would produce a body that is not JSON; refuse it at the door.
        if (!std::isfinite(d)) return fail(ParseFailure::non_finite_number, ec);
        stack.push_double(d);
        return true;
    }
    bool on_bool(bool b, bj::error_code&) {
        stack.push_bool(b);
        return true;
    }
    bool on_null(bj::error_code&) {
        stack.push_null();
        return true;
    }
    bool on_comment_part(bj::string_view, bj::error_code&) { return true; }
    bool on_comment(bj::string_view, bj::error_code&) { return true; }
};

bj::parse_options strict_options() {
    bj::parse_options options;
    options.max_depth = kMaxJsonDepth;
    return options;  // comments, trailing commas and invalid UTF-8 stay disallowed (defaults)
}

}  // namespace

StrictParseResult strict_parse(std::string_view text) {
    bj::basic_parser<StrictHandler> parser(strict_options());
    bj::error_code ec;
    const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
    if (ec) {
        if (parser.handler().failure) return {std::nullopt, *parser.handler().failure};
        if (ec == bj::error::too_deep) return {std::nullopt, ParseFailure::too_deep};
        return {std::nullopt, ParseFailure::syntax};
    }
    if (used != text.size()) return {std::nullopt, ParseFailure::syntax};  // trailing data
    return {parser.handler().stack.release(), ParseFailure::syntax};
}

}  // namespace peeringd::api::json
