#include "storage/crash_point.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>

namespace peeringd::storage {
namespace {

struct Armed {
    std::string label;
    long nth = 0;  ///< 0 = not armed
};

/// PEERINGD_CRASH_POINT, parsed once. A malformed NTH disarms rather than guessing.
const Armed& armed() {
    static const Armed value = [] {
        Armed out;
#ifdef PEERINGD_CRASH_POINTS
        const char* text = std::getenv("PEERINGD_CRASH_POINT");
        if (text == nullptr || *text == '\0') return out;
        const std::string spec{text};
        const auto colon = spec.find(':');
        out.label = spec.substr(0, colon);
        out.nth = 1;
        if (colon != std::string::npos) {
            char* end = nullptr;
            const auto digits = spec.substr(colon + 1);
            out.nth = std::strtol(digits.c_str(), &end, 10);
            if (digits.empty() || *end != '\0' || out.nth < 1) out.nth = 0;
        }
#endif
        return out;
    }();
    return value;
}

std::atomic<long> passes{0};

}  // namespace

bool crash_point_armed(std::string_view label) {
    const auto& a = armed();
    return a.nth > 0 && a.label == label;
}

void crash_point(std::string_view label) {
    if (!crash_point_armed(label)) return;
    if (passes.fetch_add(1) + 1 != armed().nth) return;
    // write(2) and kill(2) only: this may run on any thread, with SQLite locks held, which is
    // exactly the situation a crash leaves behind.
    static constexpr char kMessage[] = "PEERINGD_CRASH_POINT reached: SIGKILL\n";
    (void)::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    ::kill(::getpid(), SIGKILL);
}

const std::string& readonly_fault_flag() {
    static const std::string path = [] {
#ifdef PEERINGD_CRASH_POINTS
        if (const char* text = std::getenv("PEERINGD_FAULT_READONLY_WHEN")) return std::string(text);
#endif
        return std::string{};
    }();
    return path;
}

std::string armed_crash_point() {
    const auto& a = armed();
    return a.nth > 0 ? a.label + ":" + std::to_string(a.nth) : std::string{};
}

}  // namespace peeringd::storage
