// The embedded SQLite backend: WAL mode and group commit. One writer thread runs every queued Write function in one
// transaction, each inside its own savepoint, and commits; a second thread (LogSyncer) fsyncs the log and only then
// wakes the callers, so a Write that returned success survives power loss, and the writer is already running the
// next batch during the fsync. Reads use a pool of read-only connections that run beside the writer (WAL
// snapshots); they may see a commit up to one fsync before it is acknowledged. A write that depends on what a read
// saw comes later in the log, so it cannot be acknowledged before that is durable too.
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
#include "search/sqlite_search_index.hpp"
#include "search/text_normalizer.hpp"
#include "storage/sqlite/log_syncer.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_migrations.hpp"
#include "storage/sqlite/sqlite_search_indexer.hpp"

namespace spdlog {
class logger;
}

namespace kesu::storage::sqlite {

struct SqliteOptions {
    std::string path;     // the database file
    int max_readers = 8;  // read connections kept open
    int max_batch = 512;  // Write functions per commit at most
    // Under load the writer waits up to gather_delay for up to gather_writes queued writes before it begins a batch
    // (fewer log pages per write); a lone or sequential writer never waits (GatherAim).
    int gather_writes = 10;
    std::chrono::microseconds gather_delay{1000};
    bool apply_migrations = true;  // migrate on open (serve); `kesu migrate` does it explicitly
    bool search_indexer = true;    // run the background indexer (serve, tests); off for one-shot commands
    // A full-text search first waits for the indexer to take in every change committed before it, at most this
    // long (then it answers from the index as it is, and its page says it may be incomplete).
    std::chrono::milliseconds search_wait{10000};
    // Tests: called on the indexer's thread before each batch it takes from the queue (to hold the index back).
    std::function<void()> before_index_batch;
    // Makes the log durable before commits are acknowledged; empty: fdatasync of the log file. Tests replace it.
    std::function<domain::Result<void>()> sync_log;
    // Hears what happens in the background: a failed log sync or checkpoint, a rebuild of the search index, slow
    // statements. Null: a logger of its own on stderr.
    std::shared_ptr<spdlog::logger> logger;
    // Statements of requests (the writer's and the readers') slower than this are logged with their SQL, never
    // their bound values; zero: none.
    std::chrono::nanoseconds slow_statement{0};
};

// Observes each commit (for the commit-batch-size metric). Called on the writer thread.
using CommitObserver = std::function<void(std::size_t batch_size)>;

class SqliteDatabase final : public domain::Database, public domain::ChangeFeed {
public:
    static domain::Result<std::unique_ptr<SqliteDatabase>> Open(const SqliteOptions& options,
                                                                const crypto::PiiCipher& cipher,
                                                                const domain::AuditHasher& hasher);
    ~SqliteDatabase() override;

    domain::Result<void> Read(const domain::TransactionWork& work) override;
    domain::Result<void> Write(const domain::TransactionWork& work) override;
    // "log_sync_failed" once a sync of the log has failed (LogSyncer): every later write is refused.
    std::string WriteRefusal() override;

    void SetCommitObserver(CommitObserver observer);
    // Write calls not yet returned: queued, in the batch being written, or waiting for the log sync.
    std::size_t PendingWrites();
    // Complaint changes are published once their commit is durable, on the log syncer's thread.
    void Subscribe(Listener listener) override;
    // The schema version migrations brought the file to.
    int SchemaVersion() const { return schema_version_; }
    // A consistent online copy of the database into `target` (SQLite backup API); safe while serving. The search
    // index is not copied: it is rebuilt from the complaints when the copy is first served.
    domain::Result<void> BackupTo(const std::string& target);
    // Changes committed but not yet in the full-text index, and complaints a rebuild has still to add.
    std::int64_t SearchBacklog();
    std::int64_t SearchRebuildRemaining() const { return indexer_ ? indexer_->RebuildRemaining() : 0; }
    // Searches whose wait for the indexer timed out (they answered from the index as it was, marked incomplete).
    std::int64_t SearchWaitTimeouts() const { return indexer_ ? indexer_->WaitTimeouts() : 0; }

private:
    struct PendingWrite;
    // A connection with its full-text index (which caches prepared statements on that connection).
    struct PooledConnection {
        std::unique_ptr<Connection> connection;
        std::unique_ptr<search::SqliteSearchIndex> search;
    };

