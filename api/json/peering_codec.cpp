#include "api/json/peering_codec.hpp"

#include "domain/untrusted_text.hpp"
#include "domain/timestamp.hpp"
#include "domain/validation.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <algorithm>
#include <array>
#include <span>
#include <string>

namespace peeringd::api::json {
namespace {

namespace bj = boost::json;
using domain::Error;
using domain::Result;

constexpr std::array<std::string_view, 4> kCreateAttributes{
    "name", "description", "request_vpc_info", "accept_vpc_info"};
constexpr std::array<std::string_view, 2> kVpcInfoAttributes{"vpc_id", "tenant_id"};
constexpr std::array<std::string_view, 2> kUpdatableAttributes{"name", "description"};
/// Attributes a client can read back but never set (E5 instead of E4 on update).
constexpr std::array<std::string_view, 8> kReadOnlyAttributes{
    "id", "status", "request_vpc_info", "accept_vpc_info", "created_at", "updated_at",
    "tenant_id", "revision"};

using Names = std::span<const std::string_view>;

bool contains(Names names, std::string_view key) {
    return std::find(names.begin(), names.end(), key) != names.end();
}

bj::object vpc_info_json(const domain::VpcInfo& info) {
    return bj::object{{"vpc_id", info.vpc_id}, {"tenant_id", info.tenant_id}};
}

Error invalid_type(std::string_view attribute, const bj::value& value, std::string_view what) {
    return domain::bad_request("Invalid input for " + std::string(attribute) + ". Reason: '" +
                               domain::echo(bj::serialize(value)) + "' is not a valid " +
                               std::string(what) + ".");
}

Error required(std::string_view attribute) {
    return domain::bad_request("Failed to parse request. Required attribute '" +
                               std::string(attribute) + "' not specified");
}

/// E4 naming every key of `object` that is neither `known` nor `tolerated` (the caller
/// reports those itself), prefixed with `scope.` inside a vpc_info.
Result<void> reject_unknown(const bj::object& object, Names known, std::string_view scope,
                            Names tolerated = {}) {
    std::string unknown;
    for (const auto& entry : object) {
        const std::string_view key = entry.key();
        if (contains(known, key) || contains(tolerated, key)) continue;
        if (!unknown.empty()) unknown += ", ";
        unknown += scope.empty() ? domain::echo(key) : std::string(scope) + "." + domain::echo(key);
    }
    if (unknown.empty()) return {};
    // Each name is cut, and so is the list: a body of a thousand unknown keys gets a short answer.
    return domain::bad_request("Unrecognized attribute(s) '" + domain::echo(unknown, 4 * domain::kMaxEcho) + "'");
}

/// The object under "peering" (E1 when the body is not an object, E2 when the key is missing).
Result<const bj::object*> peering_object(const bj::value& body) {
    const bj::object* top = body.if_object();
    if (top == nullptr) return domain::bad_request("Malformed request body");
    const bj::value* wrapped = top->if_contains("peering");
    if (wrapped == nullptr) return domain::bad_request("Unable to find 'peering' in request body");
    if (!wrapped->is_object()) return invalid_type("peering", *wrapped, "dictionary");
    return &wrapped->get_object();
}

Result<std::string> string_attribute(const bj::value& value, std::string_view attribute) {
    if (!value.is_string()) return invalid_type(attribute, value, "string");
    const bj::string& text = value.get_string();
    return std::string(text.data(), text.size());
}

Result<std::string> name_attribute(const bj::value& value) {
    auto name = string_attribute(value, "name");
    if (!name) return name;
    if (auto ok = domain::validate_name(*name); !ok) return ok.error();
    return name;
}

Result<std::string> description_attribute(const bj::value& value) {
    auto description = string_attribute(value, "description");
    if (!description) return description;
    if (auto ok = domain::validate_description(*description); !ok) return ok.error();
    return description;
}

/// One side's vpc_info: canonical vpc id and the tenant id ("" when absent or empty).
Result<domain::VpcInfo> vpc_info_attribute(const bj::value& value, std::string_view attribute) {
    if (!value.is_object()) return invalid_type(attribute, value, "dictionary");
    const bj::object& info = value.get_object();
    if (auto ok = reject_unknown(info, kVpcInfoAttributes, attribute); !ok) return ok.error();
    const bj::value* vpc_id = info.if_contains("vpc_id");
    if (vpc_id == nullptr) return required(std::string(attribute) + ".vpc_id");
    auto vpc_text = string_attribute(*vpc_id, attribute);
    if (!vpc_text) return vpc_text.error();
    auto canonical = domain::parse_vpc_id(*vpc_text, attribute);
    if (!canonical) return canonical.error();
    domain::VpcInfo out{*canonical, ""};
    if (const bj::value* tenant = info.if_contains("tenant_id")) {
        auto tenant_text = string_attribute(*tenant, attribute);
        if (!tenant_text) return tenant_text.error();
        // The Ansible module always sends "" for an unknown tenant: treat it as absent (§3.1).
        if (!tenant_text->empty()) {
            if (auto ok = domain::validate_tenant_id(*tenant_text, attribute); !ok)
                return ok.error();
            out.tenant_id = std::move(*tenant_text);
        }
    }
    return out;
}

}  // namespace

bj::object to_json(const domain::Peering& peering) {
    return bj::object{
        {"id", peering.id},
        {"name", peering.name},
        {"description", peering.description},
        {"status", domain::to_string(peering.status)},
        {"request_vpc_info", vpc_info_json(peering.request)},
        {"accept_vpc_info", vpc_info_json(peering.accept)},
        {"created_at", domain::format_timestamp(peering.created_at)},
        {"updated_at", domain::format_timestamp(peering.updated_at)},
        {"revision", peering.revision},  // peeringd extension: the change feed's position
    };
}

bj::object to_bare_json(const domain::Peering& peering, std::string_view caller) {
    // Same member order as the published example: tenant_id right after status.
    return bj::object{
        {"id", peering.id},
        {"name", peering.name},
        {"description", peering.description},
        {"status", domain::to_string(peering.status)},
        {"tenant_id", caller},
        {"request_vpc_info", vpc_info_json(peering.request)},
        {"accept_vpc_info", vpc_info_json(peering.accept)},
        {"created_at", domain::format_timestamp(peering.created_at)},
        {"updated_at", domain::format_timestamp(peering.updated_at)},
        {"revision", peering.revision},
    };
}

Result<domain::CreateCommand> create_command_from_json(const bj::value& body) {
    auto peering = peering_object(body);
    if (!peering) return peering.error();
    const bj::object& p = **peering;
    if (auto ok = reject_unknown(p, kCreateAttributes, ""); !ok) return ok.error();
    for (const std::string_view attribute : {"name", "request_vpc_info", "accept_vpc_info"})
        if (!p.contains(attribute)) return required(attribute);

    domain::CreateCommand cmd;
    auto name = name_attribute(p.at("name"));
    if (!name) return name.error();
    cmd.name = std::move(*name);
    if (const bj::value* value = p.if_contains("description")) {
        auto description = description_attribute(*value);
        if (!description) return description.error();
        cmd.description = std::move(*description);
    }
    auto request = vpc_info_attribute(p.at("request_vpc_info"), "request_vpc_info");
    if (!request) return request.error();
    auto accept = vpc_info_attribute(p.at("accept_vpc_info"), "accept_vpc_info");
    if (!accept) return accept.error();
    cmd.request_vpc_id = std::move(request->vpc_id);
    cmd.request_tenant_id = std::move(request->tenant_id);
    cmd.accept_vpc_id = std::move(accept->vpc_id);
    cmd.accept_tenant_id = std::move(accept->tenant_id);
    return cmd;
}

Result<domain::UpdateCommand> update_command_from_json(const bj::value& body) {
    auto peering = peering_object(body);
    if (!peering) return peering.error();
    const bj::object& p = **peering;
    // Neutron's order: unrecognized attributes first, then read-only ones.
    if (auto ok = reject_unknown(p, kUpdatableAttributes, "", kReadOnlyAttributes); !ok)
        return ok.error();
    for (const auto& entry : p)
        if (!contains(kUpdatableAttributes, entry.key()))
            return domain::bad_request("Cannot update read-only attribute " +
                                       std::string(entry.key()));

    domain::UpdateCommand cmd;
    if (const bj::value* value = p.if_contains("name")) {
        auto name = name_attribute(*value);
        if (!name) return name.error();
        cmd.name = std::move(*name);
    }
    if (const bj::value* value = p.if_contains("description")) {
        auto description = description_attribute(*value);
        if (!description) return description.error();
        cmd.description = std::move(*description);
    }
    if (!cmd.name && !cmd.description)
        return domain::bad_request("At least one of name and description must be specified.");
    return cmd;
}

}  // namespace peeringd::api::json
