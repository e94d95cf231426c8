#include "storage/sqlite/sqlite_database.hpp"

#include <pthread.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <future>

#include "storage/sqlite/sqlite_legacy_data.hpp"
#include "storage/sqlite/sqlite_transaction.hpp"

namespace kesu::storage::sqlite {

using domain::ErrorCode;
using domain::Fail;

struct SqliteDatabase::PendingWrite {
    const domain::TransactionWork* work;
    std::promise<domain::Result<void>> done;
};

namespace {

domain::Result<void> Configure(Connection& connection, bool writer) {
    std::string pragmas = "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16000;";
    // The writer touches index pages all over the file (blind indexes are random), so it gets a larger cache
    // (96 MB: creation at 1M complaints +23 %, docs/performance.md). A WAL grown by one big transaction is cut back
    // to 64 MB when it restarts. Checkpoints run on their own thread (RunCheckpointer), not after the writer's
    // commits.
    if (writer)
        pragmas +=
            "PRAGMA cache_size = -98304; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
            "PRAGMA journal_size_limit = 67108864;";
    return connection.Exec(pragmas);
}

// The SQLite trace callback behind SqliteOptions::slow_statement; `context` is the database's options.
int LogSlowStatement(unsigned type, void* context, void* statement, void* elapsed) {
    if (type != SQLITE_TRACE_PROFILE) return 0;
    const auto& options = *static_cast<const SqliteOptions*>(context);
    auto nanoseconds = *static_cast<sqlite3_int64*>(elapsed);
    if (std::chrono::nanoseconds{nanoseconds} >= options.slow_statement)
        options.logger->warn("slow SQL {:.1f} ms: {}", static_cast<double>(nanoseconds) / 1e6,
                             sqlite3_sql(static_cast<sqlite3_stmt*>(statement)));
    return 0;
}

domain::Result<void> RunGuarded(const domain::TransactionWork& work, domain::Transaction& tx) {
    try {
        return work(tx);
    } catch (const std::exception& e) {
        return Fail(ErrorCode::kInternal, std::string("unexpected exception in a write: ") + e.what());
    }
}

}  // namespace

domain::Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const SqliteOptions& options,
                                                                     const crypto::PiiCipher& cipher,
                                                                     const domain::AuditHasher& hasher) {
    // synchronous=FULL (Configure), the log's sync left to the LogSyncer (group_commit_vfs.hpp).
    auto writer = Connection::Open(options.path, Connection::Mode::kGroupCommitWriter);
    if (!writer) return std::unexpected(writer.error());
    std::shared_ptr<spdlog::logger> logger = options.logger;
    if (!logger) logger = std::make_shared<spdlog::logger>("kesu", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    if (auto configured = Configure(**writer, true); !configured) return std::unexpected(configured.error());
    int version = 0;
    if (options.apply_migrations) {
        auto report = ApplyMigrations(**writer);
        if (!report) return std::unexpected(report.error());
        version = report->to_version;
        if (auto sealed = SealLegacyCustomerIds(**writer, cipher); !sealed) return std::unexpected(sealed.error());
    }
    // The log's syncs are the LogSyncer's (group_commit_vfs.hpp); what migrations wrote is made durable here.
    LogSyncer::Sync sync = options.sync_log;
    if (!sync) sync = [log = std::make_shared<KeptFileSync>(options.path + "-wal")] { return log->SyncData(); };
    if (auto synced = sync(); !synced) return std::unexpected(synced.error());
    auto normalizer = search::TextNormalizer::Create();
    if (!normalizer) return std::unexpected(normalizer.error());
    std::unique_ptr<SqliteDatabase> database(
        new SqliteDatabase(options, cipher, hasher, std::move(*normalizer), std::move(*writer)));
    database->options_.logger = logger;
    database->WatchSlowStatements(*database->writer_connection_.connection);
    database->schema_version_ = version;
    if (options.apply_migrations) {
        // Statistics for the query planner (cheap: it only analyses tables whose contents changed a lot).
        (void)database->writer_connection_.connection->Exec("PRAGMA optimize=0x10002");
    }
    database->search_path_ = SearchFilePath(options.path);
    if (options.search_indexer) {
        auto indexer = SqliteSearchIndexer::Start(options.path, cipher, hasher, database->normalizer_, logger,
                                                  options.before_index_batch);
        if (!indexer) return std::unexpected(indexer.error());
        database->indexer_ = std::move(*indexer);
    }
    auto checkpoint_connection = Connection::Open(options.path, Connection::Mode::kReadWrite);
    if (!checkpoint_connection) return std::unexpected(checkpoint_connection.error());
    if (auto configured = (*checkpoint_connection)->Exec("PRAGMA synchronous = FULL"); !configured)
        return std::unexpected(configured.error());
    // A log restart waits at most about 5 ms for readers to leave the log (the writer waits that long), then gives up
    // until the next checkpoint.
    sqlite3_busy_handler((*checkpoint_connection)->Handle(),
                         [](void*, int attempts) {
                             if (attempts >= 25) return 0;
                             usleep(200);
                             return 1;
                         },
                         nullptr);
    // Replaces SQLite's automatic checkpoint on the writer's connection.
    sqlite3_wal_hook(database->writer_connection_.connection->Handle(), &SqliteDatabase::OnWalCommit, database.get());
    database->checkpointer_ =
        std::thread([raw = database.get(), connection = std::move(*checkpoint_connection)]() mutable {
            raw->RunCheckpointer(std::move(connection));
        });
    database->syncer_ = std::make_unique<LogSyncer>(std::move(sync), logger);
    database->writer_ = std::thread([raw = database.get()] { raw->RunWriter(); });
    return database;
}

SqliteDatabase::SqliteDatabase(SqliteOptions options, const crypto::PiiCipher& cipher,
                               const domain::AuditHasher& hasher, search::TextNormalizer normalizer,
                               std::unique_ptr<Connection> writer)
    : options_(std::move(options)), cipher_(cipher), hasher_(hasher), normalizer_(std::move(normalizer)) {
    writer_connection_ = Pool(std::move(writer));
}

void SqliteDatabase::WatchSlowStatements(Connection& connection) {
    // options_ outlives every connection (it is the first member).
    if (options_.slow_statement.count() > 0)
        sqlite3_trace_v2(connection.Handle(), SQLITE_TRACE_PROFILE, LogSlowStatement, &options_);
}

SqliteDatabase::PooledConnection SqliteDatabase::Pool(std::unique_ptr<Connection> connection) const {
    // Customer names are indexed as keyed hashes of their tokens, never in clear.
    const crypto::PiiCipher& cipher = cipher_;
    auto hasher = [&cipher](std::string_view token) { return cipher.BlindIndex("name-token", token); };
    auto index = std::make_unique<search::SqliteSearchIndex>(connection->Handle(), normalizer_, hasher);
    return PooledConnection{std::move(connection), std::move(index)};
}

SqliteDatabase::~SqliteDatabase() {
    {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queue_ready_.notify_all();
    if (writer_.joinable()) writer_.join();
    syncer_.reset();  // the last commits are synced and acknowledged before the writer's connection closes
    {
        std::lock_guard lock(checkpoint_mutex_);
        checkpointer_stopping_ = true;
    }
    checkpoint_wanted_.notify_all();
    if (checkpointer_.joinable()) checkpointer_.join();
}

int SqliteDatabase::OnWalCommit(void* self, sqlite3*, const char*, int pages) {
    constexpr int kCheckpointPages = 16000;  // about 64 MB of log
    if (pages < kCheckpointPages) return SQLITE_OK;
    auto* database = static_cast<SqliteDatabase*>(self);
    {
        std::lock_guard lock(database->checkpoint_mutex_);
        database->checkpoint_due_ = true;
    }
    database->checkpoint_wanted_.notify_one();
    return SQLITE_OK;
}

void SqliteDatabase::RunCheckpointer(std::unique_ptr<Connection> connection) {
    constexpr int kMaxLogFrames = 65536;  // 256 MB of log
    constexpr int kRestartBacklogFrames = 1000;
    pthread_setname_np(pthread_self(), "kesu-checkpoint");
    for (;;) {
        {
            std::unique_lock lock(checkpoint_mutex_);
            checkpoint_wanted_.wait(lock, [&] { return checkpointer_stopping_ || checkpoint_due_; });
            if (checkpointer_stopping_) return;
            checkpoint_due_ = false;
        }
        // PASSIVE: copies what no reader still needs, never waits for or blocks the writer.
        int log_frames = 0;
        int copied_frames = 0;
        int rc = sqlite3_wal_checkpoint_v2(connection->Handle(), "main", SQLITE_CHECKPOINT_PASSIVE, &log_frames,
                                           &copied_frames);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY) options_.logger->error("checkpoint failed: {}", sqlite3_errstr(rc));
        if (rc != SQLITE_OK || log_frames < kMaxLogFrames) continue;
        // The writer starts the log again from its beginning only when no reader holds a snapshot in it, which under
        // a steady load of reads may not happen for a long time: the log would grow without bound (1 GB in 12 s of
        // intake at full speed). Past kMaxLogFrames, copy until little is left, then hold the writer off between two
        // batches for a RESTART checkpoint, which copies the rest and waits briefly for readers to leave the log
        // (new ones read the database file); the writer's next commit then starts the log again.
        for (int round = 0; round < 4 && log_frames - copied_frames > kRestartBacklogFrames; ++round)
            rc = sqlite3_wal_checkpoint_v2(connection->Handle(), "main", SQLITE_CHECKPOINT_PASSIVE, &log_frames,
                                           &copied_frames);
        std::lock_guard writing(writing_mutex_);
        rc = sqlite3_wal_checkpoint_v2(connection->Handle(), "main", SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY) options_.logger->error("checkpoint failed: {}", sqlite3_errstr(rc));
    }
}

void SqliteDatabase::Subscribe(Listener listener) {
    std::lock_guard lock(queue_mutex_);
    listeners_.push_back(std::move(listener));
}

void SqliteDatabase::SetCommitObserver(CommitObserver observer) {
    std::lock_guard lock(queue_mutex_);
    commit_observer_ = std::move(observer);
}

domain::Result<void> SqliteDatabase::Write(const domain::TransactionWork& work) {
    PendingWrite pending{&work, {}};
    auto done = pending.done.get_future();
    bool wake = true;
    {
        std::lock_guard lock(queue_mutex_);
        if (stopping_) return Fail(ErrorCode::kUnavailable, "the database is shutting down");
        queue_.push_back(&pending);
        ++arrivals_;
        ++in_flight_;
        window_peak_in_flight_ = std::max(window_peak_in_flight_, in_flight_);
        // While the writer gathers a batch, wake it only once the batch is complete.
        wake = gather_target_ == 0 || queue_.size() >= gather_target_;
    }
    if (wake) queue_ready_.notify_one();
    auto result = done.get();
    std::lock_guard lock(queue_mutex_);
    --in_flight_;
    return result;
}

std::size_t SqliteDatabase::GatherAim() {
    constexpr auto kWindow = std::chrono::milliseconds{50};
    auto now = std::chrono::steady_clock::now();
    if (now - window_start_ >= kWindow) {
        std::chrono::duration<double> window = now - window_start_;
        arrival_rate_ = static_cast<double>(arrivals_ - window_arrivals_) / window.count();
        concurrency_ = window_peak_in_flight_;
        window_start_ = now;
        window_arrivals_ = arrivals_;
        window_peak_in_flight_ = in_flight_;
    }
    std::chrono::duration<double> so_far = now - window_start_;
    double rate = arrival_rate_;
    if (so_far.count() > 0) rate = std::max(rate, static_cast<double>(arrivals_ - window_arrivals_) / so_far.count());
    // Another write due within the delay, from a caller other than those already queued.
    if (rate * std::chrono::duration<double>(options_.gather_delay).count() < 1.0) return 0;
    std::size_t concurrent = std::max(concurrency_, window_peak_in_flight_);
    return std::min(static_cast<std::size_t>(std::max(options_.gather_writes, 0)), concurrent);
}

std::string SqliteDatabase::WriteRefusal() {
    return syncer_ && syncer_->Failed() ? "log_sync_failed" : "";
}

std::size_t SqliteDatabase::PendingWrites() {
    std::lock_guard lock(queue_mutex_);
    return in_flight_;
}

void SqliteDatabase::RunWriter() {
    pthread_setname_np(pthread_self(), "kesu-writer");  // shown by top -H and perf
    // Every change waits for this one thread, so it goes first when the cores are busy (+15 % creations at 1 M
    // complaints, docs/performance.md). Raising a priority needs CAP_SYS_NICE or an RLIMIT_NICE allowance
    // (docs/operations.md); without either the call fails and the writer keeps the default.
    (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), -10);
    std::vector<PendingWrite*> batch;
    for (;;) {
        {
            std::unique_lock lock(queue_mutex_);
            queue_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and everything queued has been written
            // Busy: wait a little for a larger batch (PostgreSQL's commit_delay). Each commit rewrites the last page
            // of every index it appends to, whatever the batch size, so ten writes per commit write fewer log pages
            // and take less CPU per write than five (docs/performance.md).
            if (std::size_t aim = GatherAim(); queue_.size() < aim) {
                gather_target_ = aim;
                queue_ready_.wait_for(lock, options_.gather_delay, [&] { return stopping_ || queue_.size() >= aim; });
                gather_target_ = 0;
            }
            while (!queue_.empty() && batch.size() < static_cast<std::size_t>(options_.max_batch)) {
                batch.push_back(queue_.front());
                queue_.pop_front();
            }
        }
        if (syncer_->Failed()) {
            for (auto* pending : batch)
                pending->done.set_value(
                    Fail(ErrorCode::kUnavailable, "the database log could not be synced; restart kesu"));
            batch.clear();
            continue;
        }
        std::lock_guard writing(writing_mutex_);
        CommitBatch(batch);
        batch.clear();
        // Keep the planner's statistics fresh as the data grows (SQLite's advice for long-lived connections).
        auto now = std::chrono::steady_clock::now();
        if (now - last_optimized_ > std::chrono::hours{1}) {
            (void)writer_connection_.connection->Exec("PRAGMA optimize");
            last_optimized_ = now;
        }
    }
}

