#pragma once
/// Prepared statements of one connection (a SQLite statement, or a PostgreSQL prepared one), kept for reuse. Preparing a statement (parse, plan,
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

namespace peeringd::storage::sql {
class Session;
class Statement;
}  // namespace peeringd::storage::sql

namespace peeringd::storage {

class StatementCache {
public:
    class Lease {
    public:
        Lease(StatementCache& owner, std::string_view text, std::unique_ptr<sql::Statement> statement);
        ~Lease();
        Lease(Lease&& other) noexcept;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Lease& operator=(Lease&&) = delete;

        sql::Statement& operator*() const { return *statement_; }
        sql::Statement* operator->() const { return statement_.get(); }

    private:
        StatementCache* owner_;
        std::string_view text_;  ///< the cache's own copy of the key
        std::unique_ptr<sql::Statement> statement_;
    };

    explicit StatementCache(sql::Session& db);
    ~StatementCache();
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;

    Lease prepare(std::string_view text);
    sql::Session& db() const { return db_; }

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    using Idle = std::vector<std::unique_ptr<sql::Statement>>;

    void give_back(std::string_view text, std::unique_ptr<sql::Statement> statement) noexcept;

    sql::Session& db_;
    std::unordered_map<std::string, Idle, Hash, std::equal_to<>> idle_;
};

}  // namespace peeringd::storage
