#include "domain/peering.hpp"

#include <array>
#include <utility>

namespace peeringd::domain {
namespace {
constexpr std::array<std::pair<PeeringStatus, std::string_view>, 5> kStatusNames{{
    {PeeringStatus::pending_acceptance, "PENDING_ACCEPTANCE"},
    {PeeringStatus::active, "ACTIVE"},
    {PeeringStatus::rejected, "REJECTED"},
    {PeeringStatus::expired, "EXPIRED"},
    {PeeringStatus::deleted, "DELETED"},
}};
}  // namespace

std::string_view to_string(PeeringStatus status) {
    for (const auto& [value, name] : kStatusNames)
        if (value == status) return name;
    return "UNKNOWN";
}

std::optional<PeeringStatus> parse_status(std::string_view text) {
    for (const auto& [value, name] : kStatusNames)
        if (name == text) return value;
    return std::nullopt;
}

bool is_party(const Peering& p, std::string_view project) {
    return p.request.tenant_id == project || p.accept.tenant_id == project;
}

}  // namespace peeringd::domain
