#pragma once
/// The one structured access-log line per request (RELIABILITY.md §8), logfmt-style so that
/// journald users can grep `key=value`. Carries identifiers only, never a secret: no
/// Authorization or X-Auth-Token value, signature, SK or body ever reaches this record. Every
/// value is written by domain::log_value (escaped, at most kMaxLogValue bytes).

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

/// "access request_id=... peer=... project=... ... latency_ms=1.234"
std::string format_access_line(const AccessRecord& record);

}  // namespace peeringd::daemon
