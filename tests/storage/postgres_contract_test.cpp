// The storage contract on PostgreSQL (each test on a fresh database made from KESU_TEST_PG_URL and dropped
// after), plus what only PostgreSQL shows: several nodes on one database, reconnecting, search on tsvector.
// Run through scripts/with-postgres.sh, which starts a throwaway cluster and sets KESU_TEST_PG_URL.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <set>
#include <thread>

#include "crypto/pii_cipher.hpp"
#include "crypto/sha256_audit_hasher.hpp"
#include "storage/postgres/postgres_connection.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/storage_contract.hpp"

namespace kesu::storage_contract {
namespace {

using namespace domain;
namespace pg = storage::postgres;

constexpr Instant kT0{std::chrono::milliseconds{1'790'000'000'000}};

std::string ServerUrl() {
    const char* url = std::getenv("KESU_TEST_PG_URL");
    return url ? url : "";
}

// The URL with its database name replaced.
std::string WithDatabase(const std::string& url, const std::string& database) {
    std::size_t scheme = url.find("://");
    std::size_t path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    std::size_t query = url.find('?', path == std::string::npos ? 0 : path);
    std::string rest = query == std::string::npos ? "" : url.substr(query);
    return url.substr(0, path == std::string::npos ? (query == std::string::npos ? url.size() : query) : path) + "/" +
           database + rest;
}

// Runs SQL on the server's maintenance database (or `database`), outside kesu.
void Admin(const std::string& sql, const std::string& database = "") {
    auto connection = pg::Connection::Open(database.empty() ? ServerUrl() : WithDatabase(ServerUrl(), database));
    ASSERT_TRUE(connection) << connection.error().message;
    auto done = (*connection)->Exec(sql);
    ASSERT_TRUE(done) << done.error().message;
}

class PostgresBackend final : public Backend {
public:
    PostgresBackend()
        : name_("kesu_contract_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++)),
          cipher_(std::string(32, 'k')) {
        if (ServerUrl().empty()) return;
        Admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        Admin("CREATE DATABASE " + name_);
        created_ = true;
    }
    ~PostgresBackend() override {
        if (created_) Admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    }

    std::unique_ptr<Database> Open() override { return Reopen(); }
    std::unique_ptr<Database> Reopen() override { return OpenNode(); }
    std::unique_ptr<pg::PostgresDatabase> OpenNode() {
        EXPECT_TRUE(created_) << "KESU_TEST_PG_URL is not set: run these tests through scripts/with-postgres.sh";
        if (!created_) return nullptr;
        pg::PostgresOptions options;
        options.url = Url();
        options.pool_size = 4;
        options.reconnect_wait = std::chrono::milliseconds{3000};
        auto database = pg::PostgresDatabase::Open(options, cipher_, hasher_);
        EXPECT_TRUE(database.has_value()) << (database ? "" : database.error().message);
        return database ? std::move(*database) : nullptr;
    }
    std::string Name() const override { return "postgres"; }
    void RunSql(const std::string& sql) override { Admin(sql, name_); }
    std::string Url() const { return WithDatabase(ServerUrl(), name_); }
    const std::string& DatabaseName() const { return name_; }
    const crypto::Sha256AuditHasher& Hasher() const { return hasher_; }

private:
    static inline int counter_ = 0;
    std::string name_;
    bool created_ = false;
    crypto::PiiCipher cipher_;
    crypto::Sha256AuditHasher hasher_;
};

INSTANTIATE_TEST_SUITE_P(Postgres, StorageContract,
                         ::testing::Values(BackendFactory([] { return std::make_unique<PostgresBackend>(); })),
                         [](const auto&) { return std::string("postgres"); });

// One value from SQL run directly on the backend's database.
std::string Scalar(const PostgresBackend& backend, const std::string& sql) {
    auto connection = pg::Connection::Open(backend.Url());
    if (!connection) return "error: " + connection.error().message;
    auto rows = (*connection)->Query(sql);
    if (!rows) return "error: " + rows.error().message;
    return rows->Rows() > 0 ? rows->At(0).Text(0) : "";
}

Complaint Sample(const std::string& number, Instant received) {
    Complaint c;
    c.number = number;
    c.channel = Channel::kPhone;
    c.received_at = received;
    c.created_at = received;
    c.updated_at = received;
    c.subject = "手机屏幕碎裂";
    c.description = "收到货时屏幕已经碎了，要求换货。";
    c.product = "X20 手机";
    c.order_number = "SO2023-11-0042";
    c.complainant = Complainant{"张三丰", "13812345678", "", "C-42", "", "", ""};
    return c;
}

Result<void> AppendEvent(Transaction& tx, const std::string& text) {
    AuditEvent event;
    event.actor_id = 1;
    event.actor_name = "节点";
    event.actor_role = "agent";
    event.at = kT0;
    event.action = "note";
    event.text = text;
    return tx.Audit().Append(event);
}

TEST(PostgresStorage, TheAuditTableRefusesUpdatesDeletesAndTruncation) {
    PostgresBackend backend;
    auto db = backend.OpenNode();
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(db->Write([](Transaction& tx) { return AppendEvent(tx, "x"); }));
    auto connection = pg::Connection::Open(backend.Url());
    ASSERT_TRUE(connection);
    EXPECT_FALSE((*connection)->Exec("UPDATE audit_events SET text = 'forged'"));
    EXPECT_FALSE((*connection)->Exec("DELETE FROM audit_events"));
    EXPECT_FALSE((*connection)->Exec("TRUNCATE audit_events"));
}

TEST(PostgresStorage, PersonalDataIsEncryptedAtRest) {
    PostgresBackend backend;
    auto db = backend.OpenNode();
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(db->Write([](Transaction& tx) {
        Complaint c = Sample("TS-ENC", kT0);
        return tx.Complaints().Insert(c);
    }));
    EXPECT_EQ(Scalar(backend, "SELECT position('\\x3133383132333435363738'::bytea in pii) FROM complaints"), "0");
    EXPECT_EQ(Scalar(backend, "SELECT masked_name FROM complaints"), "张**");
    EXPECT_EQ(Scalar(backend, "SELECT strpos(phone_index, '138') FROM complaints"), "0");
    EXPECT_EQ(Scalar(backend, "SELECT customer_id FROM complaints"), "") << "customer numbers are personal data";
    EXPECT_EQ(Scalar(backend, "SELECT strpos(customer_index, 'C-42') FROM complaints"), "0");
    EXPECT_EQ(Scalar(backend, "SELECT position('\\x432d3432'::bytea in pii) FROM complaints"), "0");
    EXPECT_EQ(Scalar(backend, "SELECT strpos(customer_tokens::text, '张') FROM search_doc"), "0");
}

TEST(PostgresStorage, MigrationsRunOnceAndAreRecorded) {
    PostgresBackend backend;
    auto first = backend.OpenNode();
    auto second = backend.OpenNode();  // a second node starting: nothing left to migrate
    ASSERT_NE(first, nullptr);
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(first->SchemaVersion(), second->SchemaVersion());
    EXPECT_GE(first->SchemaVersion(), 3);
    EXPECT_EQ(Scalar(backend, "SELECT count(*) FROM schema_migrations"), std::to_string(first->SchemaVersion()));
}

TEST(PostgresStorage, WritesFromTwoNodesKeepOneUnbrokenAuditChain) {
    PostgresBackend backend;
    auto node_a = backend.OpenNode();
    auto node_b = backend.OpenNode();
    ASSERT_NE(node_a, nullptr);
    ASSERT_NE(node_b, nullptr);
    constexpr int kThreadsPerNode = 6;
    constexpr int kWrites = 30;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 2 * kThreadsPerNode; ++t) {
        Database& node = t % 2 == 0 ? *node_a : *node_b;
        threads.emplace_back([&, t] {
            for (int i = 0; i < kWrites; ++i) {
                auto done = node.Write([&](Transaction& tx) -> Result<void> {
                    Complaint c = Sample("TS-N" + std::to_string(t) + "-" + std::to_string(i), kT0);
                    if (auto inserted = tx.Complaints().Insert(c); !inserted) return inserted;
                    if (auto next = tx.Complaints().NextSequence("TS-20261122"); !next) return std::unexpected(next.error());
                    return AppendEvent(tx, "filed " + c.number);
                });
                if (!done) ++failures;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failures.load(), 0);
    auto events = ReadValue<std::vector<AuditEvent>>(*node_b, [](Transaction& tx) { return tx.Audit().ListAfter(0, 10000); });
    ASSERT_TRUE(events);
    ASSERT_EQ(events->size(), static_cast<std::size_t>(2 * kThreadsPerNode * kWrites));
    for (std::size_t i = 0; i < events->size(); ++i) {
        const AuditEvent& event = (*events)[i];
        EXPECT_EQ(event.seq, static_cast<std::int64_t>(i + 1));
        EXPECT_EQ(event.prev_hash, i == 0 ? "" : (*events)[i - 1].hash);
        EXPECT_EQ(backend.Hasher().Hash(event), event.hash);
    }
    auto next = WriteValue<std::int64_t>(*node_a, [](Transaction& tx) { return tx.Complaints().NextSequence("TS-20261122"); });
    EXPECT_EQ(next.value_or(0), 2 * kThreadsPerNode * kWrites + 1) << "sequence numbers were handed out twice";
}

TEST(PostgresStorage, AChangeThroughOneNodeIsVisibleAtOnceThroughTheOther) {
    PostgresBackend backend;
    auto node_a = backend.OpenNode();
    auto node_b = backend.OpenNode();
    ASSERT_NE(node_a, nullptr);
    ASSERT_NE(node_b, nullptr);
    for (int i = 0; i < 20; ++i) {
        std::string value = std::to_string(i);
        ASSERT_TRUE(node_a->Write([&](Transaction& tx) { return tx.Settings().Put("k", value); }));
        auto seen = ReadValue<std::optional<std::string>>(*node_b, [](Transaction& tx) { return tx.Settings().Get("k"); });
        ASSERT_TRUE(seen);
        EXPECT_EQ(*seen, value);
    }
}

TEST(PostgresStorage, CommittedComplaintChangesReachTheOtherNodeAndRolledBackOnesDoNot) {
    PostgresBackend backend;
    auto node_a = backend.OpenNode();
    auto node_b = backend.OpenNode();
    ASSERT_NE(node_a, nullptr);
    ASSERT_NE(node_b, nullptr);
    std::mutex mutex;
    std::condition_variable arrived;
    std::vector<ComplaintChange> seen;
    struct StopOnExit {
        pg::PostgresDatabase& node;
        ~StopOnExit() { node.StopChangeFeed(); }
    } stop_on_exit{*node_b};
    node_b->Subscribe([&](const ComplaintChange& change) {
        std::lock_guard lock(mutex);
        seen.push_back(change);
        arrived.notify_all();
    });
    auto file = [&](const std::string& number, bool keep) {
        return node_a->Write([&](Transaction& tx) -> Result<void> {
            Complaint c = Sample(number, kT0);
            if (auto done = tx.Complaints().Insert(c); !done) return done;
            return keep ? Result<void>{} : Fail(ErrorCode::kInvalidArgument, "rolled back");
        });
    };
    auto wait_for = [&](const std::string& number) {
        std::unique_lock lock(mutex);
        return arrived.wait_for(lock, std::chrono::seconds{2}, [&] {
            return std::ranges::any_of(seen, [&](const ComplaintChange& c) { return c.number == number; });
        });
    };
    // The listener connects in the background: file until one change arrives.
    bool listening = false;
    for (int i = 0; i < 10 && !listening; ++i) {
        ASSERT_TRUE(file("TS-WARMUP-" + std::to_string(i), true));
        listening = wait_for("TS-WARMUP-" + std::to_string(i));
    }
    ASSERT_TRUE(listening);
    ASSERT_FALSE(file("TS-GONE", false));
    ASSERT_TRUE(file("TS-L'1", true));
    ASSERT_TRUE(wait_for("TS-L'1"));
    node_b->StopChangeFeed();  // before `seen` goes away
    EXPECT_FALSE(std::ranges::any_of(seen, [](const ComplaintChange& c) { return c.number == "TS-GONE"; }));
    const ComplaintChange& last = seen.back();
    EXPECT_EQ(last.number, "TS-L'1");
    EXPECT_EQ(last.status, Status::kRegistered);
    EXPECT_FALSE(last.department_id);
}

TEST(PostgresStorage, DueTimersLeasedFromTwoNodesAreTakenOnce) {
    PostgresBackend backend;
    auto node_a = backend.OpenNode();
    auto node_b = backend.OpenNode();
    ASSERT_NE(node_a, nullptr);
    ASSERT_NE(node_b, nullptr);
    constexpr int kTimers = 200;
    ASSERT_TRUE(node_a->Write([&](Transaction& tx) -> Result<void> {
        for (int i = 1; i <= kTimers; ++i)
            if (auto done = tx.Timers().Schedule("sla_clock", i, kT0 + std::chrono::seconds{i}); !done) return done;
        return {};
    }));
    std::mutex mutex;
    std::map<std::int64_t, int> taken;
    auto lease = [&](Database& node, const std::string& owner) {
        for (;;) {
            auto timers = WriteValue<std::vector<Timer>>(node, [&](Transaction& tx) {
                return tx.Timers().Lease(kT0 + std::chrono::hours{1}, owner, kT0 + std::chrono::hours{2}, 7);
            });
            ASSERT_TRUE(timers);
            if (timers->empty()) return;
            std::lock_guard lock(mutex);
            for (const Timer& timer : *timers) ++taken[timer.subject_id];
        }
    };
    std::thread a([&] { lease(*node_a, "node-a"); });
    std::thread b([&] { lease(*node_b, "node-b"); });
    a.join();
    b.join();
    ASSERT_EQ(taken.size(), static_cast<std::size_t>(kTimers));
    for (const auto& [subject, count] : taken) EXPECT_EQ(count, 1) << "timer " << subject;
    auto held = ReadValue<bool>(*node_a, [](Transaction& tx) { return tx.Timers().StillHeld(1, "nobody"); });
    EXPECT_FALSE(held.value_or(true));
}

TEST(PostgresStorage, ABrokenConnectionIsReplacedOnTheNextUse) {
    PostgresBackend backend;
    auto db = backend.OpenNode();
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(db->Write([](Transaction& tx) { return tx.Settings().Put("k", "1"); }));
    ASSERT_TRUE(ReadValue<std::optional<std::string>>(*db, [](Transaction& tx) { return tx.Settings().Get("k"); }));
    // As after a server restart or failover: every connection kesu holds is gone.
    Admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + backend.DatabaseName() +
          "' AND pid <> pg_backend_pid()");
    EXPECT_TRUE(db->Write([](Transaction& tx) { return tx.Settings().Put("k", "2"); }));
    auto value = ReadValue<std::optional<std::string>>(*db, [](Transaction& tx) { return tx.Settings().Get("k"); });
    ASSERT_TRUE(value) << value.error().message;
    EXPECT_EQ(*value, "2");
}

TEST(PostgresStorage, AWriteCutOffBeforeItsCommitFailsAndLeavesNothing) {
    PostgresBackend backend;
    auto db = backend.OpenNode();
    ASSERT_NE(db, nullptr);
    auto failed = db->Write([&](Transaction& tx) -> Result<void> {
        Complaint c = Sample("TS-CUT", kT0);
        if (auto inserted = tx.Complaints().Insert(c); !inserted) return inserted;
        // The server goes away while the write is under way.
        Admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + backend.DatabaseName() +
              "' AND state = 'idle in transaction'");
        return AppendEvent(tx, "filed");
    });
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code, ErrorCode::kUnavailable);
    auto found = ReadValue<Complaint>(*db, [](Transaction& tx) { return tx.Complaints().GetByNumber("TS-CUT"); });
    EXPECT_FALSE(found);
    EXPECT_TRUE(db->Write([](Transaction& tx) {
        Complaint c = Sample("TS-AFTER", kT0);
        return tx.Complaints().Insert(c);
    }));
}

TEST(PostgresStorage, SearchFindsWordsPhrasesCodesAndRespectsColumns) {
    PostgresBackend backend;
    auto db = backend.OpenNode();
    ASSERT_NE(db, nullptr);
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 3; ++i) {
        Complaint c = Sample("TS-S" + std::to_string(i), kT0 + std::chrono::minutes{i});
        if (i == 1) {
            c.subject = "Refunds for the flight";
            c.description = "The screen cracked. 物流很慢，退款还没到。";
            c.order_number = "JD-2026-0042";
            c.complainant.name = "欧阳娜娜";
        }
        if (i == 2) c.description = "屏幕，碎了";
        auto id = WriteValue<std::int64_t>(*db, [&](Transaction& tx) -> Result<std::int64_t> {
            if (auto done = tx.Complaints().Insert(c); !done) return std::unexpected(done.error());
            return c.id;
        });
        ASSERT_TRUE(id);
        ids.push_back(*id);
    }
    ASSERT_TRUE(db->Write([&](Transaction& tx) {
        Message note{0, ids[0], false, false, 3, "李客服", "内部备注：疑似批次问题", kT0};
        return tx.Messages().Insert(note);
    }));
    auto found = [&](const std::string& text, bool notes = false, bool names = false) {
        SearchRequest request;
        request.text = text;
        request.filters.scope.all = true;
        request.filters.limit = 50;
        request.include_internal_notes = notes;
        request.include_customer_names = names;
        auto page = ReadValue<SearchResultPage>(*db, [&](Transaction& tx) { return tx.Complaints().Search(request); });
        std::set<std::int64_t> result;
        if (!page) {
            result.insert(-static_cast<std::int64_t>(page.error().code) - 1);
            return result;
        }
        for (const auto& item : page->items) result.insert(item.summary.id);
        return result;
    };
    using Ids = std::set<std::int64_t>;
    EXPECT_EQ(found("退款"), (Ids{ids[1]}));
    EXPECT_EQ(found("\"screen cracked\""), (Ids{ids[1]}));
    EXPECT_EQ(found("\"flight the\""), Ids{});
    EXPECT_EQ(found("refund"), Ids{}) << "whole words only";
    EXPECT_EQ(found("refund*"), (Ids{ids[1]}));
    EXPECT_EQ(found("jd20260042"), (Ids{ids[1]}));
    EXPECT_EQ(found("JD-2026-0042"), (Ids{ids[1]}));
    EXPECT_EQ(found("0042"), (Ids{ids[0], ids[1], ids[2]}));
    EXPECT_EQ(found("屏幕碎裂"), (Ids{ids[0], ids[2]}));
    EXPECT_EQ(found("屏幕碎了"), Ids{}) << "not across the comma of 屏幕，碎了";
    EXPECT_EQ(found("\"屏幕，碎了\""), (Ids{ids[2]}));
    EXPECT_EQ(found("subject:flight"), (Ids{ids[1]}));
    EXPECT_EQ(found("body:flight"), Ids{});
    EXPECT_EQ(found("屏幕 -退款"), (Ids{ids[0], ids[2]}));
    EXPECT_EQ(found("退款 OR 批次"), (Ids{ids[1]}));
    EXPECT_EQ(found("退款 OR 批次", true), (Ids{ids[0], ids[1]}));
    EXPECT_EQ(found("欧阳娜娜"), Ids{});
    EXPECT_EQ(found("欧阳娜娜", false, true), (Ids{ids[1]}));
    EXPECT_EQ(found("customer:欧阳"), (Ids{-static_cast<std::int64_t>(ErrorCode::kForbidden) - 1}));
    EXPECT_EQ(found("-退款"), (Ids{-static_cast<std::int64_t>(ErrorCode::kInvalidArgument) - 1}));

