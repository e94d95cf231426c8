#include "storage/sqlite/sqlite_database.hpp"

#include <pthread.h>

#include <cstdio>
#include <exception>
#include <future>
#include <unordered_set>

#include "storage/sqlite/sqlite_transaction.hpp"

#include <algorithm>

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
    // (96 MB: creation at 1M complaints +23 %, docs/performance.md). A WAL grown by one big transaction (an index
    // rebuild) is cut back to 64 MB after the next checkpoint.
    if (writer)
        pragmas += "PRAGMA cache_size = -98304; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                   "PRAGMA wal_autocheckpoint = 4000; PRAGMA journal_size_limit = 67108864;";
    return connection.Exec(pragmas);
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
    auto writer = Connection::Open(options.path, Connection::Mode::kReadWrite);
    if (!writer) return std::unexpected(writer.error());
    if (auto configured = Configure(**writer, true); !configured) return std::unexpected(configured.error());
    int version = 0;
    if (options.apply_migrations) {
        auto report = ApplyMigrations(**writer);
        if (!report) return std::unexpected(report.error());
        version = report->to_version;
    }
    auto normalizer = search::TextNormalizer::Create();
    if (!normalizer) return std::unexpected(normalizer.error());
    std::unique_ptr<SqliteDatabase> database(
        new SqliteDatabase(options, cipher, hasher, std::move(*normalizer), std::move(*writer)));
    database->schema_version_ = version;
    if (options.apply_migrations) {
        auto& search = *database->writer_connection_.search;
        if (auto schema = search.CreateSchema(); !schema) {
            // Built by an older analyzer: rebuilt from the complaints by the backfill below.
            if (schema.error().code != ErrorCode::kConflict) return std::unexpected(schema.error());
            std::fprintf(stderr, "kesu: %s; rebuilding the search index\n", schema.error().message.c_str());
            if (auto rebuilt = search.DropAndCreateSchema(); !rebuilt) return std::unexpected(rebuilt.error());
        }
        if (auto filled = database->BackfillSearchIndex(); !filled) return std::unexpected(filled.error());
        // Statistics for the query planner (cheap: it only analyses tables whose contents changed a lot).
        (void)database->writer_connection_.connection->Exec("PRAGMA optimize=0x10002");
    }
    database->writer_ = std::thread([raw = database.get()] { raw->RunWriter(); });
    return database;
}

SqliteDatabase::SqliteDatabase(SqliteOptions options, const crypto::PiiCipher& cipher,
                               const domain::AuditHasher& hasher, search::TextNormalizer normalizer,
                               std::unique_ptr<Connection> writer)
    : options_(std::move(options)), cipher_(cipher), hasher_(hasher), normalizer_(std::move(normalizer)) {
    writer_connection_ = Pool(std::move(writer));
}

SqliteDatabase::PooledConnection SqliteDatabase::Pool(std::unique_ptr<Connection> connection) const {
    // Customer names are indexed as keyed hashes of their tokens, never in clear.
    const crypto::PiiCipher& cipher = cipher_;
    auto hasher = [&cipher](std::string_view token) { return cipher.BlindIndex("name-token", token); };
    auto index = std::make_unique<search::SqliteSearchIndex>(connection->Handle(), normalizer_, hasher);
    return PooledConnection{std::move(connection), std::move(index)};
}

domain::Result<std::int64_t> SqliteDatabase::BackfillSearchIndex() {
    Connection& connection = *writer_connection_.connection;
    auto gap = FirstRow<std::int64_t>(
        connection.Query("SELECT (SELECT count(*) FROM complaints) - (SELECT count(*) FROM search_doc)"),
        [](const Statement& row) { return row.Int(0); }, "");
    if (!gap) return std::unexpected(gap.error());
    if (*gap == 0) return 0;
    auto missing = CollectRows<std::int64_t>(
        connection.Query("SELECT id FROM complaints WHERE id NOT IN (SELECT doc_id FROM search_doc) ORDER BY id"),
        [](const Statement& row) { return row.Int(0); });
    if (!missing) return std::unexpected(missing.error());
    constexpr std::size_t kBatch = 1000;
    for (std::size_t start = 0; start < missing->size(); start += kBatch) {
        if (auto begun = connection.Exec("BEGIN IMMEDIATE"); !begun) return std::unexpected(begun.error());
        std::vector<search::IndexedDocument> documents;
        SqliteTransaction tx(connection, *writer_connection_.search, cipher_, hasher_, nullptr, &documents);
        auto& complaints = static_cast<SqliteComplaintRepository&>(tx.Complaints());
        for (std::size_t i = start; i < std::min(start + kBatch, missing->size()); ++i) {
            if (auto indexed = complaints.Reindex((*missing)[i]); !indexed) {
                (void)connection.Exec("ROLLBACK");
                return std::unexpected(indexed.error());
            }
        }
        if (auto written = writer_connection_.search->UpsertAll(documents); !written) {
            (void)connection.Exec("ROLLBACK");
            return std::unexpected(written.error());
        }
        if (auto committed = connection.Exec("COMMIT"); !committed) return std::unexpected(committed.error());
    }
    return static_cast<std::int64_t>(missing->size());
}

