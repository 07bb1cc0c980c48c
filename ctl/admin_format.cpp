#include "ctl/admin_format.hpp"

#include "domain/timestamp.hpp"

#include <boost/json/value.hpp>

#include <sstream>

namespace peeringd::ctl {
namespace {

boost::json::value or_null(const std::optional<std::string>& text) {
    if (!text) return nullptr;
    return boost::json::value(*text);
}

}  // namespace

boost::json::object to_json(const storage::AdminPeering& row) {
    const auto& p = row.peering;
    return {{"id", p.id},
            {"name", p.name},
            {"description", p.description},
            {"status", domain::to_string(p.status)},
            {"request_project", p.request.tenant_id},
            {"request_vpc", p.request.vpc_id},
            {"accept_project", p.accept.tenant_id},
            {"accept_vpc", p.accept.vpc_id},
            {"created_at", domain::format_timestamp(p.created_at)},
            {"updated_at", domain::format_timestamp(p.updated_at)},
            {"expires_at", p.expires_at ? boost::json::value(domain::format_timestamp(*p.expires_at))
                                        : boost::json::value(nullptr)},
            {"deleted_at", or_null(row.deleted_at)}};
}

boost::json::object to_json(const storage::HistoryRow& row) {
    return {{"revision", row.revision},        {"peering_id", row.peering_id},
            {"action", row.action},            {"from_status", or_null(row.from_status)},
            {"to_status", row.to_status},      {"actor_project", or_null(row.actor_project)},
            {"changed_at", row.changed_at},    {"request_id", or_null(row.request_id)}};
}

std::string to_text(const storage::AdminPeering& row) {
    const auto& p = row.peering;
    std::ostringstream out;
    out << p.id << "  " << domain::to_string(p.status) << "  " << p.name << "  " << p.request.tenant_id
        << "/" << p.request.vpc_id << " -> " << p.accept.tenant_id << "/" << p.accept.vpc_id << "  created "
        << domain::format_timestamp(p.created_at);
    if (p.expires_at) out << "  expires " << domain::format_timestamp(*p.expires_at);
    if (row.deleted_at) out << "  deleted " << *row.deleted_at;
    return out.str();
}

std::string to_text(const storage::HistoryRow& row) {
    std::ostringstream out;
    out << "#" << row.revision << "  " << row.changed_at << "  " << row.peering_id << "  " << row.action << "  "
        << row.from_status.value_or("-") << " -> " << row.to_status << "  by "
        << row.actor_project.value_or("system");
    if (row.request_id) out << "  (request " << *row.request_id << ")";
    return out.str();
}

}  // namespace peeringd::ctl
