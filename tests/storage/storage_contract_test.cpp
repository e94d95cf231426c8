#include "storage/storage_contract.hpp"

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

namespace kesu::storage_contract {
namespace {

using namespace domain;

constexpr Instant kT0{std::chrono::milliseconds{1'790'000'000'000}};

Complaint Sample(const std::string& number, Instant received, std::optional<std::int64_t> department = std::nullopt) {
    Complaint c;
    c.number = number;
    c.kind = RequestKind::kComplaint;
    c.channel = Channel::kPhone;
    c.received_at = received;
    c.created_at = received;
    c.updated_at = received;
    c.subject = "手机屏幕碎裂 " + number;
    c.description = "收到货时屏幕已经碎了，要求换货。";
    c.product = "X20 手机";
    c.order_number = "SO-" + number;
    c.amount_fen = 299900;
    c.department_id = department;
    c.complainant = Complainant{"张三丰",  "13812345678",        "Zhang@Example.com",
                                "C-42",    "110101199003071234", "北京市朝阳区建国路88号",
                                "wx_zhang"};
    c.access_code_digest = "digest";
    c.privacy_consent = true;
    return c;
}

template <class T, class F>
T MustWrite(Database& db, F&& work) {
    auto result = WriteValue<T>(db, std::forward<F>(work));
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
    return result ? std::move(*result) : T{};
}

std::int64_t Insert(Database& db, Complaint c) {
    return MustWrite<std::int64_t>(db, [&](Transaction& tx) -> Result<std::int64_t> {
        if (auto done = tx.Complaints().Insert(c); !done) return std::unexpected(done.error());
        return c.id;
    });
}

Result<Complaint> Load(Database& db, std::int64_t id) {
    return ReadValue<Complaint>(db, [&](Transaction& tx) { return tx.Complaints().Get(id); });
}

std::int64_t MakeDepartment(Database& db, const std::string& name) {
    return MustWrite<std::int64_t>(db, [&](Transaction& tx) -> Result<std::int64_t> {
        Department d{0, name, std::nullopt, true, 1};
        if (auto done = tx.Departments().Insert(d); !done) return std::unexpected(done.error());
        return d.id;
    });
}

std::vector<ComplaintSummary> ListAll(Database& db, ComplaintQuery query) {
    std::vector<ComplaintSummary> all;
    for (int guard = 0; guard < 1000; ++guard) {
        auto page = ReadValue<ComplaintPage>(db, [&](Transaction& tx) { return tx.Complaints().List(query); });
        EXPECT_TRUE(page.has_value());
        if (!page) break;
        all.insert(all.end(), page->items.begin(), page->items.end());
        if (!page->next) break;
        query.after = page->next;
    }
    return all;
}

TEST_P(StorageContract, AComplaintRoundTripsEveryField) {
    Complaint c = Sample("TS-1", kT0);
    c.occurred_at = kT0 - std::chrono::hours{30};
    c.cause = CauseAnalysis{CauseCategory::kLogistics, "运输中挤压", "5 why: …", std::nullopt, "王五", "警告"};
    c.plan = SolutionPlan{{{"换新机", "李四", kT0 + std::chrono::hours{48}, "客户满意", true}},
                          5000,
                          PlanStatus::kApproved,
                          2,
                          7,
                          8,
                          "同意"};
    c.recheck = Recheck{"不服", kT0, 9, RecheckDecision::kUphold, "维持"};
    c.satisfaction = Satisfaction{4, "还行", kT0};
    c.merged_from = {3, 4};
    c.handler_ids = {7, 8};
    c.reopen_count = 1;
    std::int64_t id = Insert(Db(), c);
    auto loaded = Load(Db(), id);
    ASSERT_TRUE(loaded) << loaded.error().message;
    c.id = id;
    EXPECT_EQ(*loaded, c);
}

TEST_P(StorageContract, ComplaintNumbersAreUnique) {
    Insert(Db(), Sample("TS-DUP", kT0));
    auto second = Db().Write([&](Transaction& tx) {
        Complaint c = Sample("TS-DUP", kT0);
        return tx.Complaints().Insert(c);
    });
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, ErrorCode::kConflict);
}

TEST_P(StorageContract, AStaleVersionIsRefusedAndTheCurrentOneAccepted) {
    std::int64_t id = Insert(Db(), Sample("TS-V", kT0));
    Complaint c = *Load(Db(), id);
    Complaint next = c;
    next.version = 2;
    next.subject = "改过的标题";
    ASSERT_TRUE(Db().Write([&](Transaction& tx) { return tx.Complaints().Update(next, 1); }));
    Complaint stale = c;
    stale.version = 2;
    stale.subject = "另一个人改的";
    auto refused = Db().Write([&](Transaction& tx) { return tx.Complaints().Update(stale, 1); });
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kStaleVersion);
    EXPECT_EQ(Load(Db(), id)->subject, "改过的标题");
}