    SqliteDatabase(SqliteOptions options, const crypto::PiiCipher& cipher, const domain::AuditHasher& hasher,
                   search::TextNormalizer normalizer, std::unique_ptr<Connection> writer);
    PooledConnection Pool(std::unique_ptr<Connection> connection) const;
    // Logs the connection's statements slower than options_.slow_statement.
    void WatchSlowStatements(Connection& connection);
    void RunWriter();
    // Requires: queue_mutex_ held. How many queued writes the writer waits for before it begins a batch (at most
    // gather_delay): the fewest of gather_writes and the writes recently in flight at once, and 0 unless another
    // is due within the delay at the recent rate. A lone or sequential writer (one in flight) never waits.
    std::size_t GatherAim();
    // Copies the WAL back into the database file on its own connection, so the writer never spends its time on
    // it (woken by the writer's WAL hook once the log passes a threshold).
    void RunCheckpointer(std::unique_ptr<Connection> connection);
    static int OnWalCommit(void* self, sqlite3* db, const char* schema, int pages);
    void CommitBatch(std::vector<PendingWrite*>& batch);
    // Drops queue entries the indexer has finished with (inside the batch's transaction, now and then).
    void PruneSearchQueue(Connection& connection);
    // False when the wait timed out: the index may lack changes committed before the reader's snapshot.
    bool WaitForSearchIndex(Connection& reader);
    domain::Result<PooledConnection> AcquireReader();
    void ReleaseReader(PooledConnection reader);

    SqliteOptions options_;
    const crypto::PiiCipher& cipher_;
    const domain::AuditHasher& hasher_;
    int schema_version_ = 0;

    search::TextNormalizer normalizer_;
    PooledConnection writer_connection_;
    std::mutex queue_mutex_;
    std::condition_variable queue_ready_;
    std::deque<PendingWrite*> queue_;
    bool stopping_ = false;
    std::size_t gather_target_ = 0;  // the writer waits for this many queued writes (0: not gathering)
    // For GatherAim: writes queued so far and those not yet acknowledged; their arrival rate and the most in flight at
    // once over the last window of 50 ms, and over the current one.
    std::uint64_t arrivals_ = 0;
    std::size_t in_flight_ = 0;
    std::uint64_t window_arrivals_ = 0;
    std::chrono::steady_clock::time_point window_start_ = std::chrono::steady_clock::now();
    double arrival_rate_ = 0;
    std::size_t concurrency_ = 0;
    std::size_t window_peak_in_flight_ = 0;
    CommitObserver commit_observer_;
    std::vector<Listener> listeners_;
    std::thread writer_;
    std::unique_ptr<LogSyncer> syncer_;  // started before the writer, stopped after it
    std::mutex writing_mutex_;  // held by the writer for each batch; a log restart (RunCheckpointer) takes it too
    std::mutex checkpoint_mutex_;
    std::condition_variable checkpoint_wanted_;
    bool checkpoint_due_ = false;
    bool checkpointer_stopping_ = false;
    std::thread checkpointer_;
    std::chrono::steady_clock::time_point last_optimized_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_pruned_ = std::chrono::steady_clock::now();
    std::unique_ptr<SqliteSearchIndexer> indexer_;  // null for one-shot commands
    std::string search_path_;

    std::mutex readers_mutex_;
    std::vector<PooledConnection> idle_readers_;
};

}  // namespace kesu::storage::sqlite
