// The storage contract on SQLite, plus what only SQLite can show (triggers on the audit table, WAL mode).
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "crypto/pii_cipher.hpp"
#include "crypto/sha256_audit_hasher.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/storage_contract.hpp"

namespace kesu::storage_contract {
namespace {

class SqliteBackend final : public Backend {
public:
    SqliteBackend()
        : directory_(std::filesystem::temp_directory_path() /
                     ("kesu-contract-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))),
          cipher_(std::string(32, 'k')) {
        std::filesystem::remove_all(directory_);
        std::filesystem::create_directories(directory_);
    }
    ~SqliteBackend() override { std::filesystem::remove_all(directory_); }

    std::unique_ptr<domain::Database> Open() override { return Reopen(); }
    std::unique_ptr<domain::Database> Reopen() override { return OpenWith(true); }
    // Without the background indexer: what a crash leaves when changes were committed but not yet indexed.
    std::unique_ptr<domain::Database> OpenWith(bool search_indexer,
                                               std::function<domain::Result<void>()> sync_log = nullptr) {
        storage::sqlite::SqliteOptions options;
        options.search_indexer = search_indexer;
        options.sync_log = std::move(sync_log);
        return OpenSqlite(options);
    }
    std::unique_ptr<storage::sqlite::SqliteDatabase> OpenSqlite(storage::sqlite::SqliteOptions options) {
        options.path = (directory_ / "kesu.db").string();
        auto database = storage::sqlite::SqliteDatabase::Open(options, cipher_, hasher_);
        EXPECT_TRUE(database.has_value()) << (database ? "" : database.error().message);
        return database ? std::move(*database) : nullptr;
    }
    std::string Name() const override { return "sqlite"; }
    void RunSql(const std::string& sql) override {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(Path().c_str(), &db), SQLITE_OK);
        char* message = nullptr;
        int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
        EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (message ? message : "");
        sqlite3_free(message);
        sqlite3_close(db);
    }
    std::string Path() const { return (directory_ / "kesu.db").string(); }
    std::string SearchPath() const { return (directory_ / "kesu.search.db").string(); }

private:
    static inline int counter_ = 0;
    std::filesystem::path directory_;
    crypto::PiiCipher cipher_;
    crypto::Sha256AuditHasher hasher_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, StorageContract,
                         ::testing::Values(BackendFactory([] { return std::make_unique<SqliteBackend>(); })),
                         [](const auto&) { return std::string("sqlite"); });

int Exec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc;
}

TEST(SqliteStorage, TheAuditTableRefusesUpdatesAndDeletes) {
    SqliteBackend backend;
    auto db = backend.Open();
    ASSERT_TRUE(db->Write([](domain::Transaction& tx) {
        domain::AuditEvent event;
        event.actor_name = "x";
        event.action = "login";
        return tx.Audit().Append(event);
    }));
    EXPECT_NE(Exec(backend.Path(), "UPDATE audit_events SET text = 'forged'"), SQLITE_OK);
    EXPECT_NE(Exec(backend.Path(), "DELETE FROM audit_events"), SQLITE_OK);
}

TEST(SqliteStorage, PersonalDataIsEncryptedAtRest) {
    SqliteBackend backend;
    auto db = backend.Open();
    ASSERT_TRUE(db->Write([](domain::Transaction& tx) {
        domain::Complaint c;
        c.number = "TS-ENC";
        c.subject = "s";
        c.description = "d";
        c.complainant.name = "张三丰";
        c.complainant.phone = "13812345678";
        c.complainant.customer_id = "VIP-20231100042";
        return tx.Complaints().Insert(c);
    }));
    db.reset();
    sqlite3* raw = nullptr;
    sqlite3_open(backend.Path().c_str(), &raw);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(raw, "SELECT pii, masked_name, phone_index, customer_id, customer_index FROM complaints", -1,
                       &statement, nullptr);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
    std::string sealed(static_cast<const char*>(sqlite3_column_blob(statement, 0)),
                       static_cast<std::size_t>(sqlite3_column_bytes(statement, 0)));
    std::string masked(reinterpret_cast<const char*>(sqlite3_column_text(statement, 1)));
    std::string phone_index(reinterpret_cast<const char*>(sqlite3_column_text(statement, 2)));
    std::string customer_id(reinterpret_cast<const char*>(sqlite3_column_text(statement, 3)));
    std::string customer_index(reinterpret_cast<const char*>(sqlite3_column_text(statement, 4)));
    sqlite3_finalize(statement);
    sqlite3_close(raw);
    EXPECT_EQ(sealed.find("13812345678"), std::string::npos);
    EXPECT_EQ(sealed.find("张三丰"), std::string::npos);
    EXPECT_EQ(sealed.find("20231100042"), std::string::npos);
    EXPECT_EQ(masked, "张**");
    EXPECT_EQ(phone_index.find("138"), std::string::npos);
    EXPECT_EQ(customer_id, "") << "a customer number is personal data: never stored in clear";
    EXPECT_FALSE(customer_index.empty());
    EXPECT_EQ(customer_index.find("20231100042"), std::string::npos);
}

domain::Complaint Filed(const std::string& number, const std::string& description) {
    domain::Complaint c;
    c.number = number;
    c.subject = "投诉";
    c.description = description;
    c.complainant.name = "王五";
    return c;
}

domain::SearchResultPage SearchPage(domain::Database& db, const std::string& text) {
    domain::SearchRequest search;
    search.text = text;
    search.filters.scope.all = true;
    search.filters.limit = 50;
    auto page = domain::ReadValue<domain::SearchResultPage>(
        db, [&](domain::Transaction& tx) { return tx.Complaints().Search(search); });
    EXPECT_TRUE(page.has_value()) << page.error().message;
    return page ? std::move(*page) : domain::SearchResultPage{};
}

std::set<std::string> Numbers(const domain::SearchResultPage& page) {
    std::set<std::string> numbers;
    for (const auto& hit : page.items) numbers.insert(hit.summary.number);
    return numbers;
}

// The numbers found; the search must have seen every change committed before it.
std::set<std::string> Found(domain::Database& db, const std::string& text) {
    auto page = SearchPage(db, text);
    EXPECT_FALSE(page.incomplete);
    return Numbers(page);
}

// A search whose wait for the indexer times out answers from the index as it is and says the page may be incomplete
// (the indexer is held back here, as a starved one would be); once the indexer catches up, the page is complete.
TEST(SqliteStorage, ASearchPastItsWaitForTheIndexSaysItMayBeIncomplete) {
    SqliteBackend backend;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<bool> holding{true};
    storage::sqlite::SqliteOptions options;
    options.search_wait = std::chrono::milliseconds{100};
    options.before_index_batch = [released, &holding] {
        if (holding) released.wait();
    };
    auto db = backend.OpenSqlite(options);
    ASSERT_NE(db, nullptr);
    struct Release {
        std::promise<void>& promise;
        std::atomic<bool>& holding;
        ~Release() {
            if (holding.exchange(false)) promise.set_value();
        }
    } release_at_exit{release, holding};
    ASSERT_TRUE(db->Write([](domain::Transaction& tx) {
        auto c = Filed("TS-W1", "快递包裹丢失了");
        return tx.Complaints().Insert(c);
    }));

    auto held = SearchPage(*db, "包裹丢失");
    EXPECT_TRUE(held.incomplete);
    EXPECT_TRUE(held.items.empty());
    EXPECT_GE(db->SearchWaitTimeouts(), 1);

    holding = false;
    release.set_value();
    domain::SearchResultPage page;
    for (int attempt = 0; attempt < 300; ++attempt) {  // each waits up to search_wait for the indexer
        page = SearchPage(*db, "包裹丢失");
        if (!page.incomplete) break;
    }
    EXPECT_FALSE(page.incomplete);
    EXPECT_EQ(Numbers(page), (std::set<std::string>{"TS-W1"}));
}

// A change is committed with its place in the indexing queue; if kesu stops before the indexer took it in, the
// next start indexes it. A search waits for the indexer, so it sees every change committed before it.
TEST(SqliteStorage, ChangesCommittedBeforeTheIndexerRanAreIndexedAtTheNextStart) {
    SqliteBackend backend;
    auto first = backend.Open();
    ASSERT_TRUE(first->Write([](domain::Transaction& tx) {
        auto c = Filed("TS-Q1", "快递包裹丢失了");
        return tx.Complaints().Insert(c);
    }));
    EXPECT_EQ(Found(*first, "包裹丢失"), (std::set<std::string>{"TS-Q1"}));
    first.reset();

    auto without_indexer = backend.OpenWith(false);
    ASSERT_TRUE(without_indexer->Write([](domain::Transaction& tx) {
        auto c = Filed("TS-Q2", "包裹丢失，客服不回复");
        return tx.Complaints().Insert(c);
    }));
    without_indexer.reset();

    auto again = backend.Open();
    EXPECT_EQ(Found(*again, "包裹丢失"), (std::set<std::string>{"TS-Q1", "TS-Q2"}));
    // An update is queued like an insert: the entry follows the new text.
    ASSERT_TRUE(again->Write([](domain::Transaction& tx) -> domain::Result<void> {
        auto c = tx.Complaints().GetByNumber("TS-Q2");
        if (!c) return std::unexpected(c.error());
        c->description = "发票开错了";
        int version = c->version;
        c->version += 1;
        return tx.Complaints().Update(*c, version);
    }));
    EXPECT_EQ(Found(*again, "包裹丢失"), (std::set<std::string>{"TS-Q1"}));
    EXPECT_EQ(Found(*again, "发票"), (std::set<std::string>{"TS-Q2"}));
}

// The search file is derived data: deleted (or from an older analyzer), it is rebuilt from the complaints.
TEST(SqliteStorage, ADeletedSearchFileIsRebuiltFromTheComplaints) {
    SqliteBackend backend;
    auto db = backend.Open();
    for (int i = 0; i < 30; ++i) {
        ASSERT_TRUE(db->Write([i](domain::Transaction& tx) {
            auto c = Filed("TS-R" + std::to_string(i), i % 3 == 0 ? "退款一直没有到账" : "物流太慢");
            return tx.Complaints().Insert(c);
        }));
    }
    EXPECT_EQ(Found(*db, "退款").size(), 10u);
    db.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(backend.SearchPath() + suffix);

    db = backend.Open();
    // The rebuild runs in the background (searches do not wait for it, but say they may be incomplete until it
    // ends); give it a moment, bounded.
    domain::SearchResultPage refunds;
    for (int attempt = 0; attempt < 500; ++attempt) {
        refunds = SearchPage(*db, "退款");
        if (!refunds.incomplete) break;
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    EXPECT_FALSE(refunds.incomplete);
    EXPECT_EQ(refunds.items.size(), 10u);
    EXPECT_EQ(Found(*db, "物流").size(), 20u);
}

// Group commit with the fsync beside the writer: a write returns only after the log sync that followed its commit.
TEST(SqliteStorage, AWriteIsAcknowledgedOnlyOnceTheLogIsSynced) {
    SqliteBackend backend;
    std::atomic<bool> hold{false};
    std::promise<void> sync_entered;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<int> syncs{0};
    auto db = backend.OpenWith(false, [&]() -> domain::Result<void> {
        ++syncs;
        if (hold.exchange(false)) {
            sync_entered.set_value();
            released.wait();
        }
        return {};
    });
    ASSERT_NE(db, nullptr);
    hold = true;
    auto written = std::async(std::launch::async, [&] {
        return db->Write([](domain::Transaction& tx) {
            auto c = Filed("TS-D1", "电池鼓包");
            return tx.Complaints().Insert(c);
        });
    });
    sync_entered.get_future().wait();
    // Committed, and visible to readers, but the log is not yet on disk: the caller is still waiting.
    EXPECT_EQ(written.wait_for(std::chrono::seconds{0}), std::future_status::timeout);
    auto seen = domain::ReadValue<domain::Complaint>(
        *db, [](domain::Transaction& tx) { return tx.Complaints().GetByNumber("TS-D1"); });
    EXPECT_TRUE(seen.has_value());
    release.set_value();
    auto result = written.get();
    EXPECT_TRUE(result.has_value()) << result.error().message;
    // Later writes are synced the same way, each acknowledged after a sync.
    int before = syncs.load();
    ASSERT_TRUE(db->Write([](domain::Transaction& tx) {
        auto c = Filed("TS-D2", "屏幕碎裂");
        return tx.Complaints().Insert(c);
    }));
    EXPECT_GT(syncs.load(), before);
}

// A failed fsync may have lost the pages it was to write, and the kernel may report the next one clean: the write
// fails, and so does every later one, until kesu restarts and recovers from the disk.
TEST(SqliteStorage, AFailedLogSyncFailsTheWriteAndRefusesEveryLaterOne) {
    SqliteBackend backend;
    std::atomic<bool> broken{false};
    auto db = backend.OpenWith(false, [&]() -> domain::Result<void> {
        if (broken) return domain::Fail(domain::ErrorCode::kUnavailable, "cannot sync kesu.db-wal: Input/output error");
        return {};
    });
    ASSERT_NE(db, nullptr);
    auto insert = [](const std::string& number) {
        return [number](domain::Transaction& tx) {
            auto c = Filed(number, "退款");
            return tx.Complaints().Insert(c);
        };
    };
    ASSERT_TRUE(db->Write(insert("TS-F1")));
    EXPECT_EQ(db->WriteRefusal(), "");
    broken = true;
    auto failed = db->Write(insert("TS-F2"));
    ASSERT_FALSE(failed.has_value());
    EXPECT_EQ(failed.error().code, domain::ErrorCode::kUnavailable);
    broken = false;  // the disk seems fine again: kesu still refuses until restarted
    auto refused = db->Write(insert("TS-F3"));
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, domain::ErrorCode::kUnavailable);
    EXPECT_EQ(db->WriteRefusal(), "log_sync_failed") << "health checks and metrics name why writes are refused";
    db.reset();
    auto restarted = backend.Open();
    EXPECT_TRUE(restarted->Write(insert("TS-F4")));
    EXPECT_EQ(restarted->WriteRefusal(), "");
}

// Issue 13, finding 2: a flood of idle connections used every descriptor, the log syncer could not open the log to
// sync it, and every later write was refused until a restart. The log is now synced through a descriptor kept open.
TEST(SqliteStorage, WritesAreDurableWhenTheProcessHasNoDescriptorLeft) {
    SqliteBackend backend;
    auto db = backend.Open();
    ASSERT_NE(db, nullptr);
    auto insert = [](const std::string& number) {
        return [number](domain::Transaction& tx) {
            auto c = Filed(number, "退款");
            return tx.Complaints().Insert(c);
        };
    };
    ASSERT_TRUE(db->Write(insert("TS-N1")));
    rlimit original{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &original), 0);
    // Use up every descriptor below a lowered soft limit (the hard limit stays, so it can be restored).
    std::vector<int> taken{::open("/dev/null", O_RDONLY)};
    ASSERT_GE(taken[0], 0);
    rlimit lowered = original;
    lowered.rlim_cur = std::min<rlim_t>(original.rlim_cur, 4096);
    ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &lowered), 0);
    for (int descriptor = ::dup(taken[0]); descriptor >= 0; descriptor = ::dup(taken[0])) taken.push_back(descriptor);
    const int exhausted = errno;
    auto written = db->Write(insert("TS-N2"));
    auto refusal = db->WriteRefusal();
    for (int descriptor : taken) ::close(descriptor);
    ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &original), 0);
    EXPECT_EQ(exhausted, EMFILE);
    EXPECT_TRUE(written.has_value()) << written.error().message;
    EXPECT_EQ(refusal, "");
    EXPECT_TRUE(db->Write(insert("TS-N3")));
}

