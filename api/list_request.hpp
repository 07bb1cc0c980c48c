#pragma once
/// The list endpoint's query language (spec §3.2 filters, §8 pagination): parameters in,
/// storage::ListQuery out, and the `peerings_links` of the page that comes back.

#include "api/query_string.hpp"
#include "domain/error.hpp"
#include "storage/peering_repository.hpp"

#include <boost/json/array.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace peeringd::api {

/// Largest and default page (§8).
inline constexpr std::size_t kMaxPageSize = 2000;

struct ListRequest {
    storage::ListQuery query;  ///< everything but visible_to, which the handler sets
    bool limit_given = false;
    bool marker_given = false;
};

/// Filters (repeats OR, empty values and unknown keys ignored), limit (E17), marker (E18) and
/// page_reverse. Later repeats of limit/marker/page_reverse win.
domain::Result<ListRequest> parse_list_request(const QueryParams& params);

/// The §8 links for `page`, or nullopt when the key must be omitted (no limit, no marker and
/// no next page). `base_url` is scheme://host[:port] without a trailing slash; `params` are the
/// request's parameters, which the links preserve except marker and page_reverse.
std::optional<boost::json::array> pagination_links(const ListRequest& request,
                                                   const storage::ListPage& page,
                                                   const QueryParams& params,
                                                   std::string_view base_url);

}  // namespace peeringd::api