TEST_P(StorageContract, SequencesCountPerName) {
    auto next = [&](const std::string& name) {
        return MustWrite<std::int64_t>(Db(), [&](Transaction& tx) { return tx.Complaints().NextSequence(name); });
    };
    EXPECT_EQ(next("TS-20261122"), 1);
    EXPECT_EQ(next("TS-20261122"), 2);
    EXPECT_EQ(next("TS-20261123"), 1);
    EXPECT_EQ(next("TS-20261122"), 3);
}

TEST_P(StorageContract, AFailedWriteLeavesNothingBehind) {
    auto failed = Db().Write([&](Transaction& tx) -> Result<void> {
        Complaint c = Sample("TS-ROLLBACK", kT0);
        if (auto done = tx.Complaints().Insert(c); !done) return done;
        return Fail(ErrorCode::kInvalidArgument, "changed my mind");
    });
    ASSERT_FALSE(failed);
    auto found = ReadValue<Complaint>(Db(), [](Transaction& tx) { return tx.Complaints().GetByNumber("TS-ROLLBACK"); });
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().code, ErrorCode::kNotFound);
}

TEST_P(StorageContract, ConcurrentWritesAllLandAndFailuresDoNotSpoilNeighbours) {
    constexpr int kThreads = 16;
    constexpr int kPerThread = 25;
    std::atomic<int> succeeded{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                bool fail = i % 5 == 0;
                auto done = Db().Write([&](Transaction& tx) -> Result<void> {
                    Complaint c = Sample("TS-C-" + std::to_string(t) + "-" + std::to_string(i), kT0);
                    if (auto inserted = tx.Complaints().Insert(c); !inserted) return inserted;
                    if (fail) return Fail(ErrorCode::kInvalidArgument, "refused on purpose");
                    return {};
                });
                if (done) ++succeeded;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(succeeded.load(), kThreads * kPerThread * 4 / 5);
    ComplaintQuery all;
    all.scope.all = true;
    all.limit = 200;
    EXPECT_EQ(ListAll(Db(), all).size(), static_cast<std::size_t>(succeeded.load()));

    // The full-text index holds exactly the writes that committed: none of a refused write's entry survives,
    // even when it shared a commit batch with writes that landed.
    SearchRequest search;
    search.text = "屏幕碎裂";
    search.filters.scope.all = true;
    search.filters.limit = 20;
    std::set<std::string> found;
    for (int guard = 0; guard < 100; ++guard) {
        auto page = ReadValue<SearchResultPage>(Db(), [&](Transaction& tx) { return tx.Complaints().Search(search); });
        ASSERT_TRUE(page.has_value()) << page.error().message;
        // Every write above was acknowledged before the search began: the index must have taken in all of them.
        ASSERT_FALSE(page->incomplete) << "the search did not see every committed change (page at " << search.offset
                                       << ")";
        for (const auto& hit : page->items) found.insert(hit.summary.number);
        if (!page->next_offset) break;
        search.offset = *page->next_offset;
    }
    EXPECT_EQ(found.size(), static_cast<std::size_t>(succeeded.load()));
    for (int t = 0; t < kThreads; ++t)
        for (int i = 0; i < kPerThread; i += 5)
            EXPECT_FALSE(found.contains("TS-C-" + std::to_string(t) + "-" + std::to_string(i)));
}

TEST_P(StorageContract, CommittedWritesSurviveReopening) {
    std::int64_t id = Insert(Db(), Sample("TS-DURABLE", kT0));
    ReopenDatabase();
    auto loaded = Load(Db(), id);
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->complainant.phone, "13812345678");
}