    auto similar = ReadValue<std::vector<SimilarComplaint>>(*db, [&](Transaction& tx) {
        VisibilityScope all;
        all.all = true;
        return tx.Complaints().FindSimilar(ids[2], all, 5);
    });
    ASSERT_TRUE(similar) << similar.error().message;
    ASSERT_FALSE(similar->empty());
    EXPECT_TRUE((*similar)[0].same_customer);
}

// Not a check but a measurement (docs: one-row durable writes per second, and the commit batch sizes):
//   bash scripts/with-postgres.sh build-pg/tests/storage/storage_postgres_tests
//       --gtest_also_run_disabled_tests --gtest_filter='*OneRowWriteThroughput*'
TEST(PostgresStorage, DISABLED_OneRowWriteThroughput) {
    PostgresBackend backend;
    auto db = backend.OpenNode();
    ASSERT_NE(db, nullptr);
    std::atomic<std::int64_t> commits{0};
    db->SetCommitObserver([&](std::size_t) { ++commits; });
    for (int threads : {1, 4, 16, 64}) {
        std::atomic<std::int64_t> writes{0};
        std::atomic<bool> stop{false};
        commits = 0;
        std::vector<std::thread> workers;
        auto started = std::chrono::steady_clock::now();
        for (int t = 0; t < threads; ++t) {
            workers.emplace_back([&, t] {
                for (int i = 0; !stop; ++i) {
                    std::string key = "bench:" + std::to_string(t) + ":" + std::to_string(i);
                    if (db->Write([&](Transaction& tx) { return tx.Settings().Put(key, "v"); })) ++writes;
                }
            });
        }
        std::this_thread::sleep_for(std::chrono::seconds{3});
        stop = true;
        for (auto& worker : workers) worker.join();
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::printf("%3d writers: %8.0f one-row writes/s, %6.1f writes per commit, %6.3f ms per write\n", threads,
                    static_cast<double>(writes) / seconds,
                    static_cast<double>(writes) / static_cast<double>(std::max<std::int64_t>(1, commits)),
                    seconds * 1000.0 * threads / static_cast<double>(std::max<std::int64_t>(1, writes)));
    }
}

}  // namespace
}  // namespace kesu::storage_contract
