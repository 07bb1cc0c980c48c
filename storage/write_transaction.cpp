#include "storage/write_transaction.hpp"

#include <SQLiteCpp/Database.h>
#include <sqlite3.h>

namespace peeringd::storage {

WriteTransaction::WriteTransaction(SQLite::Database& db)
    // Autocommit off means a transaction is already open on this connection: the writer's
    // batch. Asking SQLite instead of passing a flag keeps every repository call site unchanged.
    : db_(db), nested_(sqlite3_get_autocommit(db.getHandle()) == 0) {
    db_.exec(nested_ ? "SAVEPOINT use_case" : "BEGIN IMMEDIATE");
}

WriteTransaction::~WriteTransaction() {
    if (done_) return;
    try {
        if (!nested_) {
            db_.exec("ROLLBACK");
        } else if (sqlite3_get_autocommit(db_.getHandle()) == 0) {
            // ROLLBACK TO keeps the savepoint open; RELEASE then drops it (writing nothing).
            db_.exec("ROLLBACK TO use_case");
            db_.exec("RELEASE use_case");
        }
        // else: SQLite already rolled the whole batch back (I/O error, disk full); the writer
        // sees that and fails every job of the batch.
    } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw; the writer
                     // checks the connection's state after every job.
    }
}

void WriteTransaction::commit() {
    db_.exec(nested_ ? "RELEASE use_case" : "COMMIT");
    done_ = true;
}

}  // namespace peeringd::storage