TEST_P(StorageContract, ListsRespectTheDepartmentScope) {
    std::int64_t sales = MakeDepartment(Db(), "销售部");
    std::int64_t logistics = MakeDepartment(Db(), "物流部");
    Insert(Db(), Sample("TS-S1", kT0, sales));
    Insert(Db(), Sample("TS-L1", kT0 + std::chrono::minutes{1}, logistics));
    Insert(Db(), Sample("TS-N1", kT0 + std::chrono::minutes{2}));  // intake pool
    auto numbers = [&](VisibilityScope scope) {
        ComplaintQuery query;
        query.scope = scope;
        std::set<std::string> found;
        for (const auto& s : ListAll(Db(), query)) found.insert(s.number);
        return found;
    };
    EXPECT_EQ(numbers({false, false, sales, 0}), (std::set<std::string>{"TS-S1"}));
    EXPECT_EQ(numbers({false, true, sales, 0}), (std::set<std::string>{"TS-S1", "TS-N1"}));
    EXPECT_EQ(numbers({true, false, std::nullopt, 0}), (std::set<std::string>{"TS-S1", "TS-L1", "TS-N1"}));
    EXPECT_TRUE(numbers({false, false, std::nullopt, 0}).empty());
}

TEST_P(StorageContract, SearchRespectsTheScopeAndFollowsTransfersAndOwners) {
    std::int64_t sales = MakeDepartment(Db(), "销售部");
    std::int64_t logistics = MakeDepartment(Db(), "物流部");
    User owner{0, "wang.specialist", "王专员", "", "hash", Role::kSpecialist, logistics, true, false, kT0, 1};
    ASSERT_TRUE(Db().Write([&](Transaction& tx) { return tx.Users().Insert(owner); }));
    std::int64_t s1 = Insert(Db(), Sample("TS-S1", kT0, sales));
    Insert(Db(), Sample("TS-L1", kT0 + std::chrono::minutes{1}, logistics));
    Insert(Db(), Sample("TS-N1", kT0 + std::chrono::minutes{2}));  // intake pool
    auto found = [&](VisibilityScope scope, const std::string& text = "屏幕碎裂") {
        SearchRequest search;
        search.text = text;
        search.filters.scope = scope;
        search.filters.limit = 50;
        auto page = ReadValue<SearchResultPage>(Db(), [&](Transaction& tx) { return tx.Complaints().Search(search); });
        EXPECT_TRUE(page.has_value()) << page.error().message;
        std::set<std::string> numbers;
        if (page) {
            for (const auto& hit : page->items) numbers.insert(hit.summary.number);
            EXPECT_EQ(page->total, static_cast<std::int64_t>(numbers.size()));
        }
        return numbers;
    };
    EXPECT_EQ(found({false, false, sales, 0}), (std::set<std::string>{"TS-S1"}));
    EXPECT_EQ(found({false, true, sales, 0}), (std::set<std::string>{"TS-S1", "TS-N1"}));
    EXPECT_EQ(found({true, false, std::nullopt, 0}), (std::set<std::string>{"TS-S1", "TS-L1", "TS-N1"}));
    EXPECT_TRUE(found({false, false, std::nullopt, 0}).empty());
    EXPECT_TRUE(found({false, false, std::nullopt, owner.id}).empty());
    // A scoped search with list filters too.
    EXPECT_EQ(found({false, true, sales, 0}, "屏幕碎裂 status:registered"), (std::set<std::string>{"TS-S1", "TS-N1"}));

    // Transferred to logistics and given to its specialist: sales no longer finds it, logistics and the owner do.
    Complaint moved = *Load(Db(), s1);
    moved.department_id = logistics;
    moved.owner_id = owner.id;
    moved.version += 1;
    ASSERT_TRUE(Db().Write([&](Transaction& tx) { return tx.Complaints().Update(moved, moved.version - 1); }));
    EXPECT_TRUE(found({false, false, sales, 0}).empty());
    EXPECT_EQ(found({false, false, logistics, 0}), (std::set<std::string>{"TS-S1", "TS-L1"}));
    EXPECT_EQ(found({false, false, std::nullopt, owner.id}), (std::set<std::string>{"TS-S1"}));
}

