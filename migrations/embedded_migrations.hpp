#pragma once
/// The SQL files of migrations/ (SQLite) and migrations/postgresql/ (PostgreSQL), compiled into
/// the binary in version order.

#include <span>
#include <string_view>

namespace peeringd::migrations {

struct Migration {
    int version;            ///< NNNN of the file name; contiguous from 1
    std::string_view name;  ///< file name without ".sql"
    std::string_view sql;   ///< plain statements, no BEGIN/COMMIT, no user_version
};

/// SQLite: migrations/NNNN_*.sql.
std::span<const Migration> embedded_migrations();

/// PostgreSQL: migrations/postgresql/NNNN_*.sql, the same versions and names as
/// embedded_migrations() (the build checks it) with the same resulting schema.
std::span<const Migration> embedded_postgresql_migrations();

}  // namespace peeringd::migrations
