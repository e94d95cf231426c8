// The PostgreSQL backend (PostgreSQL 15, libpq), for one or several stateless kesu nodes sharing a database.
//
// Writes: one writer thread per node runs the queued Write functions in one transaction, each inside its own
// savepoint, then commits — group commit, one WAL flush for the batch — and wakes the callers. A Write returns
// success only after COMMIT was confirmed (synchronous_commit is never off); when that cannot be confirmed it
// fails with kUnavailable, never a false success. Every write transaction first takes this database's write
// lock (a transaction-level advisory lock), so writes from all nodes run one transaction at a time: the audit
// hash chain stays strictly sequential, and each write sees everything committed before it, on any node.
// Reads: a pool of up to pool_size connections, each Read a REPEATABLE READ READ ONLY snapshot beside the writer.
// Changes: committed complaint changes reach every node's subscribers (ChangeFeed, through LISTEN/NOTIFY).
// Failover: a broken connection is dropped and replaced on next use; before anything has run in it, a
// transaction waits up to reconnect_wait for the server to come back. libpq multi-host URLs find the new
// primary: postgres://db1:5432,db2:5432/kesu?target_session_attrs=read-write.
// Thread-safety: Read and Write from any thread. Destruction drains queued writes first.
#pragma once

#include <chrono>
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
#include "search/fts5_query.hpp"
#include "search/text_normalizer.hpp"
#include "storage/postgres/postgres_change_feed.hpp"
#include "storage/postgres/postgres_connection.hpp"

namespace kesu::storage::postgres {

struct PostgresOptions {
    std::string url;              // libpq URL or keyword string; several hosts allowed
    int pool_size = 8;            // read connections at most (the writer has its own)
    // Write functions per commit at most. More than 64 written savepoints in one transaction overflow
    // PostgreSQL's per-backend subtransaction cache, which slows every other session's snapshots.
    int max_batch = 64;
    bool apply_migrations = true;  // migrate on open (serve); `kesu migrate` does it explicitly
    std::chrono::milliseconds reconnect_wait{10'000};  // how long a transaction waits for the server to return
};

// Observes each commit (for the commit-batch-size metric). Called on the writer thread.
using CommitObserver = std::function<void(std::size_t batch_size)>;

class PostgresDatabase final : public domain::Database, public domain::ChangeFeed {
public:
    static domain::Result<std::unique_ptr<PostgresDatabase>> Open(const PostgresOptions& options,
                                                                  const crypto::PiiCipher& cipher,
                                                                  const domain::AuditHasher& hasher);
    ~PostgresDatabase() override;

    domain::Result<void> Read(const domain::TransactionWork& work) override;
    domain::Result<void> Write(const domain::TransactionWork& work) override;

    void SetCommitObserver(CommitObserver observer);
    // Complaint changes committed through any node sharing the database, on the feed's thread.
    void Subscribe(Listener listener) override;
    // Stops delivering changes (other nodes keep sending them): call before the listeners are destroyed.
    void StopChangeFeed() { change_feed_.Stop(); }
    // The schema version migrations brought the database to.
    int SchemaVersion() const { return schema_version_; }

private:
    struct PendingWrite;

    PostgresDatabase(PostgresOptions options, const crypto::PiiCipher& cipher, const domain::AuditHasher& hasher,
                     search::TextNormalizer normalizer, std::unique_ptr<Connection> writer, std::int64_t lock_key);
    domain::Result<std::unique_ptr<Connection>> Connect(std::chrono::steady_clock::time_point deadline) const;
    // BEGIN (+ the write lock) on a live connection, replacing a broken one; nothing has run yet, so retrying
    // is safe.
    domain::Result<void> BeginWrite();
    void RunWriter();
    void CommitBatch(std::vector<PendingWrite*>& batch);
    domain::Result<std::unique_ptr<Connection>> AcquireReader(std::chrono::steady_clock::time_point deadline);
    void ReleaseReader(std::unique_ptr<Connection> reader);
    // Indexes complaints missing from the full-text index (after an upgrade or a rebuild).
    domain::Result<std::int64_t> BackfillSearchIndex();

    PostgresOptions options_;
    const crypto::PiiCipher& cipher_;
    const domain::AuditHasher& hasher_;
    search::TextNormalizer normalizer_;
    search::TokenHasher customer_hasher_;
    std::string begin_write_;  // BEGIN and the write lock, for this database
    int schema_version_ = 0;

    std::unique_ptr<Connection> writer_connection_;  // used by the writer thread only (after Open)
    std::mutex queue_mutex_;
    std::condition_variable queue_ready_;
    std::deque<PendingWrite*> queue_;
    bool stopping_ = false;
    CommitObserver commit_observer_;
    std::thread writer_;

    PostgresChangeFeed change_feed_;

    std::mutex readers_mutex_;
    std::condition_variable reader_free_;
    std::vector<std::unique_ptr<Connection>> idle_readers_;
    int open_readers_ = 0;
};

}  // namespace kesu::storage::postgres
