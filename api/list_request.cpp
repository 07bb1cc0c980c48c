#include "api/list_request.hpp"

#include "domain/untrusted_text.hpp"
#include "domain/validation.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <cctype>

namespace peeringd::api {
namespace {

constexpr std::string_view kCollectionPath = "/v2.0/vpc/peerings";

domain::Error bad_limit(std::string_view value) {
    return domain::Error{domain::ErrorCode::bad_pagination,
                         "Bad limit request: Limit must be an integer 0 or greater and not '" +
                             domain::echo(value) + "'."};
}

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return c >= '0' && c <= '9';
    });
}

/// 0 and absent mean the maximum; larger values are clamped (Neutron, §8). "-0" is zero.
domain::Result<std::size_t> parse_limit(std::string_view text) {
    const bool negative = !text.empty() && text.front() == '-';
    const std::string_view digits = negative ? text.substr(1) : text;
    if (!all_digits(digits)) return bad_limit(text);
    const bool zero = digits.find_first_not_of('0') == std::string_view::npos;
    if (negative && !zero) return bad_limit(text);
    if (zero) return kMaxPageSize;
    const std::string_view significant = digits.substr(digits.find_first_not_of('0'));
    if (significant.size() > 4) return kMaxPageSize;  // > 9999, and no overflow to worry about
    std::size_t value = 0;
    for (const char c : significant) value = value * 10 + static_cast<std::size_t>(c - '0');
    return std::min(value, kMaxPageSize);
}

bool is_true(std::string_view text) {
    return text.size() == 4 && std::equal(text.begin(), text.end(), "true", [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
           });
}

/// Ids are stored canonical; a filter value that is no UUID simply matches nothing.
std::string id_filter(const std::string& value) {
    return domain::canonical_uuid(value).value_or(value);
}

void add_status_filter(storage::ListQuery& query, const std::string& value) {
    // Unknown spellings and DELETED (never visible, §5) make the filter match nothing.
    query.status_filter_given = true;
    const auto status = domain::parse_status(value);
    if (status && *status != domain::PeeringStatus::deleted) query.statuses.push_back(*status);
}

/// One parameter into `out`; false when the key is none of the §3.2 filters.
bool add_filter(ListRequest& out, const std::string& key, const std::string& value) {
    storage::ListQuery& q = out.query;
    if (key == "id") q.ids.push_back(id_filter(value));
    else if (key == "name") q.names.push_back(value);
    else if (key == "status") add_status_filter(q, value);
    else if (key == "tenant_id") q.tenant_ids.push_back(value);
    else if (key == "vpc_id") q.vpc_ids.push_back(id_filter(value));
    else return false;
    return true;
}

domain::Result<void> add_paging(ListRequest& out, const std::string& key,
                                const std::string& value) {
    if (key == "limit") {
        auto limit = parse_limit(value);
        if (!limit) return limit.error();
        out.query.limit = *limit;
        out.limit_given = true;
    } else if (key == "marker") {
        auto marker = domain::canonical_uuid(value);
        if (!marker)
            return domain::Error{domain::ErrorCode::bad_pagination,
                                 "Bad marker request: '" + domain::echo(value) +
                                     "' is not a valid peering id."};
        out.query.marker = std::move(*marker);
        out.marker_given = true;
    } else if (key == "page_reverse") {
        out.query.page_reverse = is_true(value);
    }
    return {};
}

boost::json::object link(std::string_view rel, std::string_view base_url,
                         const QueryParams& params, const std::string& marker, bool reverse) {
    QueryParams kept;
    std::copy_if(params.begin(), params.end(), std::back_inserter(kept), [](const QueryParam& p) {
        return p.first != "marker" && p.first != "page_reverse";
    });
    kept.emplace_back("marker", marker);
    if (reverse) kept.emplace_back("page_reverse", "True");
    std::string href = std::string(base_url) + std::string(kCollectionPath) + "?" +
                       format_query(kept);
    return boost::json::object{{"href", std::move(href)}, {"rel", rel}};
}

}  // namespace

domain::Result<ListRequest> parse_list_request(const QueryParams& params) {
    ListRequest out;
    for (const auto& [key, value] : params) {
        if (value.empty()) continue;  // "?status=" filters nothing (§3.2)
        if (add_filter(out, key, value)) continue;
        if (auto ok = add_paging(out, key, value); !ok) return ok.error();
    }
    return out;
}

std::optional<boost::json::array> pagination_links(const ListRequest& request,
                                                   const storage::ListPage& page,
                                                   const QueryParams& params,
                                                   std::string_view base_url) {
    const auto& items = page.items;
    // more_after is direction-independent: after a reverse page it is true exactly when the
    // marker row (or anything past it) is still visible.
    boost::json::array links;
    if (page.more_after && !items.empty())
        links.push_back(link("next", base_url, params, items.back().id, false));
    if (request.marker_given) {
        const std::string& first = items.empty() ? *request.query.marker : items.front().id;
        links.push_back(link("previous", base_url, params, first, true));
    }
    if (links.empty() && !request.limit_given && !request.marker_given) return std::nullopt;
    return links;
}

}  // namespace peeringd::api
