#pragma once
/// A thin VFS over the default one that gathers each connection's appends to its WAL file in
/// memory and hands them to the kernel in one write when SQLite syncs the WAL, i.e. at every
/// COMMIT. SQLite writes each WAL frame as two calls (24-byte header, then the page), so a
/// group commit of N dirty pages cost 2N pwrite() system calls; on this VM they were half of
/// the writer thread's time (BENCHMARKS.md). Now it costs one.
///
/// Safe only because every read-write connection runs with synchronous=FULL (open_connection
/// checks it): SQLite then syncs the WAL before it publishes a commit in the shared wal-index,
/// so no other connection can look for a frame that is still in the buffer. The connection's
/// own reads, size queries, truncations and closes flush first. Losing the buffer in a crash
/// loses only frames that were never synced, i.e. transactions nobody was told had committed.

namespace peeringd::storage {

/// Name of the VFS to open read-write connections with. The first call registers it (not as
/// the default) over whatever VFS is the default then, so call it after install_fault_vfs().
const char* wal_write_buffer_vfs();

}  // namespace peeringd::storage
