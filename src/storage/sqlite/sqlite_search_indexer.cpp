#include "storage/sqlite/sqlite_search_indexer.hpp"

#include <pthread.h>
#include <sched.h>
#include <spdlog/logger.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "storage/sqlite/sqlite_transaction.hpp"

namespace kesu::storage::sqlite {

using domain::ErrorCode;

namespace {

// Queue entries per transaction at most: a backlog is indexed in large batches (one FTS5 segment each), and a
// batch stays short enough that WaitFor callers see progress often, and small enough that catching up after a burst
// keeps the server under 300 MB (4,096 peaked at 309 MB, docs/performance.md).
constexpr int kQueueBatch = 2048;
constexpr int kRebuildBatch = 1000;
constexpr auto kPollInterval = std::chrono::seconds{1};  // also picks up entries queued by other processes
// After a notification, changes are gathered this long (unless a search is waiting): one FTS5 segment for many
// complaints costs far less per complaint than one for each commit batch.
constexpr auto kGatherTime = std::chrono::milliseconds{200};
// A waiting search lifts the thread again this often (it may have gone back to the background as the wait began).
constexpr auto kLiftInterval = std::chrono::milliseconds{50};

domain::Result<std::int64_t> ReadInt(Connection& connection, const std::string& sql) {
    auto statement = connection.Prepare(sql);
    if (!statement) return std::unexpected(statement.error());
    auto row = statement->Step();
    if (!row) return std::unexpected(row.error());
    return *row ? statement->Int(0) : 0;
}

void Report(spdlog::logger& logger, const char* what, const domain::Error& error) {
    logger.error("search indexer: {}: {}", what, error.message);
}

}  // namespace

domain::Result<std::int64_t> LastQueuedChange(Connection& connection, const std::string& schema) {
    return ReadInt(connection,
                   "SELECT coalesce((SELECT seq FROM " + schema + ".sqlite_sequence WHERE name = 'search_queue'), 0)");
}

std::string SearchFilePath(const std::string& database_path) {
    std::filesystem::path path(database_path);
    return (path.parent_path() / (path.stem().string() + ".search.db")).string();
}

SqliteSearchIndexer::SqliteSearchIndexer(std::unique_ptr<Connection> connection, const crypto::PiiCipher& cipher,
                                         const domain::AuditHasher& hasher, search::TextNormalizer normalizer,
                                         std::shared_ptr<spdlog::logger> logger, std::function<void()> before_batch)
    : connection_(std::move(connection)), cipher_(cipher), hasher_(hasher), logger_(std::move(logger)),
      before_batch_(std::move(before_batch)) {
    // Customer names are indexed as keyed hashes of their tokens, never in clear (as on every connection).
    auto customer_hasher = [&cipher](std::string_view token) { return cipher.BlindIndex("name-token", token); };
    index_ = std::make_unique<search::SqliteSearchIndex>(connection_->Handle(), std::move(normalizer), customer_hasher);
}

domain::Result<std::unique_ptr<SqliteSearchIndexer>> SqliteSearchIndexer::Start(
    const std::string& core_path, const crypto::PiiCipher& cipher, const domain::AuditHasher& hasher,
    search::TextNormalizer normalizer, std::shared_ptr<spdlog::logger> logger, std::function<void()> before_batch) {
    auto connection = Connection::Open(SearchFilePath(core_path), Connection::Mode::kReadWrite);
    if (!connection) return std::unexpected(connection.error());
    // Derived data: NORMAL is enough, a power loss at worst rolls back the last batches together with the position
    // they advanced, and they are indexed again.
    if (auto configured = (*connection)
                              ->Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                                     "PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY;");
        !configured)
        return std::unexpected(configured.error());
    if (auto attached = (*connection)->Run("ATTACH DATABASE ? AS core", core_path); !attached)
        return std::unexpected(attached.error());
    std::unique_ptr<SqliteSearchIndexer> indexer(new SqliteSearchIndexer(
        std::move(*connection), cipher, hasher, std::move(normalizer), std::move(logger), std::move(before_batch)));
    if (auto prepared = indexer->Prepare(); !prepared) return std::unexpected(prepared.error());
    indexer->thread_ = std::thread([raw = indexer.get()] { raw->Run(); });
    return indexer;
}

