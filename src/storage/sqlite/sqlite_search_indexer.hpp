// The background indexer of the embedded backend. The full-text index lives in its own file beside the database
// (`<name>.search.db`), so writing it never holds the database's single write lock: a request's transaction only
// records the changed complaint in search_queue, and this thread works through the queue in order, in batches as
// large as the backlog (one FTS5 segment per batch), rebuilding each entry from the complaint's committed row.
//
// Its position in the queue is kept in the search file, in the same transaction as the entries it wrote, so a
// crash loses nothing: the next start resumes where the last commit left off. The search file is derived data
// (synchronous=NORMAL); deleted or built by another analyzer version, it is rebuilt from the complaints in the
// background while kesu serves.
//
// Thread-safety: Notify, WaitFor and the accessors from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "crypto/pii_cipher.hpp"
#include "domain/audit_event.hpp"
#include "search/sqlite_search_index.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace spdlog {
class logger;
}

namespace kesu::storage::sqlite {

// The search file beside a database file: kesu.db -> kesu.search.db.
std::string SearchFilePath(const std::string& database_path);
// The id of the last change queued for the indexer (0 if none) in `schema` ("main", or "core" on the indexer's
// own connection); search_queue ids are AUTOINCREMENT, so this survives pruning.
domain::Result<std::int64_t> LastQueuedChange(Connection& connection, const std::string& schema = "main");

class SqliteSearchIndexer {
public:
    // Opens (or creates) the search file and starts the thread. `core_path` is the database it follows; `logger`
    // hears of rebuilds and failed batches.
    static domain::Result<std::unique_ptr<SqliteSearchIndexer>> Start(const std::string& core_path,
                                                                      const crypto::PiiCipher& cipher,
                                                                      const domain::AuditHasher& hasher,
                                                                      search::TextNormalizer normalizer,
                                                                      std::shared_ptr<spdlog::logger> logger);
    ~SqliteSearchIndexer();  // stops after the batch in hand; the rest waits in the queue for the next start
    SqliteSearchIndexer(const SqliteSearchIndexer&) = delete;
    SqliteSearchIndexer& operator=(const SqliteSearchIndexer&) = delete;

    // Queue entries up to `durable_through` are on disk (called once the writer's commit is synced). Entries past it
    // are left alone even if visible: a power loss could still take them back, leaving the index ahead of the queue.
    void Notify(std::int64_t durable_through);
    // Blocks until every queue entry up to `queue_id` is in the index, at most `timeout`. False on timeout.
    bool WaitFor(std::int64_t queue_id, std::chrono::milliseconds timeout);
    // The last queue entry whose change is in the index.
    std::int64_t IndexedThrough() const { return indexed_through_.load(); }
    // Complaints still to be added by a rebuild (0 when the index is complete).
    std::int64_t RebuildRemaining() const { return rebuild_remaining_.load(); }

private:
    SqliteSearchIndexer(std::unique_ptr<Connection> connection, const crypto::PiiCipher& cipher,
                        const domain::AuditHasher& hasher, search::TextNormalizer normalizer,
                        std::shared_ptr<spdlog::logger> logger);
    domain::Result<void> Prepare();
    void Run();
    // One batch from the queue; false when it was empty.
    domain::Result<bool> IndexQueued();
    // One batch of complaints missing from the index; false when none are.
    domain::Result<bool> RebuildSome();
    domain::Result<void> IndexInTransaction(const std::vector<std::int64_t>& ids, std::int64_t new_position);

    std::unique_ptr<Connection> connection_;
    const crypto::PiiCipher& cipher_;
    const domain::AuditHasher& hasher_;
    std::unique_ptr<search::SqliteSearchIndex> index_;
    std::shared_ptr<spdlog::logger> logger_;

    std::atomic<std::int64_t> indexed_through_{0};
    std::atomic<std::int64_t> durable_through_{0};  // what was queued at the start was on disk then
    std::atomic<std::int64_t> rebuild_remaining_{0};
    std::int64_t rebuild_cursor_ = 0;

    std::mutex mutex_;
    std::condition_variable wake_;      // the thread: work queued, or stop
    std::condition_variable progress_;  // WaitFor callers
    int waiters_ = 0;  // searches waiting in WaitFor: index at once rather than gather a larger batch
    bool pending_ = true;  // look at the queue (and a rebuild) at once on start
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace kesu::storage::sqlite
