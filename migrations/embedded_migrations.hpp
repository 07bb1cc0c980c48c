#pragma once
/// The SQL files of migrations/, compiled into the binary in version order.

#include <span>
#include <string_view>

namespace peeringd::migrations {

struct Migration {
    int version;            ///< NNNN of the file name; contiguous from 1
    std::string_view name;  ///< file name without ".sql"
    std::string_view sql;   ///< plain statements, no BEGIN/COMMIT, no user_version
};

std::span<const Migration> embedded_migrations();

}  // namespace peeringd::migrations