domain::Result<void> SqliteSearchIndexer::Prepare() {
    Connection& connection = *connection_;
    bool rebuilt = false;
    if (auto schema = index_->CreateSchema(); !schema) {
        if (schema.error().code != ErrorCode::kConflict) return std::unexpected(schema.error());
        logger_->warn("{}; rebuilding the search index", schema.error().message);
        if (auto dropped = index_->DropAndCreateSchema(); !dropped) return std::unexpected(dropped.error());
        rebuilt = true;
    }
    auto recorded = ReadInt(connection, "SELECT count(*) FROM search_meta WHERE key = 'queue_position'");
    auto position = ReadInt(connection, "SELECT CAST(value AS INTEGER) FROM search_meta WHERE key = 'queue_position'");
    auto queued = LastQueuedChange(connection, "core");
    if (!recorded || !position || !queued)
        return std::unexpected(!recorded ? recorded.error() : !position ? position.error() : queued.error());
    if (*recorded != 0 && *position > *queued && !rebuilt) {
        // The database is older than the index (restored from a backup): the index may hold changes it no longer has.
        logger_->warn("the search index is ahead of the database (restored?); rebuilding it");
        if (auto dropped = index_->DropAndCreateSchema(); !dropped) return std::unexpected(dropped.error());
        rebuilt = true;
    }
    if (*recorded == 0 || rebuilt) {
        // Everything queued so far is covered by the rebuild, which reads the complaints as they are now.
        if (auto saved = connection.Run("INSERT INTO search_meta (key, value) VALUES ('queue_position', ?) "
                                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                        std::to_string(*queued));
            !saved)
            return std::unexpected(saved.error());
        *position = *queued;
    }
    indexed_through_ = *position;
    durable_through_ = std::max(*queued, *position);
    // Complaints neither in the index nor queued after its position (new ones the queue will bring are not missing):
    // a search says it may be incomplete until a rebuild has added them.
    auto missing = connection.Query(
        "SELECT (SELECT count(*) FROM core.complaints) - (SELECT count(*) FROM search_doc) - "
        "(SELECT count(DISTINCT q.doc_id) FROM core.search_queue q WHERE q.id > ? "
        "AND NOT EXISTS (SELECT 1 FROM search_doc d WHERE d.doc_id = q.doc_id) "
        "AND EXISTS (SELECT 1 FROM core.complaints c WHERE c.id = q.doc_id))",
        *position);
    if (!missing) return std::unexpected(missing.error());
    auto row = missing->Step();
    if (!row) return std::unexpected(row.error());
    rebuild_remaining_ = *row ? std::max<std::int64_t>(missing->Int(0), 0) : 0;
    return {};
}

SqliteSearchIndexer::~SqliteSearchIndexer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    progress_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void SqliteSearchIndexer::Notify(std::int64_t durable_through) {
    {
        std::lock_guard lock(mutex_);
        if (durable_through > durable_through_.load()) durable_through_ = durable_through;
        pending_ = true;
    }
    wake_.notify_one();
}

