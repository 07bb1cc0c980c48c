#include "domain/untrusted_text.hpp"

#include <algorithm>

namespace peeringd::domain {
namespace {

/// Length of the well-formed UTF-8 sequence starting at s[i] (1 to 4 bytes), 0 when the bytes
/// there are not one (stray continuation, overlong form, surrogate, beyond U+10FFFF, cut short).
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned lead = byte(0);
    if (lead < 0x80) return 1;
    std::size_t n = 0;
    unsigned low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        n = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        n = 3;
        if (lead == 0xE0) low = 0xA0;   // no overlong forms
        if (lead == 0xED) high = 0x9F;  // no UTF-16 surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        n = 4;
        if (lead == 0xF0) low = 0x90;   // no overlong forms
        if (lead == 0xF4) high = 0x8F;  // nothing beyond U+10FFFF
    } else {
        return 0;
    }
    if (i + n > s.size() || byte(1) < low || byte(1) > high) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(k) < 0x80 || byte(k) > 0xBF) return 0;
    return n;
}

/// Characters a terminal or a line-oriented reader may act on: C0 controls, DEL, C1 controls
/// (U+0080-U+009F) and the Unicode line and paragraph separators.
bool is_control(std::string_view ch) {
    const auto lead = static_cast<unsigned char>(ch[0]);
    if (ch.size() == 1) return lead < 0x20 || lead == 0x7f;
    if (ch.size() == 2) return lead == 0xC2 && static_cast<unsigned char>(ch[1]) < 0xA0;
    return ch == "\xE2\x80\xA8" || ch == "\xE2\x80\xA9";
}

/// ASCII a logfmt reader takes as part of a bare value.
bool plain(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
        case '-': case '_': case '.': case '/': case ':': case '{': case '}': case '@': case '+':
        case '[': case ']':
            return true;
        default:
            return false;
    }
}

void append_hex_escape(std::string& out, char c) {
    constexpr char kDigits[] = "0123456789abcdef";
    const auto u = static_cast<unsigned char>(c);
    out += "\\x";
    out += kDigits[u >> 4];
    out += kDigits[u & 0x0fU];
}

enum class Quoting { message, logfmt };

struct Escaped {
    std::string text;
    std::size_t consumed = 0;  ///< input bytes shown in `text`; less than the input when cut
};

/// Escapes `value` character by character until the next one would take `text` past max_bytes.
Escaped escape(std::string_view value, Quoting quoting, std::size_t max_bytes) {
    Escaped out;
    std::string piece;
    while (out.consumed < value.size()) {
        const auto n = utf8_length(value, out.consumed);
        const auto ch = value.substr(out.consumed, n == 0 ? 1 : n);
        piece.clear();
        if (n == 0 || is_control(ch)) {
            for (const char c : ch) append_hex_escape(piece, c);
        } else if (quoting == Quoting::logfmt && (ch == "\"" || ch == "\\")) {
            piece = '\\';
            piece += ch;
        } else {
            piece = ch;
        }
        if (out.text.size() + piece.size() > max_bytes) break;
        out.text += piece;
        out.consumed += ch.size();
    }
    return out;
}

}  // namespace

std::string log_value(std::string_view value) {
    if (value.empty()) return "-";
    // The common case on every access-log line: an id or a route, left bare.
    if (value != "-" && value.size() <= kMaxLogValue && std::all_of(value.begin(), value.end(), plain))
        return std::string(value);
    const auto escaped = escape(value, Quoting::logfmt, kMaxLogValue);
    std::string out = "\"" + escaped.text;
    if (escaped.consumed < value.size())
        out += "...[+" + std::to_string(value.size() - escaped.consumed) + " bytes]";
    out += '"';
    return out;
}

std::string echo(std::string_view value, std::size_t max_bytes) {
    auto escaped = escape(value, Quoting::message, max_bytes);
    if (escaped.consumed < value.size()) escaped.text += "...";
    return std::move(escaped.text);
}

}  // namespace peeringd::domain
