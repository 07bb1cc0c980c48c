#pragma once
/// TEST-ONLY named crash points. In a build with the CMake option PEERINGD_TEST_HOOKS (ON for
/// developer and test builds, refused by cpack), the environment variable
///
///   PEERINGD_CRASH_POINT=LABEL[:NTH]
///
/// makes the process SIGKILL itself the NTH time (default 1) execution passes crash_point(LABEL).
/// Without the option, or without the variable, crash_point() does nothing. The crash tests use
/// it to die at exactly the moments a random kill -9 rarely hits (see docs/RELIABILITY.md):
///
///   before_commit              a write transaction that changed rows is about to COMMIT
///   after_commit_before_reply  a mutating request committed, its 2xx is not yet written
///   mid_migration_N            migration N ran its statements, its COMMIT has not happened
///   mid_expiry_sweep           an expiry batch updated its rows, its COMMIT has not happened
///   mid_checkpoint             a checkpoint is copying WAL pages into the database file
///   during_shutdown            SIGTERM drained the connections, the database is still open

#include <string>
#include <string_view>

namespace peeringd::storage {

/// SIGKILLs the process if PEERINGD_CRASH_POINT names `label` and this is its NTH pass.
void crash_point(std::string_view label);

/// True when PEERINGD_CRASH_POINT names `label` (the hit count is not consulted), so that
/// callers can skip preparing a crash point nobody asked for.
bool crash_point_armed(std::string_view label);

/// "LABEL:NTH" when a crash point is armed (for a start-up warning), else empty.
std::string armed_crash_point();

/// The other test-only storage fault, in the same builds: PEERINGD_FAULT_READONLY_WHEN=PATH
/// makes every write to a database file fail, while PATH exists, the way writes fail on a file
/// system remounted read-only under a running process (EROFS, which SQLite reports as an I/O
/// error). Linux refuses such a remount while files are open for writing, so the storage
/// fault tests flip this instead. Returns PATH, or empty when the fault is not configured.
const std::string& readonly_fault_flag();

}  // namespace peeringd::storage
