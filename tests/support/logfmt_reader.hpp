#pragma once
/// A deliberately strict reader of peeringd's log lines, for tests that check no client input can
/// forge a field or a line:
///   <timestamp> <level> <word>[ <word>...] key=value[ key=value...]
/// with single spaces, keys [a-z0-9_]+ (each at most once), values either bare
/// ([A-Za-z0-9-_./:{}@+[\]]+) or double-quoted with only \" \\ and \xNN (lowercase hex) as
/// escapes and no raw control byte. Anything else is an error, never a best guess.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace peeringd::test {

struct LogfmtLine {
    std::string timestamp;
    std::string level;
    std::string event;  ///< the words before the first field, e.g. "authentication failed"
    std::vector<std::pair<std::string, std::string>> fields;  ///< key and unescaped value, in order

    /// The unescaped value of `key`; nullopt when the line has no such field.
    std::optional<std::string> get(std::string_view key) const {
        for (const auto& [k, v] : fields)
            if (k == key) return v;
        return std::nullopt;
    }
    std::vector<std::string> keys() const {
        std::vector<std::string> out;
        for (const auto& field : fields) out.push_back(field.first);
        return out;
    }
};

namespace logfmt_detail {

inline bool is_bare_char(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("-_./:{}@+[]").find(c) != std::string_view::npos;
}

inline int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/// Reads one value starting at text[i]; advances i past it. Sets `error` on failure.
inline std::optional<std::string> read_value(std::string_view text, std::size_t& i, std::string& error) {
    std::string out;
    if (i < text.size() && text[i] != '"') {
        while (i < text.size() && text[i] != ' ') {
            if (!is_bare_char(text[i])) {
                error = "character " + std::to_string(static_cast<unsigned char>(text[i])) +
                        " in a bare value at " + std::to_string(i);
                return std::nullopt;
            }
            out += text[i++];
        }
        if (out.empty()) error = "empty bare value at " + std::to_string(i);
        return out.empty() ? std::nullopt : std::optional<std::string>(out);
    }
    ++i;  // opening quote
    while (i < text.size() && text[i] != '"') {
        const auto u = static_cast<unsigned char>(text[i]);
        if (u < 0x20 || u == 0x7f) {
            error = "raw control byte in a quoted value at " + std::to_string(i);
            return std::nullopt;
        }
        if (text[i] != '\\') {
            out += text[i++];
            continue;
        }
        if (i + 1 < text.size() && (text[i + 1] == '"' || text[i + 1] == '\\')) {
            out += text[i + 1];
            i += 2;
        } else if (i + 3 < text.size() && text[i + 1] == 'x' && hex_digit(text[i + 2]) >= 0 &&
                   hex_digit(text[i + 3]) >= 0) {
            out += static_cast<char>(hex_digit(text[i + 2]) * 16 + hex_digit(text[i + 3]));
            i += 4;
        } else {
            error = "unknown escape at " + std::to_string(i);
            return std::nullopt;
        }
    }
    if (i >= text.size()) {
        error = "unterminated quoted value";
        return std::nullopt;
    }
    ++i;  // closing quote
    if (i < text.size() && text[i] != ' ') {
        error = "text right after a closing quote at " + std::to_string(i);
        return std::nullopt;
    }
    return out;
}

inline bool is_key(std::string_view key) {
    if (key.empty()) return false;
    for (const char c : key)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

inline bool is_word(std::string_view word) {
    if (word.empty()) return false;
    for (const char c : word)
        if (c < 'a' || c > 'z') return false;
    return true;
}

/// "2026-03-14T08:05:09.123Z"
inline bool is_timestamp(std::string_view t) {
    constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd.dddZ";
    if (t.size() != kShape.size()) return false;
    for (std::size_t i = 0; i < t.size(); ++i)
        if (kShape[i] == 'd' ? (t[i] < '0' || t[i] > '9') : t[i] != kShape[i]) return false;
    return true;
}

}  // namespace logfmt_detail

/// Parses `key=value[ key=value...]` (no event words). nullopt with `error` set on any deviation.
inline std::optional<std::vector<std::pair<std::string, std::string>>> parse_logfmt_fields(
    std::string_view text, std::string& error) {
    std::vector<std::pair<std::string, std::string>> fields;
    std::size_t i = 0;
    while (true) {
        const auto eq = text.find('=', i);
        if (eq == std::string_view::npos) {
            error = "expected key=value at " + std::to_string(i);
            return std::nullopt;
        }
        const auto key = text.substr(i, eq - i);
        if (!logfmt_detail::is_key(key)) {
            error = "bad key '" + std::string(key) + "'";
            return std::nullopt;
        }
        for (const auto& field : fields)
            if (field.first == key) {
                error = "repeated key " + std::string(key);
                return std::nullopt;
            }
        i = eq + 1;
        auto value = logfmt_detail::read_value(text, i, error);
        if (!value) return std::nullopt;
        fields.emplace_back(std::string(key), std::move(*value));
        if (i == text.size()) return fields;
        ++i;  // the single space
        if (i == text.size() || text[i] == ' ') {
            error = "extra space at " + std::to_string(i);
            return std::nullopt;
        }
    }
}

/// Parses one whole log line (without its newline). nullopt with `error` set on any deviation.
inline std::optional<LogfmtLine> parse_log_line(std::string_view line, std::string& error) {
    LogfmtLine out;
    const auto first = line.find(' ');
    const auto second = first == std::string_view::npos ? first : line.find(' ', first + 1);
    if (second == std::string_view::npos) {
        error = "no timestamp and level";
        return std::nullopt;
    }
    out.timestamp = std::string(line.substr(0, first));
    out.level = std::string(line.substr(first + 1, second - first - 1));
    if (!logfmt_detail::is_timestamp(out.timestamp)) {
        error = "bad timestamp '" + out.timestamp + "'";
        return std::nullopt;
    }
    static constexpr std::string_view kLevels[] = {"trace", "debug", "info", "warning", "error", "critical"};
    bool known_level = false;
    for (const auto level : kLevels) known_level = known_level || out.level == level;
    if (!known_level) {
        error = "bad level '" + out.level + "'";
        return std::nullopt;
    }
    // Event words until the first token that holds '='.
    std::size_t i = second + 1;
    while (true) {
        const auto end = std::min(line.find(' ', i), line.size());
        const auto token = line.substr(i, end - i);
        if (token.find('=') != std::string_view::npos) break;
        if (!logfmt_detail::is_word(token)) {
            error = "bad event word '" + std::string(token) + "'";
            return std::nullopt;
        }
        out.event += (out.event.empty() ? "" : " ") + std::string(token);
        if (end == line.size()) {
            error = "no fields";
            return std::nullopt;
        }
        i = end + 1;
    }
    if (out.event.empty()) {
        error = "no event words";
        return std::nullopt;
    }
    auto fields = parse_logfmt_fields(line.substr(i), error);
    if (!fields) return std::nullopt;
    out.fields = std::move(*fields);
    return out;
}

}  // namespace peeringd::test
