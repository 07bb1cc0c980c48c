#pragma once
/// Rewrites storage's SQL (SQLite's spelling) into PostgreSQL's. Only what is mechanical and
/// safe is rewritten here; real differences are written out with Session::pick().

#include <string>
#include <string_view>

namespace peeringd::storage::sql {

struct TranslatedSql {
    std::string text;
    int parameters = 0;  ///< highest placeholder number
};

/// '?N' becomes '$N' and a bare '?' the next number after the highest so far (SQLite's own
/// numbering rule); 'INDEXED BY name' (a SQLite planner hint, which PostgreSQL has no use for)
/// is dropped. Quoted strings, quoted identifiers and comments are copied untouched.
TranslatedSql to_postgresql(std::string_view sqlite_sql);

}  // namespace peeringd::storage::sql
