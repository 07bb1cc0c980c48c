#pragma once
/// Wall-clock instants at one-second resolution: the wire format (§1.1) has no fraction.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace peeringd::domain {

using Timestamp = std::chrono::sys_seconds;

/// "yyyy-MM-ddTHH:mm:ss" in UTC, no zone suffix: the API and the database spelling.
std::string format_timestamp(Timestamp t);

/// Inverse of format_timestamp; nullopt for anything else.
std::optional<Timestamp> parse_timestamp(std::string_view text);

/// Source of "now". Injected so tests drive expiry without sleeping.
class Clock {
public:
    virtual ~Clock() = default;
    virtual Timestamp now() const = 0;
};

class SystemClock final : public Clock {
public:
    Timestamp now() const override;
};

}  // namespace peeringd::domain