bool SqliteSearchIndexer::WaitFor(std::int64_t queue_id, std::chrono::milliseconds timeout) {
    if (indexed_through_.load() >= queue_id) return true;
    // Lifted before taking mutex_: a background thread holding it may not run again for seconds on busy cores.
    ++waiters_;
    Lift();
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool caught_up = false;
    bool stopped = false;
    {
        std::unique_lock lock(mutex_);
        wake_.notify_one();
        for (;;) {
            // In slices: the thread may have put itself back in the background just as this wait began.
            const auto slice = std::min(deadline, std::chrono::steady_clock::now() + kLiftInterval);
            progress_.wait_until(lock, slice, [&] { return stopping_ || indexed_through_.load() >= queue_id; });
            caught_up = indexed_through_.load() >= queue_id;
            stopped = stopping_;
            if (caught_up || stopped || std::chrono::steady_clock::now() >= deadline) break;
            lock.unlock();
            Lift();
            lock.lock();
        }
    }
    --waiters_;
    if (!caught_up && !stopped) {
        ++wait_timeouts_;
        logger_->warn("a search waited {} ms for changes up to {} (indexed through {}); it answers from the index as "
                      "it is and says so",
                      timeout.count(), queue_id, indexed_through_.load());
    }
    return caught_up;
}

void SqliteSearchIndexer::Lift() {
    const pid_t thread = thread_id_.load();
    if (thread == 0 || !can_lift_.load()) return;
    sched_param none{};
    (void)sched_setscheduler(thread, SCHED_OTHER, &none);
    (void)setpriority(PRIO_PROCESS, static_cast<id_t>(thread), 0);
    lifted_ = true;
}

void SqliteSearchIndexer::Lower() {
    if (!can_lift_.load()) return;
    lifted_ = false;
    // Into SCHED_IDLE is always allowed; it runs only on CPU nothing else wants.
    sched_param none{};
    (void)sched_setscheduler(0, SCHED_IDLE, &none);
}

void SqliteSearchIndexer::Run() {
    pthread_setname_np(pthread_self(), "kesu-indexer");
    const auto self = static_cast<id_t>(gettid());
    // Background work: intake goes first and the index catches up after a burst (docs/performance.md). Only where a
    // waiting search can lift the thread again (raising a priority needs CAP_SYS_NICE or an RLIMIT_NICE allowance,
    // probed here with nice -1); elsewhere it stays an ordinary thread at nice 10.
    const bool can_lift = setpriority(PRIO_PROCESS, self, -1) == 0;
    (void)setpriority(PRIO_PROCESS, self, can_lift ? 0 : 10);
    can_lift_ = can_lift;
    thread_id_ = static_cast<pid_t>(self);
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, kPollInterval, [&] { return stopping_ || pending_ || waiters_.load() > 0; });
            if (pending_ && waiters_.load() == 0 && rebuild_remaining_.load() == 0)
                wake_.wait_for(lock, kGatherTime, [&] { return stopping_ || waiters_.load() > 0; });
            if (stopping_) return;
            pending_ = false;
        }
        // Outside mutex_, so a waiter is never held up by this thread once it is in the background.
        if (waiters_.load() == 0 && lifted_.load()) Lower();
        for (;;) {
            if (before_batch_) before_batch_();
            auto indexed = IndexQueued();
            if (!indexed) {
                Report(*logger_, "indexing queued changes", indexed.error());
                break;  // tried again at the next notification or poll
            }
            if (!*indexed) break;
            std::lock_guard lock(mutex_);
            if (stopping_) return;
        }
        if (rebuild_remaining_.load() > 0) {
            auto more = RebuildSome();
            if (!more)
                Report(*logger_, "rebuilding", more.error());
            else if (!*more)
                rebuild_remaining_ = 0;
            else {
                std::lock_guard lock(mutex_);
                pending_ = true;  // the next batch at once (queued changes first)
            }
        }
    }
}

domain::Result<bool> SqliteSearchIndexer::IndexQueued() {
    Connection& connection = *connection_;
    if (auto begun = connection.Exec("BEGIN"); !begun) return std::unexpected(begun.error());
    std::vector<std::int64_t> ids;
    std::set<std::int64_t> seen;
    std::int64_t last = indexed_through_.load();
    {
        auto rows =
            connection.Query("SELECT id, doc_id FROM core.search_queue WHERE id > ? AND id <= ? ORDER BY id LIMIT ?",
                             last, durable_through_.load(), kQueueBatch);
        if (!rows) {
            (void)connection.Exec("ROLLBACK");
            return std::unexpected(rows.error());
        }
        for (;;) {
            auto row = rows->Step();
            if (!row) {
                (void)connection.Exec("ROLLBACK");
                return std::unexpected(row.error());
            }
            if (!*row) break;
            last = rows->Int(0);
            if (seen.insert(rows->Int(1)).second) ids.push_back(rows->Int(1));
        }
    }
    if (ids.empty()) {
        (void)connection.Exec("ROLLBACK");
        return false;
    }
    if (auto indexed = IndexInTransaction(ids, last); !indexed) return std::unexpected(indexed.error());
    {
        std::lock_guard lock(mutex_);
        indexed_through_ = last;
    }
    progress_.notify_all();
    return true;
}

