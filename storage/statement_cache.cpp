#include "storage/statement_cache.hpp"

#include "storage/sql/session.hpp"

namespace peeringd::storage {

StatementCache::Lease::Lease(StatementCache& owner, std::string_view text,
                             std::unique_ptr<sql::Statement> statement)
    : owner_(&owner), text_(text), statement_(std::move(statement)) {}

StatementCache::Lease::Lease(Lease&& other) noexcept
    : owner_(other.owner_), text_(other.text_), statement_(std::move(other.statement_)) {}

StatementCache::Lease::~Lease() {
    if (statement_) owner_->give_back(text_, std::move(statement_));
}

StatementCache::StatementCache(sql::Session& db) : db_(db) {}

StatementCache::~StatementCache() = default;

StatementCache::Lease StatementCache::prepare(std::string_view text) {
    auto it = idle_.find(text);
    if (it == idle_.end()) it = idle_.emplace(std::string(text), Idle{}).first;
    // The key's storage is stable (node-based map, never erased), so the lease can point at it.
    const std::string_view key = it->first;
    if (it->second.empty()) return Lease{*this, key, db_.prepare(it->first)};
    auto statement = std::move(it->second.back());
    it->second.pop_back();
    return Lease{*this, key, std::move(statement)};
}

void StatementCache::give_back(std::string_view text, std::unique_ptr<sql::Statement> statement) noexcept {
    // reset() also ends the read snapshot a SQLite statement may hold.
    statement->reset();
    try {
        statement->clearBindings();
        idle_.find(text)->second.push_back(std::move(statement));
    } catch (...) {  // out of memory: the statement is finalized instead of kept
    }
}

}  // namespace peeringd::storage
