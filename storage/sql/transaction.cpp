#include "storage/sql/transaction.hpp"

#include "storage/sql/session.hpp"

#include <stdexcept>
#include <utility>

namespace peeringd::storage::sql {

namespace {

/// Rolls back from a destructor, which must not throw.
void rollback_quietly(Session& session, std::string_view sql) noexcept {
    try {
        session.exec(sql);
    } catch (...) {  // NOLINT(bugprone-empty-catch): a lost connection ends the transaction too,
                     // and the connection resets before its next use.
    }
}

}  // namespace

Transaction::Transaction(Session& session) : session_(session) { session_.begin_write(); }

Transaction::~Transaction() {
    // An I/O error, a full disk or a lost connection may already have ended it.
    if (!done_ && session_.in_transaction()) rollback_quietly(session_, "ROLLBACK");
}

void Transaction::commit() {
    done_ = true;  // a failed COMMIT leaves nothing to roll back that ROLLBACK could save
    session_.exec("COMMIT");
}

Savepoint::Savepoint(Session& session, std::string name) : session_(session), name_(std::move(name)) {
    if (!session_.in_transaction())
        throw std::logic_error("savepoint " + name_ + " outside a transaction: open a sql::Transaction first");
    session_.exec("SAVEPOINT " + name_);
}

Savepoint::~Savepoint() {
    if (done_ || !session_.in_transaction()) return;  // released, or the whole transaction is gone
    // ROLLBACK TO keeps the savepoint open; RELEASE then drops it, writing nothing.
    rollback_quietly(session_, "ROLLBACK TO " + name_ + "; RELEASE " + name_);
}

void Savepoint::release() {
    session_.exec("RELEASE " + name_);
    done_ = true;
}

void Savepoint::rollback() {
    done_ = true;
    session_.exec("ROLLBACK TO " + name_ + "; RELEASE " + name_);
}

ReadSnapshot::ReadSnapshot(Session& session) : session_(session) { session_.begin_read(); }

ReadSnapshot::~ReadSnapshot() { rollback_quietly(session_, "ROLLBACK"); }

}  // namespace peeringd::storage::sql