SqliteDatabase::~SqliteDatabase() {
    {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queue_ready_.notify_all();
    if (writer_.joinable()) writer_.join();
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
    {
        std::lock_guard lock(queue_mutex_);
        if (stopping_) return Fail(ErrorCode::kUnavailable, "the database is shutting down");
        queue_.push_back(&pending);
    }
    queue_ready_.notify_one();
    return done.get();
}

void SqliteDatabase::RunWriter() {
    pthread_setname_np(pthread_self(), "kesu-writer");  // shown by top -H and perf
    std::vector<PendingWrite*> batch;
    for (;;) {
        {
            std::unique_lock lock(queue_mutex_);
            queue_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and everything queued has been written
            while (!queue_.empty() && batch.size() < static_cast<std::size_t>(options_.max_batch)) {
                batch.push_back(queue_.front());
                queue_.pop_front();
            }
        }
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
    std::vector<domain::ComplaintChange> changes;
    // Full-text entries are written once per batch, after every write's savepoint: FTS5 flushes its pending terms
    // into a new segment at each savepoint, so indexing inside them cost a segment (and later merges) per write.
    std::vector<search::IndexedDocument> index_updates;
    SqliteTransaction tx(connection, *writer_connection_.search, cipher_, hasher_, &changes, &index_updates);
    bool transaction_lost = false;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (transaction_lost) {
            results[i] = Fail(ErrorCode::kUnavailable, "the write could not be committed");
            continue;
        }
        if (auto saved = connection.Exec("SAVEPOINT kesu_write"); !saved) {
            results[i] = std::unexpected(saved.error());
            continue;
        }
        std::size_t changes_before = changes.size();
        std::size_t index_updates_before = index_updates.size();
        results[i] = RunGuarded(*batch[i]->work, tx);
        if (!results[i]) {
            (void)connection.Exec("ROLLBACK TO kesu_write");
            changes.resize(changes_before);  // rolled back: nothing to announce
            index_updates.resize(index_updates_before);
        }
        (void)connection.Exec("RELEASE kesu_write");
        // Some errors (disk full, I/O) make SQLite roll the whole transaction back: nothing before is written.
        transaction_lost = sqlite3_get_autocommit(connection.Handle()) != 0;
    }
    if (!transaction_lost) {
        if (auto indexed = WriteIndexUpdates(index_updates); !indexed) {
            (void)connection.Exec("ROLLBACK");
            for (auto& result : results)
                if (result) result = std::unexpected(indexed.error());
            for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->done.set_value(std::move(results[i]));
            return;
        }
    }
    auto committed = transaction_lost ? domain::Result<void>(Fail(ErrorCode::kUnavailable, "transaction rolled back"))
                                      : connection.Exec("COMMIT");
    if (!committed) {
        (void)connection.Exec("ROLLBACK");
        for (auto& result : results)
            if (result) result = Fail(ErrorCode::kUnavailable, "the write could not be committed");
    }
    CommitObserver observer;
    std::vector<Listener> listeners;
    {
        std::lock_guard lock(queue_mutex_);
        observer = commit_observer_;
        listeners = listeners_;
    }
    if (observer && committed) observer(batch.size());
    if (committed)
        for (const auto& change : changes)
            for (const auto& listener : listeners) listener(change);
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->done.set_value(std::move(results[i]));
}

domain::Result<void> SqliteDatabase::WriteIndexUpdates(std::vector<search::IndexedDocument>& updates) {
    // A complaint changed twice in one batch is indexed once, as it was last.
    std::unordered_set<std::int64_t> seen;
    std::vector<search::IndexedDocument> latest;
    for (auto it = updates.rbegin(); it != updates.rend(); ++it)
        if (seen.insert(it->doc_id).second) latest.push_back(std::move(*it));
    return writer_connection_.search->UpsertAll(latest);
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
    SqliteTransaction tx(connection, *reader->search, cipher_, hasher_);
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
    sqlite3_backup* backup = sqlite3_backup_init((*destination)->Handle(), "main", source->connection->Handle(), "main");
    if (backup == nullptr) {
        ReleaseReader(std::move(*source));
        return std::unexpected(ErrorFrom(sqlite3_errcode((*destination)->Handle()), (*destination)->Handle(), "backup"));
    }
    int rc = sqlite3_backup_step(backup, -1);  // one step: a consistent snapshot of the reader's view
    sqlite3_backup_finish(backup);
    ReleaseReader(std::move(*source));
    if (rc != SQLITE_DONE) return std::unexpected(ErrorFrom(rc, nullptr, "backup"));
    return (*destination)->Exec("PRAGMA journal_mode = DELETE");
}

}  // namespace kesu::storage::sqlite
