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
// The thread runs on otherwise idle CPU (SCHED_IDLE) so intake goes first. A search that waits for it lifts it to an
// ordinary thread from the search's own thread (a starved thread cannot lift itself), so the wait ends as soon as the
// batch is written even on a machine whose cores are busy. Where raising a thread's priority is not allowed
// (no CAP_SYS_NICE or RLIMIT_NICE allowance, docs/operations.md) it runs at nice 10 instead, which nothing can
// starve.
//
// Thread-safety: Notify, WaitFor and the accessors from any thread.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
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
    // hears of rebuilds and failed batches. `before_batch` (tests): called on the indexer's thread before each batch
    // it takes from the queue.
    static domain::Result<std::unique_ptr<SqliteSearchIndexer>> Start(const std::string& core_path,
                                                                      const crypto::PiiCipher& cipher,
                                                                      const domain::AuditHasher& hasher,
                                                                      search::TextNormalizer normalizer,
                                                                      std::shared_ptr<spdlog::logger> logger,
                                                                      std::function<void()> before_batch = {});
    ~SqliteSearchIndexer();  // stops after the batch in hand; the rest waits in the queue for the next start
    SqliteSearchIndexer(const SqliteSearchIndexer&) = delete;
    SqliteSearchIndexer& operator=(const SqliteSearchIndexer&) = delete;

    // Queue entries up to `durable_through` are on disk (called once the writer's commit is synced). Entries past it
    // are left alone even if visible: a power loss could still take them back, leaving the index ahead of the queue.
    void Notify(std::int64_t durable_through);
    // Blocks until every queue entry up to `queue_id` is in the index, at most `timeout`. False on timeout (counted
    // in WaitTimeouts): the caller must not present what it reads from the index as complete.
    bool WaitFor(std::int64_t queue_id, std::chrono::milliseconds timeout);
    // The last queue entry whose change is in the index.
    std::int64_t IndexedThrough() const { return indexed_through_.load(); }
    // Complaints still to be added by a rebuild (0 when the index is complete).
    std::int64_t RebuildRemaining() const { return rebuild_remaining_.load(); }
    // WaitFor calls that timed out since the start.
    std::int64_t WaitTimeouts() const { return wait_timeouts_.load(); }

private:
    SqliteSearchIndexer(std::unique_ptr<Connection> connection, const crypto::PiiCipher& cipher,
                        const domain::AuditHasher& hasher, search::TextNormalizer normalizer,
                        std::shared_ptr<spdlog::logger> logger, std::function<void()> before_batch);
    domain::Result<void> Prepare();
    void Run();
    // The thread's scheduling: background (SCHED_IDLE) or an ordinary thread while a search waits. Lift is called
    // from the waiting search's thread, Lower from the indexer's own.
    void Lift();
    void Lower();
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
    std::atomic<std::int64_t> wait_timeouts_{0};
    std::function<void()> before_batch_;  // tests hold the index back in it

    std::atomic<pid_t> thread_id_{0};    // the indexer thread's kernel id, once it runs
    std::atomic<bool> can_lift_{false};  // raising the thread's priority is allowed here
    std::atomic<bool> lifted_{true};
    // Searches waiting in WaitFor: index at once rather than gather a larger batch, as an ordinary thread. Changed
    // outside mutex_ (before the waiter lifts the thread, which may hold mutex_ while starved); waiters notify
    // wake_ under mutex_, so the thread never misses one.
    std::atomic<int> waiters_{0};

    std::mutex mutex_;
    std::condition_variable wake_;      // the thread: work queued, or stop
    std::condition_variable progress_;  // WaitFor callers
    bool pending_ = true;               // look at the queue (and a rebuild) at once on start
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace kesu::storage::sqlite