domain::Result<bool> SqliteSearchIndexer::RebuildSome() {
    Connection& connection = *connection_;
    if (auto begun = connection.Exec("BEGIN"); !begun) return std::unexpected(begun.error());
    auto ids = CollectRows<std::int64_t>(
        connection.Query("SELECT id FROM core.complaints c WHERE id > ? AND NOT EXISTS "
                         "(SELECT 1 FROM search_doc d WHERE d.doc_id = c.id) ORDER BY id LIMIT ?",
                         rebuild_cursor_, kRebuildBatch),
        [](const Statement& row) { return row.Int(0); });
    if (!ids) {
        (void)connection.Exec("ROLLBACK");
        return std::unexpected(ids.error());
    }
    if (ids->empty()) {
        (void)connection.Exec("ROLLBACK");
        return false;
    }
    if (auto indexed = IndexInTransaction(*ids, 0); !indexed) return std::unexpected(indexed.error());
    rebuild_cursor_ = ids->back();
    rebuild_remaining_ = std::max<std::int64_t>(rebuild_remaining_.load() - static_cast<std::int64_t>(ids->size()), 1);
    return true;
}

// Inside a read transaction begun by the caller: reads the documents, ends that transaction, and writes them into the
// search file in a second one. Reading first keeps the snapshot of kesu.db short: a reader holding one keeps the
// writer from starting its log again (sqlite_database.cpp, RunCheckpointer). `new_position` 0: the queue position
// stays. A change committed between the two is queued again behind this batch, so the index still converges.
domain::Result<void> SqliteSearchIndexer::IndexInTransaction(const std::vector<std::int64_t>& ids,
                                                             std::int64_t new_position) {
    Connection& connection = *connection_;
    auto fail = [&](const domain::Error& error) -> domain::Result<void> {
        (void)connection.Exec("ROLLBACK");
        return std::unexpected(error);
    };
    std::vector<search::IndexedDocument> documents;
    std::vector<std::int64_t> deleted;
    {
        SqliteTransaction tx(connection, *index_, cipher_, hasher_, nullptr, ComplaintIndexing{false, &documents, {}});
        auto& complaints = static_cast<SqliteComplaintRepository&>(tx.Complaints());
        for (std::int64_t id : ids) {
            if (auto built = complaints.Reindex(id); !built) {
                if (built.error().code != ErrorCode::kNotFound) return fail(built.error());
                deleted.push_back(id);
            }
        }
    }
    if (auto read = connection.Exec("COMMIT"); !read) return fail(read.error());
    // Deferred, not IMMEDIATE: that would also take kesu.db's write lock, which is the writer's.
    if (auto begun = connection.Exec("BEGIN"); !begun) return std::unexpected(begun.error());
    for (std::int64_t id : deleted)
        if (auto removed = index_->Remove(id); !removed) return fail(removed.error());
    if (auto written = index_->UpsertAll(documents); !written) return fail(written.error());
    if (new_position != 0) {
        if (auto saved = connection.Run("UPDATE search_meta SET value = ? WHERE key = 'queue_position'",
                                        std::to_string(new_position));
            !saved)
            return fail(saved.error());
    }
    if (auto committed = connection.Exec("COMMIT"); !committed) return fail(committed.error());
    return {};
}

}  // namespace kesu::storage::sqlite