TEST_P(StorageContract, ListsFilterAndPageWithoutGapsOrRepeats) {
    std::int64_t sales = MakeDepartment(Db(), "销售部");
    for (int i = 0; i < 57; ++i) {
        Complaint c = Sample("TS-P" + std::to_string(i), kT0 + std::chrono::minutes{i % 7},
                             i % 3 == 0 ? std::optional(sales) : std::nullopt);
        c.status = i % 4 == 0 ? Status::kClosed : Status::kInvestigating;
        c.level = i % 5 == 0 ? Level::kMajor : Level::kGeneral;
        c.channel = i % 2 == 0 ? Channel::kEmail : Channel::kPhone;
        Insert(Db(), c);
    }
    ComplaintQuery query;
    query.scope.all = true;
    query.limit = 10;
    auto all = ListAll(Db(), query);
    ASSERT_EQ(all.size(), 57u);
    std::set<std::int64_t> ids;
    for (const auto& s : all) ids.insert(s.id);
    EXPECT_EQ(ids.size(), 57u);
    EXPECT_TRUE(std::ranges::is_sorted(all, [](const auto& a, const auto& b) {
        return std::tie(a.received_at, a.id) > std::tie(b.received_at, b.id);
    }));
    query.descending = false;
    auto ascending = ListAll(Db(), query);
    EXPECT_TRUE(std::ranges::is_sorted(ascending, [](const auto& a, const auto& b) {
        return std::tie(a.received_at, a.id) < std::tie(b.received_at, b.id);
    }));

    ComplaintQuery open;
    open.scope.all = true;
    open.open = true;
    open.department_id = sales;
    auto open_sales = ListAll(Db(), open);
    for (const auto& s : open_sales) {
        EXPECT_TRUE(IsOpen(s.status));
        EXPECT_EQ(s.department_id, sales);
    }
    EXPECT_EQ(open_sales.size(), 14u);  // i%3==0 (19) minus those with i%12==0 (5)

    ComplaintQuery filtered;
    filtered.scope.all = true;
    filtered.level = Level::kMajor;
    filtered.channel = Channel::kEmail;
    filtered.received_from = kT0 + std::chrono::minutes{2};
    filtered.received_to = kT0 + std::chrono::minutes{5};
    for (const auto& s : ListAll(Db(), filtered)) {
        EXPECT_EQ(s.level, Level::kMajor);
        EXPECT_EQ(s.channel, Channel::kEmail);
        EXPECT_GE(s.received_at, kT0 + std::chrono::minutes{2});
        EXPECT_LT(s.received_at, kT0 + std::chrono::minutes{5});
    }
    ComplaintQuery intake;
    intake.scope.all = true;
    intake.unassigned_department = true;
    EXPECT_EQ(ListAll(Db(), intake).size(), 38u);
}

TEST_P(StorageContract, CategoryFiltersIncludeSubCategories) {
    auto ids = MustWrite<std::vector<std::int64_t>>(Db(), [&](Transaction& tx) -> Result<std::vector<std::int64_t>> {
        Category top{0, std::nullopt, "quality", "产品质量", "Quality", true, 1};
        if (auto done = tx.Categories().Insert(top); !done) return std::unexpected(done.error());
        Category child{0, top.id, "quality.defect", "产品缺陷", "Defect", true, 2};
        if (auto done = tx.Categories().Insert(child); !done) return std::unexpected(done.error());
        return std::vector<std::int64_t>{top.id, child.id};
    });
    Complaint a = Sample("TS-CAT-A", kT0);
    a.category_id = ids[1];
    Insert(Db(), a);
    Insert(Db(), Sample("TS-CAT-B", kT0));
    ComplaintQuery query;
    query.scope.all = true;
    query.category_id = ids[0];
    auto found = ListAll(Db(), query);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].number, "TS-CAT-A");
}

TEST_P(StorageContract, RepeatComplaintsAreFoundByNormalisedContactsAndOnlyWhileOpen) {
    Insert(Db(), Sample("TS-R1", kT0));
    Complaint closed = Sample("TS-R2", kT0);
    closed.status = Status::kClosed;
    Insert(Db(), closed);
    auto find = [&](Complainant who) {
        return *ReadValue<std::vector<ComplaintSummary>>(
            Db(), [&](Transaction& tx) { return tx.Complaints().FindOpenByContact(who, 10); });
    };
    Complainant by_phone;
    by_phone.phone = "+86 138-1234-5678";
    auto found = find(by_phone);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].number, "TS-R1");
    Complainant by_email;
    by_email.email = "zhang@example.COM";
    EXPECT_EQ(find(by_email).size(), 1u);
    Complainant by_customer;
    by_customer.customer_id = "C-42";
    EXPECT_EQ(find(by_customer).size(), 1u);
    Complainant stranger;
    stranger.phone = "13900000000";
    EXPECT_TRUE(find(stranger).empty());
}

