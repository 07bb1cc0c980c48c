#include "daemon/access_log.hpp"

#include <fmt/format.h>

namespace peeringd::daemon {
namespace {

/// Characters that cannot confuse a logfmt reader when left bare.
bool plain(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) return true;  // UTF-8 of project names and ids is printable as is
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
        case '-': case '_': case '.': case '/': case ':': case '{': case '}': case '@': case '+':
        case '[': case ']':
            return true;
        default:
            return false;
    }
}

}  // namespace

std::string log_value(std::string_view value) {
    if (value.empty()) return "-";
    bool bare = true;
    for (const char c : value) bare = bare && plain(c);
    if (bare) return std::string(value);
    std::string out = "\"";
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u == 0x7f) {
            out += fmt::format("\\x{:02x}", u);
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

std::string format_access_line(const AccessRecord& r) {
    return fmt::format(
        "access request_id={} peer={} project={} credential_id={} method={} route={} peering_id={} "
        "status={} error_code={} latency_ms={:.3f}",
        log_value(r.request_id), log_value(r.peer), log_value(r.project), log_value(r.credential_id),
        log_value(r.method), log_value(r.route), log_value(r.peering_id), r.status, log_value(r.error_code),
        std::chrono::duration<double, std::milli>(r.latency).count());
}

}  // namespace peeringd::daemon
