#pragma once
/// The one structured access-log line per request (RELIABILITY.md §8), logfmt-style so that
/// journald users can grep `key=value`. Carries identifiers only, never a secret: no
/// Authorization or X-Auth-Token value, signature, SK or body ever reaches this record.

#include <chrono>
#include <string>
#include <string_view>

namespace peeringd::daemon {

struct AccessRecord {
    std::string_view request_id;
    std::string_view peer;
    std::string_view project;        ///< authenticated project; empty when not authenticated
    std::string_view credential_id;  ///< AK or token id; empty when not authenticated
    std::string_view method;
    std::string_view route;  ///< route template, never the raw target
    std::string_view peering_id;
    unsigned status = 0;
    std::string_view error_code;
    std::chrono::steady_clock::duration latency{};
};

/// `value` as one logfmt token: bare when it is plain, otherwise quoted with `"` and `\`
/// escaped and every control character as \xNN, so that no input can start a new line or
/// forge a key. Empty becomes "-".
std::string log_value(std::string_view value);

/// "access request_id=... peer=... project=... ... latency_ms=1.234"
std::string format_access_line(const AccessRecord& record);

}  // namespace peeringd::daemon