TEST_P(StorageContract, CustomerNumbersWrittenInClearBeforeAreSealedAtTheNextStart) {
    Insert(Db(), Sample("TS-LEGACY", kT0));  // customer number C-42
    database_.reset();
    // A row as migration 0006 leaves a database written while customer numbers were kept in clear: no index yet.
    backend_->RunSql("UPDATE complaints SET customer_index = NULL");
    ReopenDatabase();
    Complainant by_customer;
    by_customer.customer_id = " C-42 ";
    auto found = *ReadValue<std::vector<ComplaintSummary>>(
        Db(), [&](Transaction& tx) { return tx.Complaints().FindOpenByContact(by_customer, 10); });
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].number, "TS-LEGACY");
    auto loaded = Load(Db(), found[0].id);
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->complainant.customer_id, "C-42");
}

TEST_P(StorageContract, TheAuditTrailIsChainedInOrder) {
    for (int i = 0; i < 5; ++i) {
        MustWrite<bool>(Db(), [&](Transaction& tx) -> Result<bool> {
            AuditEvent event;
            event.complaint_id = i % 2 == 0 ? std::optional<std::int64_t>(1) : std::nullopt;
            event.actor_id = 3;
            event.actor_name = "李客服";
            event.actor_role = "agent";
            event.at = kT0;
            event.action = "note";
            event.changes = {{"status", "registered", "acknowledged"}};
            event.text = "第" + std::to_string(i) + "条";
            if (auto done = tx.Audit().Append(event); !done) return std::unexpected(done.error());
            EXPECT_EQ(event.seq, i + 1);
            EXPECT_EQ(event.hash.size(), 64u);
            return true;
        });
    }
    auto events =
        *ReadValue<std::vector<AuditEvent>>(Db(), [](Transaction& tx) { return tx.Audit().ListAfter(0, 100); });
    ASSERT_EQ(events.size(), 5u);
    EXPECT_EQ(events[0].prev_hash, "");
    for (std::size_t i = 1; i < events.size(); ++i) EXPECT_EQ(events[i].prev_hash, events[i - 1].hash);
    EXPECT_EQ(events[2].changes, (std::vector<FieldChange>{{"status", "registered", "acknowledged"}}));
    auto for_complaint =
        *ReadValue<std::vector<AuditEvent>>(Db(), [](Transaction& tx) { return tx.Audit().ListForComplaint(1); });
    EXPECT_EQ(for_complaint.size(), 3u);
    auto newest = *ReadValue<std::vector<AuditEvent>>(
        Db(), [](Transaction& tx) { return tx.Audit().Search(3, std::nullopt, 2); });
    ASSERT_EQ(newest.size(), 2u);
    EXPECT_EQ(newest[0].seq, 5);
}

TEST_P(StorageContract, UsernamesAreUniqueAndUsersAreVersioned) {
    User user{0, "li.agent", "李客服", "", "hash", Role::kAgent, std::nullopt, true, false, kT0, 1};
    ASSERT_TRUE(Db().Write([&](Transaction& tx) { return tx.Users().Insert(user); }));
    User twin = user;
    auto conflict = Db().Write([&](Transaction& tx) { return tx.Users().Insert(twin); });
    ASSERT_FALSE(conflict);
    EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
    User changed = user;
    changed.role = Role::kSpecialist;
    changed.version = 2;
    ASSERT_TRUE(Db().Write([&](Transaction& tx) { return tx.Users().Update(changed, 1); }));
    auto stale = Db().Write([&](Transaction& tx) { return tx.Users().Update(changed, 1); });
    EXPECT_EQ(stale.error().code, ErrorCode::kStaleVersion);
    auto loaded = *ReadValue<User>(Db(), [&](Transaction& tx) { return tx.Users().GetByUsername("li.agent"); });
    EXPECT_EQ(loaded.role, Role::kSpecialist);
}

