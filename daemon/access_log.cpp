#include "daemon/access_log.hpp"

#include "domain/untrusted_text.hpp"

#include <fmt/format.h>

namespace peeringd::daemon {

using domain::log_value;

std::string format_access_line(const AccessRecord& r) {
    return fmt::format(
        "access request_id={} peer={} project={} credential_id={} method={} route={} peering_id={} "
        "status={} error_code={} latency_ms={:.3f}",
        log_value(r.request_id), log_value(r.peer), log_value(r.project), log_value(r.credential_id),
        log_value(r.method), log_value(r.route), log_value(r.peering_id), r.status, log_value(r.error_code),
        std::chrono::duration<double, std::milli>(r.latency).count());
}

}  // namespace peeringd::daemon
