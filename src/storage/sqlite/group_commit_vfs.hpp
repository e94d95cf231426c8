// The SQLite VFS of the single writer connection (group commit): a thin layer over the system's default VFS that
// changes two things about the write-ahead log, and nothing else.
//
// 1. Gathered writes. SQLite writes each log frame as two writes (a 24-byte header, then the page), and on this
//    kernel every write that extends the file also zeroes the rest of a fresh page-cache folio; a group commit of a
//    few hundred pages cost about a third of the writer's time (docs/performance.md). Gathered, a commit reaches the
//    kernel as a few 64 KB writes when SQLite syncs the log (or reads, truncates, sizes or closes it). Other
//    connections only look for a commit's frames after that point, so they always find them written.
// 2. Deferred log sync. The log's sync at each commit only writes; it does not wait for the disk. A committed
//    transaction is therefore visible to other connections before it is durable, and the owner must make the log
//    durable (SyncLogFile, LogSyncer) before it acknowledges anything. SQLite's own sync would hold the write lock
//    through the fsync; deferred, the next batch runs while the last one is synced. Two syncs stay real, because
//    the file's consistency depends on them: the first of each opened log (it also syncs the new directory entry),
//    and the one owed before this connection copies the log into the database file (a checkpoint, e.g. on close).
//
// Requires: connections opened with it run synchronous=FULL (SQLite then calls the log's sync before publishing a
// commit in the shared log index; with NORMAL other connections would look for frames not yet written), and their
// owner syncs the log before acknowledging a commit.
#pragma once

#include <sqlite3.h>

#include <cstdint>

namespace kesu::storage::sqlite {

// Registers the VFS on first call (thread-safe) and returns its name for sqlite3_open_v2, or nullptr if it could
// not be registered (the caller then uses the default VFS, whose syncs are all real).
const char* GroupCommitVfs();

// How many of the log syncs of `db` (a connection opened with this VFS) reached the disk, and how many were left
// to the owner; -1, -1 for a connection on another VFS or before its log was opened.
struct LogSyncCounts {
    std::int64_t real = -1;
    std::int64_t deferred = -1;
};
LogSyncCounts CountLogSyncs(sqlite3* db);

}  // namespace kesu::storage::sqlite
