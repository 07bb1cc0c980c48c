#pragma once
/// The three transaction scopes, in SQLiteCpp's shape (SQLite::Transaction, SQLite::Savepoint):
/// each begins in its constructor, keeps the work only when told to, and undoes it when
/// destroyed otherwise. Who opens which is fixed, never guessed from the connection's state:
///
/// - Transaction: the unit of durability. DbWorker opens one per group-commit batch (and per
///   write_blocking() job); peeringctl opens one per command.
/// - Savepoint: the unit of a use case's atomicity, always inside a Transaction its caller
///   opened. Every repository use case runs in one, so that an error value it returns undoes
///   exactly its own writes while the batch's other jobs stay; DbWorker wraps each job in one
///   as well, so that a job that throws undoes everything it wrote.
/// - ReadSnapshot: one consistent snapshot for the statements of a read; rolled back, as there
///   is nothing to keep.

#include <string>

namespace peeringd::storage::sql {

class Session;

/// A write transaction (Session::begin_write: serialized with every other writer of the
/// database). Destroyed without commit(), it rolls back.
class Transaction {
public:
    explicit Transaction(Session& session);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    /// COMMIT. Throws on engine errors (then nothing of the transaction is kept).
    void commit();

private:
    Session& session_;
    bool done_ = false;
};

/// SAVEPOINT `name` inside an open transaction; throws std::logic_error when none is open (on
/// SQLite a savepoint outside a transaction would silently start a deferred one, whose later
/// lock upgrade can fail without waiting). Destroyed without release(), it rolls back its own
/// work only. On PostgreSQL every savepoint is a subtransaction, and a backend caches 64 of
/// them: keep at most ~32 open in one transaction (DbWorker::kMaxPostgresqlBatch).
class Savepoint {
public:
    Savepoint(Session& session, std::string name);
    ~Savepoint();
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;

    /// RELEASE: the work becomes part of the enclosing transaction (durable with its COMMIT).
    void release();
    /// ROLLBACK TO and RELEASE: undoes the work now, and throws if that fails (the destructor
    /// does the same but must stay quiet), so that a caller about to COMMIT the enclosing
    /// transaction never keeps half of it.
    void rollback();

private:
    Session& session_;
    std::string name_;
    bool done_ = false;
};

/// A transaction that reads one snapshot; rolls back (there is nothing to keep) when it ends.
class ReadSnapshot {
public:
    explicit ReadSnapshot(Session& session);
    ~ReadSnapshot();
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

private:
    Session& session_;
};

}  // namespace peeringd::storage::sql
