// The embedded SQLite backend: WAL mode, synchronous=FULL (a committed write survives power loss), and group
// commit — one writer thread runs every queued Write function in one transaction, each inside its own
// savepoint, then commits (one fsync) and wakes all callers. Reads use a pool of read-only connections that
// run beside the writer (WAL snapshots).
// Thread-safety: Read and Write from any thread. Destruction drains queued writes first.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "crypto/pii_cipher.hpp"
#include "domain/audit_event.hpp"
#include "domain/database.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_migrations.hpp"

namespace kesu::storage::sqlite {

struct SqliteOptions {
    std::string path;                // the database file
    int max_readers = 8;             // read connections kept open
    int max_batch = 512;             // Write functions per commit at most
    bool apply_migrations = true;    // migrate on open (serve); `kesu migrate` does it explicitly
};

// Observes each commit (for the commit-batch-size metric). Called on the writer thread.
using CommitObserver = std::function<void(std::size_t batch_size)>;

class SqliteDatabase final : public domain::Database {
public:
    static domain::Result<std::unique_ptr<SqliteDatabase>> Open(const SqliteOptions& options,
                                                                const crypto::PiiCipher& cipher,
                                                                const domain::AuditHasher& hasher);
    ~SqliteDatabase() override;

    domain::Result<void> Read(const domain::TransactionWork& work) override;
    domain::Result<void> Write(const domain::TransactionWork& work) override;

    void SetCommitObserver(CommitObserver observer);
    // The schema version migrations brought the file to.
    int SchemaVersion() const { return schema_version_; }
    // A consistent online copy of the database into `target` (SQLite backup API); safe while serving.
    domain::Result<void> BackupTo(const std::string& target);

private:
    struct PendingWrite;

    SqliteDatabase(SqliteOptions options, const crypto::PiiCipher& cipher, const domain::AuditHasher& hasher,
                   std::unique_ptr<Connection> writer);
    void RunWriter();
    void CommitBatch(std::vector<PendingWrite*>& batch);
    domain::Result<std::unique_ptr<Connection>> AcquireReader();
    void ReleaseReader(std::unique_ptr<Connection> reader);

    SqliteOptions options_;
    const crypto::PiiCipher& cipher_;
    const domain::AuditHasher& hasher_;
    int schema_version_ = 0;

    std::unique_ptr<Connection> writer_connection_;
    std::mutex queue_mutex_;
    std::condition_variable queue_ready_;
    std::deque<PendingWrite*> queue_;
    bool stopping_ = false;
    CommitObserver commit_observer_;
    std::thread writer_;

    std::mutex readers_mutex_;
    std::vector<std::unique_ptr<Connection>> idle_readers_;
};

}  // namespace kesu::storage::sqlite
