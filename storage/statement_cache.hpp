#pragma once
/// Prepared statements of one connection, kept for reuse. Preparing a statement (parse, plan,
/// code generation, and the compiled triggers of the tables it writes) cost more than running
/// it on the hot paths: a create prepared about ten of them. Internal to storage.
///
/// `auto s = cache.prepare(sql);` hands out a statement ready to bind; when the lease ends it
/// is reset (which also ends the read snapshot it may hold) with its bindings cleared, and goes
/// back to the cache. A statement for the same SQL that is still leased (a nested use) makes
/// the cache prepare another one. Not thread-safe: one per connection, like the connection.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace peeringd::storage {

class StatementCache {
public:
    class Lease {
    public:
        Lease(StatementCache& owner, std::string_view sql, std::unique_ptr<SQLite::Statement> statement);
        ~Lease();
        Lease(Lease&& other) noexcept;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Lease& operator=(Lease&&) = delete;

        SQLite::Statement& operator*() const { return *statement_; }
        SQLite::Statement* operator->() const { return statement_.get(); }

    private:
        StatementCache* owner_;
        std::string_view sql_;  ///< the cache's own copy of the key
        std::unique_ptr<SQLite::Statement> statement_;
    };

    explicit StatementCache(SQLite::Database& db);
    ~StatementCache();
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;

    Lease prepare(std::string_view sql);
    SQLite::Database& db() const { return db_; }

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    using Idle = std::vector<std::unique_ptr<SQLite::Statement>>;

    void give_back(std::string_view sql, std::unique_ptr<SQLite::Statement> statement) noexcept;

    SQLite::Database& db_;
    std::unordered_map<std::string, Idle, Hash, std::equal_to<>> idle_;
};

}  // namespace peeringd::storage
