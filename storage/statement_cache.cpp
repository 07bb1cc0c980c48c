#include "storage/statement_cache.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace peeringd::storage {

StatementCache::Lease::Lease(StatementCache& owner, std::string_view sql,
                             std::unique_ptr<SQLite::Statement> statement)
    : owner_(&owner), sql_(sql), statement_(std::move(statement)) {}

StatementCache::Lease::Lease(Lease&& other) noexcept
    : owner_(other.owner_), sql_(other.sql_), statement_(std::move(other.statement_)) {}

StatementCache::Lease::~Lease() {
    if (statement_) owner_->give_back(sql_, std::move(statement_));
}

StatementCache::StatementCache(SQLite::Database& db) : db_(db) {}

StatementCache::~StatementCache() = default;

StatementCache::Lease StatementCache::prepare(std::string_view sql) {
    auto it = idle_.find(sql);
    if (it == idle_.end()) it = idle_.emplace(std::string(sql), Idle{}).first;
    // The key's storage is stable (node-based map, never erased), so the lease can point at it.
    const std::string_view key = it->first;
    if (it->second.empty()) return Lease{*this, key, std::make_unique<SQLite::Statement>(db_, it->first)};
    auto statement = std::move(it->second.back());
    it->second.pop_back();
    return Lease{*this, key, std::move(statement)};
}

void StatementCache::give_back(std::string_view sql, std::unique_ptr<SQLite::Statement> statement) noexcept {
    // The reset's return code repeats the last step's error, which the user already saw.
    (void)statement->tryReset();
    try {
        statement->clearBindings();  // never fails (sqlite3_clear_bindings returns SQLITE_OK)
        idle_.find(sql)->second.push_back(std::move(statement));
    } catch (...) {  // out of memory: the statement is finalized instead of kept
    }
}

}  // namespace peeringd::storage