// Batches of up to 10, gathered for up to a minute: a write held back to gather would stall the test.
storage::sqlite::SqliteOptions GatheringForAMinute() {
    storage::sqlite::SqliteOptions options;
    options.search_indexer = false;
    options.gather_writes = 10;
    options.gather_delay = std::chrono::minutes{1};
    return options;
}

// Gathering a batch (commit_delay) must never hold up a caller that is writing alone: with a minute-long gather
// delay, a sequential writer's writes each commit on their own at once.
TEST(SqliteStorage, ASequentialWriterIsNeverHeldBackToGatherABatch) {
    SqliteBackend backend;
    auto db = backend.OpenSqlite(GatheringForAMinute());
    ASSERT_NE(db, nullptr);
    std::vector<std::size_t> batches;
    db->SetCommitObserver([&](std::size_t size) { batches.push_back(size); });
    for (int i = 0; i < 30; ++i) {
        ASSERT_TRUE(db->Write([i](domain::Transaction& tx) {
            auto c = Filed("TS-S" + std::to_string(i), "退款");
            return tx.Complaints().Insert(c);
        }));
    }
    EXPECT_EQ(batches, std::vector<std::size_t>(30, 1));
}

// Under load the writer waits for more writes before it begins a batch, up to as many as have recently been in flight
// at once: three writers queued behind a busy writer go into one commit, not two.
TEST(SqliteStorage, WritesArrivingTogetherAreGatheredIntoOneCommit) {
    SqliteBackend backend;
    auto db = backend.OpenSqlite(GatheringForAMinute());
    ASSERT_NE(db, nullptr);
    std::mutex observed;
    std::vector<std::size_t> batches;
    db->SetCommitObserver([&](std::size_t size) {
        std::lock_guard lock(observed);
        batches.push_back(size);
    });
    auto insert = [&](const std::string& number) {
        return db->Write([number](domain::Transaction& tx) {
            auto c = Filed(number, "退款");
            return tx.Complaints().Insert(c);
        });
    };
    std::promise<void> entered;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    auto busy = std::async(std::launch::async, [&] {
        return db->Write([&](domain::Transaction& tx) {
            entered.set_value();
            released.wait();  // the writer is busy with this one while the others queue
            auto c = Filed("TS-G0", "退款");
            return tx.Complaints().Insert(c);
        });
    });
    entered.get_future().wait();
    auto first = std::async(std::launch::async, [&] { return insert("TS-G1"); });
    auto second = std::async(std::launch::async, [&] { return insert("TS-G2"); });
    while (db->PendingWrites() < 3) std::this_thread::yield();
    release.set_value();
    ASSERT_TRUE(busy.get());
    // Three were in flight at once, two are queued: the writer waits for a third rather than commit two.
    auto third = std::async(std::launch::async, [&] { return insert("TS-G3"); });
    EXPECT_TRUE(first.get());
    EXPECT_TRUE(second.get());
    EXPECT_TRUE(third.get());
    std::lock_guard lock(observed);
    EXPECT_EQ(batches, (std::vector<std::size_t>{1, 3}));
}

TEST(SqliteStorage, TheDatabaseRunsInWalModeWithFullSync) {
    SqliteBackend backend;
    auto db = backend.Open();
    db.reset();
    sqlite3* raw = nullptr;
    sqlite3_open(backend.Path().c_str(), &raw);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &statement, nullptr);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "wal");
    sqlite3_finalize(statement);
    sqlite3_close(raw);
}

}  // namespace
}  // namespace kesu::storage_contract
