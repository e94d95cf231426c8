#include "storage/postgres/postgres_database.hpp"

#include <algorithm>
#include <exception>
#include <future>

#include "storage/postgres/postgres_legacy_data.hpp"
#include "storage/postgres/postgres_migrations.hpp"
#include "storage/postgres/postgres_transaction.hpp"

namespace kesu::storage::postgres {

using domain::ErrorCode;
using domain::Fail;

struct PostgresDatabase::PendingWrite {
    const domain::TransactionWork* work;
    std::promise<domain::Result<void>> done;
};

namespace {

// Advisory lock class of the write lock (the second key identifies the database and schema).
constexpr int kWriteLockClass = 0x6b657377;  // "kesw"

domain::Result<void> RunGuarded(const domain::TransactionWork& work, domain::Transaction& tx, Connection& connection) {
    domain::Result<void> result;
    try {
        result = work(tx);
    } catch (const std::exception& e) {
        result = Fail(ErrorCode::kInternal, std::string("unexpected exception in a transaction: ") + e.what());
    }
    // A failed statement whose error was not passed on still spoils the transaction: never report it as done.
    if (result && connection.InFailedTransaction())
        result = Fail(ErrorCode::kInternal, "a statement failed inside the transaction");
    if (result && connection.Broken()) result = Fail(ErrorCode::kUnavailable, "the database connection was lost");
    return result;
}

domain::Result<std::int64_t> LockKey(Connection& connection) {
    return FirstRow<std::int64_t>(
        connection.Query("SELECT hashtext(current_database() || '/' || COALESCE(current_schema(), ''))"),
        [](const Row& row) { return row.Int(0); }, "no lock key");
}

}  // namespace

domain::Result<std::unique_ptr<PostgresDatabase>> PostgresDatabase::Open(const PostgresOptions& options,
                                                                         const crypto::PiiCipher& cipher,
                                                                         const domain::AuditHasher& hasher) {
    auto writer = Connection::Open(options.url);
    if (!writer) return std::unexpected(writer.error());
    auto key = LockKey(**writer);
    if (!key) return std::unexpected(key.error());
    domain::Result<int> version = CurrentSchemaVersion(**writer);
    if (options.apply_migrations) {
        auto report = ApplyMigrations(**writer, *key);
        if (!report) return std::unexpected(report.error());
        version = report->to_version;
    }
    if (!version) return std::unexpected(version.error());
    auto normalizer = search::TextNormalizer::Create();
    if (!normalizer) return std::unexpected(normalizer.error());
    std::unique_ptr<PostgresDatabase> database(
        new PostgresDatabase(options, cipher, hasher, std::move(*normalizer), std::move(*writer), *key));
    database->schema_version_ = *version;
    if (options.apply_migrations) {
        if (auto filled = database->BackfillSearchIndex(); !filled) return std::unexpected(filled.error());
        if (auto sealed = SealLegacyCustomerIds(*database->writer_connection_, cipher, database->begin_write_); !sealed)
            return std::unexpected(sealed.error());
    }
    database->writer_ = std::thread([raw = database.get()] { raw->RunWriter(); });
    return database;
}

PostgresDatabase::PostgresDatabase(PostgresOptions options, const crypto::PiiCipher& cipher,
                                   const domain::AuditHasher& hasher, search::TextNormalizer normalizer,
                                   std::unique_ptr<Connection> writer, std::int64_t lock_key)
    : options_(std::move(options)),
      cipher_(cipher),
      hasher_(hasher),
      normalizer_(std::move(normalizer)),
      // Customer names are indexed as keyed hashes of their tokens, never in clear.
      customer_hasher_([&cipher](std::string_view token) { return cipher.BlindIndex("name-token", token); }),
      begin_write_("BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(" +
                   std::to_string(kWriteLockClass) + ", " + std::to_string(lock_key) + ")"),
      writer_connection_(std::move(writer)),
      change_feed_(options_.url) {}

PostgresDatabase::~PostgresDatabase() {
    {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queue_ready_.notify_all();
    if (writer_.joinable()) writer_.join();
}

void PostgresDatabase::Subscribe(Listener listener) { change_feed_.Subscribe(std::move(listener)); }

void PostgresDatabase::SetCommitObserver(CommitObserver observer) {
    std::lock_guard lock(queue_mutex_);
    commit_observer_ = std::move(observer);
}

domain::Result<std::unique_ptr<Connection>> PostgresDatabase::Connect(
    std::chrono::steady_clock::time_point deadline) const {
    auto pause = std::chrono::milliseconds{50};
    for (;;) {
        auto connection = Connection::Open(options_.url);
        if (connection || std::chrono::steady_clock::now() + pause > deadline) return connection;
        std::this_thread::sleep_for(pause);  // the server is restarting or failing over: wait for it
        pause = std::min(pause * 2, std::chrono::milliseconds{1000});
    }
}

domain::Result<std::int64_t> PostgresDatabase::BackfillSearchIndex() {
    Connection& connection = *writer_connection_;
    PostgresTransaction tx(connection, normalizer_, customer_hasher_, cipher_, hasher_, true);
    if (auto checked = tx.SearchIndex().CheckAnalyzerVersion(); !checked) return std::unexpected(checked.error());
    auto missing = CollectRows<std::int64_t>(
        connection.Query("SELECT id FROM complaints c WHERE NOT EXISTS "
                         "(SELECT 1 FROM search_doc d WHERE d.doc_id = c.id) ORDER BY id"),
        [](const Row& row) { return row.Int(0); });
    if (!missing) return std::unexpected(missing.error());
    constexpr std::size_t kBatch = 1000;
    for (std::size_t start = 0; start < missing->size(); start += kBatch) {
        if (auto begun = connection.Exec(begin_write_); !begun) return std::unexpected(begun.error());
        for (std::size_t i = start; i < std::min(start + kBatch, missing->size()); ++i) {
            if (auto indexed = tx.ComplaintStore().Reindex((*missing)[i]); !indexed) {
                (void)connection.Exec("ROLLBACK");
                return std::unexpected(indexed.error());
            }
        }
        if (auto committed = connection.Exec("COMMIT"); !committed) return std::unexpected(committed.error());
    }
    return static_cast<std::int64_t>(missing->size());
}

domain::Result<void> PostgresDatabase::Write(const domain::TransactionWork& work) {
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

void PostgresDatabase::RunWriter() {
    std::vector<PendingWrite*> batch;
    for (;;) {
        {
            std::unique_lock lock(queue_mutex_);
            queue_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and everything queued has been written
            while (!queue_.empty() && batch.size() < static_cast<std::size_t>(std::max(1, options_.max_batch))) {
                batch.push_back(queue_.front());
                queue_.pop_front();
            }
        }
        CommitBatch(batch);
        batch.clear();
    }
}

domain::Result<void> PostgresDatabase::BeginWrite() {
    const auto deadline = std::chrono::steady_clock::now() + options_.reconnect_wait;
    for (;;) {
        if (!writer_connection_ || writer_connection_->Broken()) {
            writer_connection_.reset();
            auto connection = Connect(deadline);
            if (!connection) return std::unexpected(connection.error());
            writer_connection_ = std::move(*connection);
        }
        auto begun = writer_connection_->Exec(begin_write_);
        if (begun) return begun;
        if (!writer_connection_->Broken()) {
            (void)writer_connection_->Exec("ROLLBACK");
            return begun;
        }
        if (std::chrono::steady_clock::now() > deadline) return begun;
    }
}

void PostgresDatabase::CommitBatch(std::vector<PendingWrite*>& batch) {
    std::vector<domain::Result<void>> results(batch.size());
    if (auto begun = BeginWrite(); !begun) {
        domain::Error error = begun.error();
        error.code = ErrorCode::kUnavailable;
        for (auto* pending : batch) pending->done.set_value(std::unexpected(error));
        return;
    }
    Connection& connection = *writer_connection_;
    std::vector<domain::ComplaintChange> changes;
    PostgresTransaction tx(connection, normalizer_, customer_hasher_, cipher_, hasher_, true, &changes);
    const bool alone = batch.size() == 1;  // no savepoint needed: the transaction is the write
    bool transaction_lost = false;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (transaction_lost) {
            results[i] = Fail(ErrorCode::kUnavailable, "the write could not be committed");
            continue;
        }
        if (!alone) {
            // Sent with the write's first statement: no round trip of its own.
            if (i > 0) connection.Defer("RELEASE SAVEPOINT kesu_write");
            connection.Defer("SAVEPOINT kesu_write");
        }
        const std::size_t changes_before = changes.size();
        results[i] = RunGuarded(*batch[i]->work, tx, connection);
        if (!results[i]) changes.resize(changes_before);  // rolled back: nothing to announce
        if (connection.Broken()) {
            transaction_lost = true;
        } else if (!results[i] && !alone) {
            transaction_lost = !connection.Exec("ROLLBACK TO SAVEPOINT kesu_write");
        }
    }
    const bool any_succeeded = std::any_of(results.begin(), results.end(), [](const auto& r) { return r.has_value(); });
    domain::Result<void> committed;
    if (transaction_lost || !any_succeeded) {
        if (!connection.Broken()) (void)connection.Exec("ROLLBACK");
        committed = Fail(ErrorCode::kUnavailable, "the write could not be committed");
    } else {
        // COMMIT of a transaction that failed inside answers "ROLLBACK": only "COMMIT" means it is durable.
        const std::string notify = PostgresChangeFeed::NotifySql(changes);
        auto tag = connection.ExecTag(notify.empty() ? "COMMIT" : notify + "; COMMIT");
        if (!tag) {
            committed = Fail(ErrorCode::kUnavailable,
                             "the database did not confirm the commit (" + tag.error().message + ")");
        } else if (*tag != "COMMIT") {
            committed = Fail(ErrorCode::kUnavailable, "the database rolled the write back");
        }
    }
    if (!committed) {
        for (auto& result : results)
            if (result) result = std::unexpected(committed.error());
    }
    CommitObserver observer;
    {
        std::lock_guard lock(queue_mutex_);
        observer = commit_observer_;
    }
    if (observer && committed) observer(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->done.set_value(std::move(results[i]));
}

domain::Result<std::unique_ptr<Connection>> PostgresDatabase::AcquireReader(
    std::chrono::steady_clock::time_point deadline) {
    {
        std::unique_lock lock(readers_mutex_);
        reader_free_.wait(lock, [&] { return !idle_readers_.empty() || open_readers_ < std::max(1, options_.pool_size); });
        if (!idle_readers_.empty()) {
            std::unique_ptr<Connection> reader = std::move(idle_readers_.back());
            idle_readers_.pop_back();
            return reader;
        }
        ++open_readers_;
    }
    auto reader = Connect(deadline);
    if (!reader) {
        std::lock_guard lock(readers_mutex_);
        --open_readers_;
        reader_free_.notify_one();
    }
    return reader;
}

void PostgresDatabase::ReleaseReader(std::unique_ptr<Connection> reader) {
    {
        std::lock_guard lock(readers_mutex_);
        if (reader && !reader->Broken()) idle_readers_.push_back(std::move(reader));
        else --open_readers_;
    }
    reader_free_.notify_one();
}

domain::Result<void> PostgresDatabase::Read(const domain::TransactionWork& work) {
    const auto deadline = std::chrono::steady_clock::now() + options_.reconnect_wait;
    std::unique_ptr<Connection> reader;
    for (;;) {
        auto acquired = AcquireReader(deadline);
        if (!acquired) return std::unexpected(acquired.error());
        reader = std::move(*acquired);
        auto begun = reader->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        if (begun) break;
        // A pooled connection that died while idle (server restart, failover): replace it and try again.
        const bool retry = reader->Broken() && std::chrono::steady_clock::now() < deadline;
        ReleaseReader(std::move(reader));
        if (!retry) return std::unexpected(begun.error());
    }
    PostgresTransaction tx(*reader, normalizer_, customer_hasher_, cipher_, hasher_, false);
    auto result = RunGuarded(work, tx, *reader);
    if (!reader->Broken()) (void)reader->Exec(result ? "COMMIT" : "ROLLBACK");
    ReleaseReader(std::move(reader));
    return result;
}

}  // namespace kesu::storage::postgres
