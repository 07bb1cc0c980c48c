#include "storage/peering_row.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <stdexcept>

namespace peeringd::storage {
namespace {

domain::Timestamp timestamp_column(SQLite::Statement& s, int index) {
    const auto text = s.getColumn(index).getString();
    const auto parsed = domain::parse_timestamp(text);
    // Only peeringd writes these columns; a bad value means someone edited the row by hand.
    if (!parsed) throw std::runtime_error("peerings row holds a malformed timestamp: " + text);
    return *parsed;
}

}  // namespace

domain::Peering read_peering(SQLite::Statement& s) {
    domain::Peering p;
    p.id = s.getColumn(0).getString();
    p.name = s.getColumn(1).getString();
    p.description = s.getColumn(2).getString();
    const auto status = domain::parse_status(s.getColumn(3).getString());
    if (!status) throw std::runtime_error("peerings row holds an unknown status");
    p.status = *status;
    p.request = {s.getColumn(4).getString(), s.getColumn(5).getString()};
    p.accept = {s.getColumn(6).getString(), s.getColumn(7).getString()};
    p.created_at = timestamp_column(s, 8);
    p.updated_at = timestamp_column(s, 9);
    if (!s.getColumn(10).isNull()) p.expires_at = timestamp_column(s, 10);
    return p;
}

void bind_text_or_null(SQLite::Statement& statement, int index, std::string_view value) {
    if (value.empty())
        statement.bind(index);
    else
        statement.bind(index, std::string(value));
}

void insert_history(SQLite::Database& db, const HistoryEntry& e) {
    SQLite::Statement insert{db,
                             "INSERT INTO peering_history (peering_id, action, from_status, "
                             "to_status, actor_project, changed_at, request_id) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)"};
    insert.bind(1, std::string(e.peering_id));
    insert.bind(2, std::string(e.action));
    bind_text_or_null(insert, 3, e.from ? domain::to_string(*e.from) : std::string_view{});
    insert.bind(4, std::string(domain::to_string(e.to)));
    bind_text_or_null(insert, 5, e.actor_project);
    insert.bind(6, domain::format_timestamp(e.at));
    bind_text_or_null(insert, 7, e.request_id);
    insert.exec();
}

}  // namespace peeringd::storage