TEST_P(StorageContract, SessionsExpireAndCanBeEndedPerUser) {
    User user{0, "s.user", "会话", "", "hash", Role::kAgent, std::nullopt, true, false, kT0, 1};
    ASSERT_TRUE(Db().Write([&](Transaction& tx) { return tx.Users().Insert(user); }));
    ASSERT_TRUE(Db().Write([&](Transaction& tx) -> Result<void> {
        if (auto done = tx.Sessions().Insert({"d1", user.id, "csrf", kT0, kT0, kT0 + std::chrono::hours{1}, "::1"});
            !done)
            return done;
        return tx.Sessions().Insert({"d2", user.id, "csrf", kT0, kT0, kT0 + std::chrono::hours{9}, "::1"});
    }));
    auto removed = MustWrite<std::int64_t>(
        Db(), [&](Transaction& tx) { return tx.Sessions().DeleteExpired(kT0 + std::chrono::hours{2}); });
    EXPECT_EQ(removed, 1);
    EXPECT_TRUE(ReadValue<Session>(Db(), [](Transaction& tx) { return tx.Sessions().Get("d2"); }));
    ASSERT_TRUE(Db().Write([&](Transaction& tx) { return tx.Sessions().DeleteForUser(user.id); }));
    EXPECT_FALSE(ReadValue<Session>(Db(), [](Transaction& tx) { return tx.Sessions().Get("d2"); }));
}

TEST_P(StorageContract, IdempotencyKeysThrottleCountersAndSettingsPersist) {
    ASSERT_TRUE(Db().Write([&](Transaction& tx) -> Result<void> {
        if (auto done = tx.Idempotency().Put("user:1", "k1", {"digest", 201, "7 CODE", kT0}); !done) return done;
        return tx.Settings().Put("process.appeal_window_days", "15");
    }));
    auto stored = *ReadValue<std::optional<IdempotentResponse>>(
        Db(), [](Transaction& tx) { return tx.Idempotency().Get("user:1", "k1"); });
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->body, "7 CODE");
    EXPECT_FALSE(*ReadValue<std::optional<IdempotentResponse>>(
        Db(), [](Transaction& tx) { return tx.Idempotency().Get("user:2", "k1"); }));
    auto duplicate = Db().Write([&](Transaction& tx) {
        return tx.Idempotency().Put("user:1", "k1", {"x", 201, "8 X", kT0});
    });
    EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);

    for (int i = 1; i <= 3; ++i)
        EXPECT_EQ(
            MustWrite<std::int64_t>(Db(), [&](Transaction& tx) { return tx.Throttle().Hit("login-user:x", kT0); }), i);
    EXPECT_EQ(*ReadValue<std::int64_t>(Db(), [](Transaction& tx) { return tx.Throttle().Count("login-user:x", kT0); }),
              3);
    ASSERT_TRUE(Db().Write([&](Transaction& tx) { return tx.Throttle().Clear("login-user:x"); }));
    EXPECT_EQ(*ReadValue<std::int64_t>(Db(), [](Transaction& tx) { return tx.Throttle().Count("login-user:x", kT0); }),
              0);

    auto setting = *ReadValue<std::optional<std::string>>(
        Db(), [](Transaction& tx) { return tx.Settings().Get("process.appeal_window_days"); });
    EXPECT_EQ(setting, "15");
}

TEST_P(StorageContract, ThrottleBackoffAndReleasePersist) {
    EXPECT_EQ(MustWrite<Backoff>(Db(), [](Transaction& tx) { return tx.Throttle().GetBackoff("login-backoff:a|x"); })
                  .failures,
              0);
    ASSERT_TRUE(Db().Write([&](Transaction& tx) { return tx.Throttle().PutBackoff("login-backoff:a|x", {3, kT0}); }));
    ASSERT_TRUE(Db().Write([&](Transaction& tx) {
        return tx.Throttle().PutBackoff("login-backoff:a|x", {4, kT0 + std::chrono::seconds(30)});
    }));
    Backoff stored =
        MustWrite<Backoff>(Db(), [](Transaction& tx) { return tx.Throttle().GetBackoff("login-backoff:a|x"); });
    EXPECT_EQ(stored.failures, 4);
    EXPECT_EQ(stored.last_failure_at, kT0 + std::chrono::seconds(30));

    for (int i = 0; i < 2; ++i)
        ASSERT_TRUE(MustWrite<std::int64_t>(Db(), [](Transaction& tx) { return tx.Throttle().Hit("login-address:a", kT0); }));
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(Db().Write([](Transaction& tx) { return tx.Throttle().Release("login-address:a", kT0); }));
    EXPECT_EQ(*ReadValue<std::int64_t>(Db(), [](Transaction& tx) { return tx.Throttle().Count("login-address:a", kT0); }),
              0)
        << "released down to zero, never below";
}

