// The change feed use cases of PeeringRepository (docs/API.md "Change feed"): per-peering
// history, the feed after a position, the notices that wake watchers, and retention.
#include "storage/peering_repository.hpp"
#include "storage/sql/session.hpp"

#include "storage/peering_row.hpp"
#include "storage/sql/transaction.hpp"


#include <algorithm>
#include <set>

namespace peeringd::storage {
namespace {

/// Change columns 0-6, then the snapshot in kPeeringColumns order from column 7: the fixed
/// fields come from peerings, the mutable ones from the history row.
constexpr std::string_view kChangeSelect =
    "SELECT h.revision, h.action, h.from_status, h.to_status, h.actor_project, h.changed_at, "
    "h.request_id, p.id, coalesce(h.name, p.name), coalesce(h.description, p.description), "
    "h.to_status, p.request_vpc_id, p.request_tenant_id, p.accept_vpc_id, p.accept_tenant_id, "
    "p.created_at, coalesce(h.updated_at, h.changed_at), h.expires_at, h.revision "
    "FROM peering_history AS h JOIN peerings AS p ON p.id = h.peering_id ";
constexpr int kSnapshotColumn = 7;

std::string text_or_empty(sql::Statement& s, int index) {
    return s.getColumn(index).isNull() ? std::string{} : s.getColumn(index).getString();
}

Change read_change(sql::Statement& s) {
    Change c;
    c.revision = s.getColumn(0).getInt64();
    c.action = s.getColumn(1).getString();
    if (!s.getColumn(2).isNull()) c.from = domain::parse_status(s.getColumn(2).getString());
    c.peering = read_peering(s, kSnapshotColumn);
    c.to = c.peering.status;
    c.actor_project = text_or_empty(s, 4);
    const auto at = domain::parse_timestamp(s.getColumn(5).getString());
    if (!at) throw std::runtime_error("peering_history row holds a malformed timestamp");
    c.at = *at;
    c.request_id = text_or_empty(s, 6);
    return c;
}

std::int64_t pruned_through(sql::Session& db) {
    auto select_owner = db.prepare("SELECT pruned_through FROM feed_meta WHERE id = 1");
    sql::Statement& select = *select_owner;
    return select.executeStep() ? select.getColumn(0).getInt64() : 0;
}

}  // namespace

Result<std::vector<Change>> PeeringRepository::history(std::string_view id,
                                                        const std::optional<std::string>& caller) {
    sql::ReadSnapshot tx{db_};  // one snapshot
    auto parties_owner = db_.prepare("SELECT request_tenant_id, accept_tenant_id FROM peerings WHERE id = ?");
    sql::Statement& parties = *parties_owner;
    parties.bind(1, std::string(id));
    if (!parties.executeStep() ||
        (caller && parties.getColumn(0).getString() != *caller &&
         parties.getColumn(1).getString() != *caller))
        return domain::peering_not_found(id);
    auto select_owner = db_.prepare(std::string(kChangeSelect) +
                                      "WHERE h.peering_id = ? ORDER BY h.revision");
    sql::Statement& select = *select_owner;
    select.bind(1, std::string(id));
    std::vector<Change> out;
    while (select.executeStep()) out.push_back(read_change(select));
    return out;
}

Result<FeedPage> PeeringRepository::changes_since(std::int64_t since, std::size_t limit,
                                                  const std::optional<std::string>& visible_to) {
    // Head, retention mark and rows from one snapshot: with one writer, revisions commit in
    // order, so every revision up to the head is either visible here or pruned.
    sql::ReadSnapshot tx{db_};
    const auto head = storage::head_revision(statements_);
    const auto pruned = pruned_through(db_);
    if (since < pruned || since > head)
        return domain::Error{domain::ErrorCode::revision_gone,
                             "Revision " + std::to_string(since) +
                                 " is outside the retained history (from " +
                                 std::to_string(pruned) + " to " + std::to_string(head) +
                                 "); list the peerings again and follow from the list's revision."};
    std::string sql = std::string(kChangeSelect) + "WHERE h.revision > ?1 AND h.revision <= ?2";
    if (visible_to) sql += " AND (p.request_tenant_id = ?4 OR p.accept_tenant_id = ?4)";
    sql += " ORDER BY h.revision LIMIT ?3";
    auto select_owner = db_.prepare(sql);
    sql::Statement& select = *select_owner;
    select.bind(1, since);
    select.bind(2, head);
    select.bind(3, static_cast<std::int64_t>(limit));
    if (visible_to) select.bind(4, *visible_to);
    FeedPage page;
    while (select.executeStep()) page.changes.push_back(read_change(select));
    page.next_since = page.changes.size() == limit ? page.changes.back().revision : head;
    return page;
}

Result<std::vector<ChangeNotice>> PeeringRepository::notices_after(std::int64_t after) {
    auto select_owner = db_.prepare("SELECT h.revision, p.request_tenant_id, p.accept_tenant_id "
        "FROM peering_history AS h JOIN peerings AS p ON p.id = h.peering_id "
        "WHERE h.revision > ? ORDER BY h.revision");
    sql::Statement& select = *select_owner;
    select.bind(1, after);
    std::vector<ChangeNotice> out;
    while (select.executeStep())
        out.push_back({select.getColumn(0).getInt64(), select.getColumn(1).getString(),
                       select.getColumn(2).getString()});
    return out;
}

Result<std::int64_t> PeeringRepository::head_revision() { return storage::head_revision(statements_); }

Result<HistoryPruneStep> PeeringRepository::prune_history(Timestamp cutoff, std::size_t batch,
                                                          const HistoryCursor& after) {
    sql::Savepoint tx{db_, "use_case"};
    // The inner SELECT walks peering_history_by_time and stops after `batch` rows, whether or
    // not they can go: ordered by revision (the rowid) instead, SQLite scanned the whole table
    // for every step, and old rows that must stay (the newest change of every live peering,
    // most of the table on a mature system) were read again by every step. That held the
    // writer 120 ms on 110k rows at start-up, and would hold it for seconds at millions.
    auto due_owner = db_.prepare("SELECT s.revision, s.changed_at, s.peering_id, p.status = 'DELETED', "
        "p.status = 'DELETED' OR s.revision <> p.revision "
        "FROM (SELECT revision, changed_at, peering_id "
        "      FROM peering_history INDEXED BY peering_history_by_time "
        "      WHERE changed_at < ?1 AND (changed_at, revision) > (?2, ?3) "
        "      ORDER BY changed_at, revision LIMIT ?4) AS s "
        "JOIN peerings AS p ON p.id = s.peering_id ORDER BY s.changed_at, s.revision");
    sql::Statement& due = *due_owner;
    due.bind(1, domain::format_timestamp(cutoff));
    due.bind(2, after.changed_at);
    due.bind(3, after.revision);
    due.bind(4, static_cast<std::int64_t>(batch));
    std::vector<std::int64_t> revisions;
    std::set<std::string> tombstones;
    std::size_t seen = 0;
    HistoryCursor last;
    while (due.executeStep()) {
        ++seen;
        last = {due.getColumn(1).getString(), due.getColumn(0).getInt64()};
        if (due.getColumn(4).getInt() == 0) continue;  // the newest change of a live peering
        revisions.push_back(last.revision);
        if (due.getColumn(3).getInt() != 0) tombstones.insert(due.getColumn(2).getString());
    }
    due.reset();
    // A full read may have stopped short of the cutoff: the next step goes on after `last`.
    HistoryPruneStep step{revisions.size(), std::nullopt};
    if (seen == batch && batch > 0) step.resume = std::move(last);
    if (revisions.empty()) return step;
    auto remove_owner = db_.prepare("DELETE FROM peering_history WHERE revision = ?");
    sql::Statement& remove = *remove_owner;
    for (const auto revision : revisions) {
        remove.bind(1, revision);
        remove.exec();
        remove.reset();
    }
    auto drop_owner = db_.prepare("DELETE FROM peerings WHERE id = ?1 AND status = 'DELETED' AND NOT "
        "EXISTS (SELECT 1 FROM peering_history WHERE peering_id = ?1)");
    sql::Statement& drop = *drop_owner;
    for (const auto& id : tombstones) {
        drop.bind(1, id);
        drop.exec();
        drop.reset();
    }
    // The highest revision pruned: rows come in time order, which a clock that stepped back
    // can put out of revision order.
    auto mark_owner = db_.prepare(db_.pick("INSERT INTO feed_meta (id, pruned_through) VALUES (1, ?1) "
                                           "ON CONFLICT (id) DO UPDATE SET pruned_through = "
                                           "max(pruned_through, excluded.pruned_through)",
                                           "INSERT INTO feed_meta (id, pruned_through) VALUES (1, ?1) "
                                           "ON CONFLICT (id) DO UPDATE SET pruned_through = "
                                           "greatest(feed_meta.pruned_through, excluded.pruned_through)"));
    sql::Statement& mark = *mark_owner;
    mark.bind(1, *std::max_element(revisions.begin(), revisions.end()));
    mark.exec();
    tx.release();
    return step;
}

}  // namespace peeringd::storage
