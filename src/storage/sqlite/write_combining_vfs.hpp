// A thin SQLite VFS over the system's default one that gathers the writes SQLite makes to a write-ahead log and
// hands them to the kernel as one write when the log is synced (or read, truncated, sized or closed).
//
// SQLite writes each log frame as two writes (a 24-byte header, then the page), so a group commit of a few hundred
// pages cost hundreds of system calls, and on this kernel every write that extends the file also zeroes the rest
// of a fresh page-cache folio: together about a third of the writer thread's time (docs/performance.md). Gathered,
// a commit is a few large writes and one fdatasync. Nothing changes for durability: a gathered write reaches the
// kernel before the sync that makes it durable, and other connections only read log frames after that sync.
// Requires: connections opened with it run synchronous=FULL. Only then does SQLite sync the log before publishing a
// commit in the shared log index; with NORMAL, other connections would look for frames not yet written. Every
// other file, and every other method, goes straight to the default VFS.
#pragma once

namespace kesu::storage::sqlite {

// Registers the VFS on first call (thread-safe) and returns its name for sqlite3_open_v2, or nullptr (use the
// default VFS) if it could not be registered.
const char* WriteCombiningVfs();

}  // namespace kesu::storage::sqlite
