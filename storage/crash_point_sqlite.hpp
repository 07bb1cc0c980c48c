#pragma once
/// The crash points and faults that live inside SQLite (storage-internal; see
/// storage/crash_point.hpp): `before_commit` as a commit hook; `mid_checkpoint` and the
/// read-only fault as a thin VFS over the default one. Each is installed only when the
/// environment asks for it, so normal runs, and builds without PEERINGD_TEST_HOOKS, use
/// SQLite untouched.

struct sqlite3;

namespace peeringd::storage {

/// Before the first connection opens: makes a VFS the default that passes
/// crash_point("mid_checkpoint") on every write to a main database file (in WAL mode only
/// checkpoints write that file, so with NTH = 2 the process dies with some pages copied and
/// the WAL not reset), and fails writes while readonly_fault_flag() exists.
void install_fault_vfs();

/// On a read-write connection: passes crash_point("before_commit") when a transaction that
/// changed rows is about to commit (SQLite's commit hook runs before the commit record is
/// written, so the transaction is lost with the process).
void install_commit_crash_hook(sqlite3* db);

}  // namespace peeringd::storage