// A throttle checks and records in one write transaction; write transactions are serialised, so concurrent
// attempts each see all those before them and exactly `limit` get through.
TEST_P(StorageContract, ConcurrentCheckAndCountInOneWriteLetsExactlyTheLimitThrough) {
    constexpr int kAttempts = 60;
    constexpr int kLimit = 5;
    std::atomic<int> allowed{0}, refused{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kAttempts; ++i) {
        threads.emplace_back([&] {
            auto done = Db().Write([&](Transaction& tx) -> Result<void> {
                auto count = tx.Throttle().Hit("portal-lookup:race", kT0);
                if (!count) return std::unexpected(count.error());
                if (*count > kLimit) return std::unexpected(Error{ErrorCode::kRateLimited, "too many", {}, 1});
                return {};
            });
            (done ? allowed : refused)++;
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(allowed.load(), kLimit);
    EXPECT_EQ(refused.load(), kAttempts - kLimit);
    EXPECT_EQ(*ReadValue<std::int64_t>(Db(), [](Transaction& tx) { return tx.Throttle().Count("portal-lookup:race", kT0); }),
              kLimit);
}

TEST_P(StorageContract, InternalNotesAreSeparateFromCustomerMessages) {
    std::int64_t id = Insert(Db(), Sample("TS-MSG", kT0));
    ASSERT_TRUE(Db().Write([&](Transaction& tx) -> Result<void> {
        Message note{0, id, false, false, 3, "李客服", "内部备注", kT0};
        Message reply{0, id, true, false, 3, "李客服", "您好，已收到", kT0};
        if (auto done = tx.Messages().Insert(note); !done) return done;
        return tx.Messages().Insert(reply);
    }));
    auto customer = *ReadValue<std::vector<Message>>(
        Db(), [&](Transaction& tx) { return tx.Messages().ListForComplaint(id, false); });
    ASSERT_EQ(customer.size(), 1u);
    EXPECT_EQ(customer[0].body, "您好，已收到");
    auto staff = *ReadValue<std::vector<Message>>(
        Db(), [&](Transaction& tx) { return tx.Messages().ListForComplaint(id, true); });
    EXPECT_EQ(staff.size(), 2u);
}

TEST_P(StorageContract, ApiTokensAreFoundByDigestAndRevoked) {
    User user{0, "api.bot", "集成", "", "hash", Role::kAgent, std::nullopt, true, false, kT0, 1};
    ASSERT_TRUE(Db().Write([&](Transaction& tx) { return tx.Users().Insert(user); }));
    ApiToken token{0, user.id, "12315 sync", "digest-abc", "kesu_abc", kT0, std::nullopt, false};
    ASSERT_TRUE(Db().Write([&](Transaction& tx) { return tx.ApiTokens().Insert(token); }));
    EXPECT_TRUE(ReadValue<ApiToken>(Db(), [](Transaction& tx) { return tx.ApiTokens().GetByDigest("digest-abc"); }));
    ASSERT_TRUE(Db().Write([&](Transaction& tx) { return tx.ApiTokens().Revoke(token.id); }));
    EXPECT_TRUE(
        ReadValue<ApiToken>(Db(), [](Transaction& tx) { return tx.ApiTokens().GetByDigest("digest-abc"); })->revoked);
}

TEST_P(StorageContract, AttachmentsBelongToTheirComplaint) {
    std::int64_t id = Insert(Db(), Sample("TS-ATT", kT0));
    Attachment attachment{0, id, "录音.amr", "audio/amr", 1024, std::string(64, 'a'), 3, false, kT0};
    ASSERT_TRUE(Db().Write([&](Transaction& tx) { return tx.Attachments().Insert(attachment); }));
    auto listed = *ReadValue<std::vector<Attachment>>(
        Db(), [&](Transaction& tx) { return tx.Attachments().ListForComplaint(id); });
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].filename, "录音.amr");
}

}  // namespace
}  // namespace kesu::storage_contract