void SqliteDatabase::CommitBatch(std::vector<PendingWrite*>& batch) {
    Connection& connection = *writer_connection_.connection;
    std::vector<domain::Result<void>> results(batch.size());
    auto begun = connection.Exec("BEGIN IMMEDIATE");
    if (!begun) {
        for (auto* pending : batch) pending->done.set_value(std::unexpected(begun.error()));
        return;
    }
    PruneSearchQueue(connection);
    std::vector<domain::ComplaintChange> changes;
    // Full-text entries are not written here: each changed complaint is queued for the indexer thread.
    SqliteTransaction tx(connection, *writer_connection_.search, cipher_, hasher_, &changes,
                         ComplaintIndexing{true, nullptr, {}});
    bool transaction_lost = false;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (transaction_lost) {
            results[i] = Fail(ErrorCode::kUnavailable, "the write could not be committed");
            continue;
        }
        if (auto saved = connection.Run("SAVEPOINT kesu_write"); !saved) {  // Run: prepared once, not parsed per write
            results[i] = std::unexpected(saved.error());
            continue;
        }
        std::size_t changes_before = changes.size();
        results[i] = RunGuarded(*batch[i]->work, tx);
        if (!results[i]) {
            (void)connection.Run("ROLLBACK TO kesu_write");
            changes.resize(changes_before);  // rolled back: nothing to announce
        }
        (void)connection.Run("RELEASE kesu_write");
        // Some errors (disk full, I/O) make SQLite roll the whole transaction back: nothing before is written.
        transaction_lost = sqlite3_get_autocommit(connection.Handle()) != 0;
    }
    // The indexer may take in this batch's queue entries once they are durable (a power loss could take them back).
    std::int64_t queued_through = 0;
    if (indexer_ && !transaction_lost)
        if (auto queued = LastQueuedChange(connection)) queued_through = *queued;
    auto committed = transaction_lost ? domain::Result<void>(Fail(ErrorCode::kUnavailable, "transaction rolled back"))
                                      : connection.Exec("COMMIT");
    if (!committed) {
        (void)connection.Exec("ROLLBACK");
        for (std::size_t i = 0; i < batch.size(); ++i)
            batch[i]->done.set_value(results[i] ? Fail(ErrorCode::kUnavailable, "the write could not be committed")
                                                : std::move(results[i]));
        return;
    }
    CommitObserver observer;
    std::vector<Listener> listeners;
    {
        std::lock_guard lock(queue_mutex_);
        observer = commit_observer_;
        listeners = listeners_;
    }
    // Acknowledged (and announced) on the syncer's thread once on disk; the writer goes on with the next batch.
    syncer_->Submit([this, batch = std::move(batch), results = std::move(results), changes = std::move(changes),
                     observer = std::move(observer), listeners = std::move(listeners),
                     queued_through](const domain::Result<void>& synced) mutable {
        if (synced) {
            if (observer) observer(batch.size());
            if (indexer_) indexer_->Notify(queued_through);
            for (const auto& change : changes)
                for (const auto& listener : listeners) listener(change);
        }
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (!synced && results[i])
                results[i] = Fail(ErrorCode::kUnavailable, "the write could not be confirmed on disk");
            batch[i]->done.set_value(std::move(results[i]));
        }
    });
}

