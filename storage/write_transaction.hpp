#pragma once
/// The transaction of one repository use case. Outside a group-commit batch it is a real
/// `BEGIN IMMEDIATE … COMMIT`; inside one (the writer thread has already begun the batch's
/// transaction) it is a `SAVEPOINT … RELEASE`, so the use case's outcome is decided by its own
/// commit()/rollback exactly as before, while durability comes from the batch's COMMIT.
/// Destroyed without commit() it rolls back only its own work. Runs only on the thread that
/// owns the connection.

namespace peeringd::storage::sql {
class Session;
class Statement;
}  // namespace peeringd::storage::sql

namespace peeringd::storage {

class WriteTransaction {
public:
    explicit WriteTransaction(sql::Session& db);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    /// Keeps the work: COMMIT (standalone) or RELEASE (in a batch). Throws on engine errors.
    void commit();

private:
    sql::Session& db_;
    bool nested_;  ///< a savepoint inside an enclosing transaction (the writer's batch)
    bool done_ = false;
};

}  // namespace peeringd::storage
