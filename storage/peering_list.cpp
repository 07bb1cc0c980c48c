// PeeringRepository::list: the v2.0 list query (§3.2) with keyset pagination (§8).
#include "storage/peering_repository.hpp"
#include "storage/sql/session.hpp"
#include "storage/sql/transaction.hpp"

#include "storage/peering_row.hpp"


#include <algorithm>

namespace peeringd::storage {
namespace {

using domain::PeeringStatus;

/// WHERE clause text and its positional parameters, built from a ListQuery.
struct Filter {
    std::string sql = "status <> 'DELETED'";
    std::vector<std::string> params;

    void add(const std::string& condition) { sql += " AND (" + condition + ")"; }
    std::string placeholders(const std::vector<std::string>& values) {
        std::string out;
        for (const auto& v : values) {
            out += out.empty() ? "?" : ", ?";
            params.push_back(v);
        }
        return out;
    }
    /// `column_a IN (...) OR column_b IN (...)` over the same values.
    void add_either(const char* a, const char* b, const std::vector<std::string>& values) {
        if (values.empty()) return;
        const auto first = placeholders(values);
        const auto second = placeholders(values);
        add(std::string(a) + " IN (" + first + ") OR " + b + " IN (" + second + ")");
    }
};

/// The status condition as a reader at `now` sees it: a due pending peering is EXPIRED.
std::string status_condition(PeeringStatus s, const std::string& now, std::vector<std::string>& params) {
    switch (s) {
        case PeeringStatus::pending_acceptance:
            params.push_back(now);
            return "status = 'PENDING_ACCEPTANCE' AND expires_at > ?";
        case PeeringStatus::expired:
            params.push_back(now);
            return "status = 'EXPIRED' OR (status = 'PENDING_ACCEPTANCE' AND expires_at <= ?)";
        case PeeringStatus::active: return "status = 'ACTIVE'";
        case PeeringStatus::rejected: return "status = 'REJECTED'";
        case PeeringStatus::deleted: break;
    }
    return "1 = 0";  // DELETED is never visible (§5); a comparison, a boolean in both engines
}

Filter build_filter(const ListQuery& q, Timestamp now) {
    Filter f;
    if (q.visible_to) {
        f.add("request_tenant_id = ? OR accept_tenant_id = ?");
        f.params.push_back(*q.visible_to);
        f.params.push_back(*q.visible_to);
    }
    if (!q.ids.empty()) f.add("id IN (" + f.placeholders(q.ids) + ")");
    if (!q.names.empty()) f.add("name IN (" + f.placeholders(q.names) + ")");
    f.add_either("request_tenant_id", "accept_tenant_id", q.tenant_ids);
    f.add_either("request_vpc_id", "accept_vpc_id", q.vpc_ids);
    if (q.status_filter_given) {
        std::string any;
        const auto now_text = domain::format_timestamp(now);
        for (auto s : q.statuses)
            any += (any.empty() ? "(" : " OR (") + status_condition(s, now_text, f.params) + ")";
        f.add(any.empty() ? "1 = 0" : any);
    }
    return f;
}

void bind_all(sql::Statement& statement, const std::vector<std::string>& params) {
    int index = 1;
    for (const auto& p : params) statement.bind(index++, p);
}

/// Whether any row matching `filter` lies strictly beyond `id` in the given direction.
bool exists_beyond(sql::Session& db, const Filter& filter, const std::string& id, bool after) {
    auto probe_owner = db.prepare("SELECT 1 FROM peerings WHERE " + filter.sql +
                                    (after ? " AND id > ?" : " AND id < ?") + " LIMIT 1");
    sql::Statement& probe = *probe_owner;
    bind_all(probe, filter.params);
    probe.bind(static_cast<int>(filter.params.size()) + 1, id);
    return probe.executeStep();
}

}  // namespace

Result<ListPage> PeeringRepository::list(const ListQuery& q, Timestamp now) {
    // One snapshot for the page, its neighbours and the head revision (the feed's start).
    sql::ReadSnapshot tx{db_};
    const Filter filter = build_filter(q, now);
    std::string sql = "SELECT " + std::string(kPeeringColumns) + " FROM peerings WHERE " + filter.sql;
    if (q.marker) sql += q.page_reverse ? " AND id < ?" : " AND id > ?";
    sql += q.page_reverse ? " ORDER BY id DESC" : " ORDER BY id ASC";
    sql += " LIMIT ?";
    auto select_owner = db_.prepare(sql);
    sql::Statement& select = *select_owner;
    bind_all(select, filter.params);
    int next = static_cast<int>(filter.params.size()) + 1;
    if (q.marker) select.bind(next++, *q.marker);
    select.bind(next, static_cast<int64_t>(q.limit) + 1);  // one extra row tells "more follow"

    ListPage page;
    page.head_revision = storage::head_revision(statements_);
    while (select.executeStep()) page.items.push_back(domain::as_seen_at(read_peering(select), now));
    const bool overflow = page.items.size() > q.limit;
    if (overflow) page.items.pop_back();
    if (q.page_reverse) std::reverse(page.items.begin(), page.items.end());
    if (page.items.empty()) return page;
    if (q.page_reverse) {
        page.more_before = overflow;
        page.more_after = exists_beyond(db_, filter, page.items.back().id, true);
    } else {
        page.more_after = overflow;
        page.more_before = exists_beyond(db_, filter, page.items.front().id, false);
    }
    return page;
}

}  // namespace peeringd::storage
