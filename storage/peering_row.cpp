#include "storage/peering_row.hpp"

#include "storage/sql/session.hpp"
#include "storage/statement_cache.hpp"

#include <stdexcept>

namespace peeringd::storage {
namespace {

domain::Timestamp timestamp_column(sql::Statement& s, int index) {
    const auto text = s.getColumn(index).getString();
    const auto parsed = domain::parse_timestamp(text);
    // Only peeringd writes these columns; a bad value means someone edited the row by hand.
    if (!parsed) throw std::runtime_error("peerings row holds a malformed timestamp: " + text);
    return *parsed;
}

}  // namespace

domain::Peering read_peering(sql::Statement& s, int first) {
    const auto column = [&s, first](int i) { return s.getColumn(first + i); };
    domain::Peering p;
    p.id = column(0).getString();
    p.name = column(1).getString();
    p.description = column(2).getString();
    const auto status = domain::parse_status(column(3).getString());
    if (!status) throw std::runtime_error("peerings row holds an unknown status");
    p.status = *status;
    p.request = {column(4).getString(), column(5).getString()};
    p.accept = {column(6).getString(), column(7).getString()};
    p.created_at = timestamp_column(s, first + 8);
    p.updated_at = timestamp_column(s, first + 9);
    if (!column(10).isNull()) p.expires_at = timestamp_column(s, first + 10);
    p.revision = column(11).getInt64();
    return p;
}

void bind_text_or_null(sql::Statement& statement, int index, std::string_view value) {
    if (value.empty())
        statement.bind(index);
    else
        statement.bind(index, std::string(value));
}

std::int64_t insert_history(StatementCache& statements, const HistoryEntry& e) {
    const domain::Peering& p = e.after;
    const bool postgresql = statements.db().dialect() == sql::Dialect::postgresql;
    // SQLite: AUTOINCREMENT under the file's single writer. PostgreSQL: the feed_head counter,
    // whose row the transaction already holds (Session::begin_write), so revisions are dense
    // and in commit order across replicas; a sequence would be neither.
    std::int64_t revision = 0;
    if (postgresql) {
        auto bump = statements.prepare("UPDATE feed_head SET revision = revision + 1 WHERE id = 1 RETURNING revision");
        if (!bump->executeStep()) throw std::logic_error("feed_head has no row");
        revision = bump->getColumn(0).getInt64();
    }
    auto insert = statements.prepare(
        postgresql ? "INSERT INTO peering_history (peering_id, action, from_status, "
                     "to_status, actor_project, changed_at, request_id, name, description, "
                     "updated_at, expires_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                   : "INSERT INTO peering_history (peering_id, action, from_status, "
                     "to_status, actor_project, changed_at, request_id, name, description, "
                     "updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert->bind(1, p.id);
    insert->bind(2, std::string(e.action));
    bind_text_or_null(*insert, 3, e.from ? domain::to_string(*e.from) : std::string_view{});
    insert->bind(4, std::string(domain::to_string(p.status)));
    bind_text_or_null(*insert, 5, e.actor_project);
    insert->bind(6, domain::format_timestamp(e.at));
    bind_text_or_null(*insert, 7, e.request_id);
    insert->bind(8, p.name);
    insert->bind(9, p.description);
    insert->bind(10, domain::format_timestamp(p.updated_at));
    bind_text_or_null(*insert, 11, p.expires_at ? domain::format_timestamp(*p.expires_at) : "");
    if (postgresql) insert->bind(12, revision);
    insert->exec();
    if (!postgresql) revision = statements.db().last_insert_rowid();
    auto stamp = statements.prepare("UPDATE peerings SET revision = ? WHERE id = ?");
    stamp->bind(1, revision);
    stamp->bind(2, p.id);
    stamp->exec();
    return revision;
}

std::int64_t head_revision(StatementCache& statements) {
    auto head = statements.prepare(statements.db().pick(
        "SELECT seq FROM sqlite_sequence WHERE name = 'peering_history'",
        "SELECT revision FROM feed_head WHERE id = 1"));
    return head->executeStep() ? head->getColumn(0).getInt64() : 0;
}

}  // namespace peeringd::storage