void SqliteDatabase::PruneSearchQueue(Connection& connection) {
    if (!indexer_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_pruned_ < std::chrono::seconds{2}) return;
    last_pruned_ = now;
    (void)connection.Run("DELETE FROM search_queue WHERE id <= ?", indexer_->IndexedThrough());
}

bool SqliteDatabase::WaitForSearchIndex(Connection& reader) {
    if (!indexer_) return true;
    auto queued = LastQueuedChange(reader);
    const bool caught_up = queued && indexer_->WaitFor(*queued, options_.search_wait);
    // A rebuild (a new or deleted search file) runs in the background and is not waited for: until it ends, older
    // complaints may be missing.
    return caught_up && indexer_->RebuildRemaining() == 0;
}

std::int64_t SqliteDatabase::SearchBacklog() {
    if (!indexer_) return 0;
    auto reader = AcquireReader();
    if (!reader) return 0;
    auto queued = LastQueuedChange(*reader->connection);
    ReleaseReader(std::move(*reader));
    return queued ? std::max<std::int64_t>(*queued - indexer_->IndexedThrough(), 0) : 0;
}

domain::Result<SqliteDatabase::PooledConnection> SqliteDatabase::AcquireReader() {
    {
        std::lock_guard lock(readers_mutex_);
        if (!idle_readers_.empty()) {
            PooledConnection reader = std::move(idle_readers_.back());
            idle_readers_.pop_back();
            return reader;
        }
    }
    auto reader = Connection::Open(options_.path, Connection::Mode::kReadOnly);
    if (!reader) return std::unexpected(reader.error());
    if (auto configured = Configure(**reader, false); !configured) return std::unexpected(configured.error());
    WatchSlowStatements(**reader);
    // The full-text index, in its own file (absent for one-shot commands run before any serve).
    if (std::filesystem::exists(search_path_)) {
        if (auto attached = (*reader)->Run("ATTACH DATABASE ? AS search", search_path_); !attached)
            return std::unexpected(attached.error());
        // SQLite's default 2 MB page cache for the index: a larger one measured no faster and costs memory per reader.
    }
    return Pool(std::move(*reader));
}

