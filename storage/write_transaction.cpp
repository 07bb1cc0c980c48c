#include "storage/write_transaction.hpp"

#include "storage/sql/session.hpp"

namespace peeringd::storage {

WriteTransaction::WriteTransaction(sql::Session& db)
    // A transaction already open on this connection is the writer's batch. Asking the session
    // instead of passing a flag keeps every repository call site unchanged.
    : db_(db), nested_(db.in_transaction()) {
    if (nested_)
        db_.exec("SAVEPOINT use_case");
    else
        db_.begin_write();
}

WriteTransaction::~WriteTransaction() {
    if (done_) return;
    try {
        if (!nested_) {
            db_.exec("ROLLBACK");
        } else if (db_.in_transaction()) {
            // ROLLBACK TO keeps the savepoint open; RELEASE then drops it (writing nothing).
            db_.exec("ROLLBACK TO use_case");
            db_.exec("RELEASE use_case");
        }
        // else: the engine already rolled the whole batch back (I/O error, disk full, lost
        // connection); the writer sees that and fails every job of the batch.
    } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw; the writer
                     // checks the connection's state after every job.
    }
}

void WriteTransaction::commit() {
    db_.exec(nested_ ? "RELEASE use_case" : "COMMIT");
    done_ = true;
}

}  // namespace peeringd::storage