void SqliteDatabase::ReleaseReader(PooledConnection reader) {
    std::lock_guard lock(readers_mutex_);
    if (idle_readers_.size() < static_cast<std::size_t>(options_.max_readers))
        idle_readers_.push_back(std::move(reader));
}

domain::Result<void> SqliteDatabase::Read(const domain::TransactionWork& work) {
    auto reader = AcquireReader();
    if (!reader) return std::unexpected(reader.error());
    Connection& connection = *reader->connection;
    if (auto begun = connection.Exec("BEGIN"); !begun) return std::unexpected(begun.error());
    ComplaintIndexing indexing;
    if (indexer_) indexing.before_search = [this, &connection] { return WaitForSearchIndex(connection); };
    SqliteTransaction tx(connection, *reader->search, cipher_, hasher_, nullptr, std::move(indexing));
    auto result = RunGuarded(work, tx);
    (void)connection.Exec(result ? "COMMIT" : "ROLLBACK");
    ReleaseReader(std::move(*reader));
    return result;
}

domain::Result<void> SqliteDatabase::BackupTo(const std::string& target) {
    auto destination = Connection::Open(target, Connection::Mode::kReadWrite);
    if (!destination) return std::unexpected(destination.error());
    auto source = AcquireReader();
    if (!source) return std::unexpected(source.error());
    sqlite3_backup* backup =
        sqlite3_backup_init((*destination)->Handle(), "main", source->connection->Handle(), "main");
    if (backup == nullptr) {
        ReleaseReader(std::move(*source));
        return std::unexpected(
            ErrorFrom(sqlite3_errcode((*destination)->Handle()), (*destination)->Handle(), "backup"));
    }
    int rc = sqlite3_backup_step(backup, -1);  // one step: a consistent snapshot of the reader's view
    sqlite3_backup_finish(backup);
    ReleaseReader(std::move(*source));
    if (rc != SQLITE_DONE) return std::unexpected(ErrorFrom(rc, nullptr, "backup"));
    return (*destination)->Exec("PRAGMA journal_mode = DELETE");
}

}  // namespace kesu::storage::sqlite
