#include "search/sqlite_search_index.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>

#include "search/test_normalizer.hpp"

namespace kesu::search {
namespace {

using testing::TestNormalizer;

class SqliteSearchIndexTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
        Recreate({});
    }
    void TearDown() override {
        index_.reset();
        sqlite3_close(db_);
    }

    void Recreate(TokenHasher hasher) {
        index_ = std::make_unique<SqliteSearchIndex>(db_, TestNormalizer(), std::move(hasher));
        auto created = index_->CreateSchema();
        ASSERT_TRUE(created) << created.error().message;
    }

    void Add(std::int64_t id, std::int64_t day, std::string subject, std::string body, std::string notes = "",
             std::string product = "", std::string customer = "", std::string customer_key = "") {
        IndexedDocument document{id,
                                 domain::FromMillis(day * 86'400'000),
                                 std::move(subject),
                                 std::move(body),
                                 std::move(notes),
                                 std::move(product),
                                 std::move(customer),
                                 std::move(customer_key)};
        auto upserted = index_->Upsert(document);
        ASSERT_TRUE(upserted) << upserted.error().message;
    }

    std::vector<std::int64_t> Ids(std::string_view query, SearchOptions options = {}) {
        auto parsed = ParseQuery(query);
        EXPECT_TRUE(parsed && parsed->text);
        auto page = index_->Search(*parsed->text, options);
        EXPECT_TRUE(page) << page.error().message;
        std::vector<std::int64_t> ids;
        if (page)
            for (const SearchHit& hit : page->hits) ids.push_back(hit.doc_id);
        return ids;
    }

    std::vector<std::int64_t> SortedIds(std::string_view query, SearchOptions options = {}) {
        auto ids = Ids(query, std::move(options));
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    sqlite3* db_ = nullptr;
    std::unique_ptr<SqliteSearchIndex> index_;
};

using IdList = std::vector<std::int64_t>;

TEST_F(SqliteSearchIndexTest, FindsDocumentsBySubjectAndBody) {
    Add(1, 1, "手机屏幕碎了", "刚收到就发现屏幕有裂痕");
    Add(2, 2, "物流太慢", "快递一周才到");
    EXPECT_EQ(SortedIds("屏幕"), IdList{1});
    EXPECT_EQ(SortedIds("快递"), IdList{2});
    EXPECT_EQ(SortedIds("裂痕 收到"), IdList{1});
}

TEST_F(SqliteSearchIndexTest, ReplacesTheTextOnUpsertAndForgetsItOnRemove) {
    Add(1, 1, "屏幕", "");
    Add(1, 1, "电池", "");
    EXPECT_EQ(SortedIds("屏幕"), IdList{});
    EXPECT_EQ(SortedIds("电池"), IdList{1});
    ASSERT_TRUE(index_->Remove(1));
    EXPECT_EQ(SortedIds("电池"), IdList{});
    EXPECT_TRUE(index_->Remove(1));
}

TEST_F(SqliteSearchIndexTest, DistinguishesAPhraseFromWordsAnywhere) {
    Add(1, 1, "", "屏幕碎了");
    Add(2, 2, "", "碎了一个杯子，屏幕没事");
    EXPECT_EQ(SortedIds("屏幕 碎了"), (IdList{1, 2}));
    EXPECT_EQ(SortedIds("\"屏幕 碎了\""), IdList{1});
    EXPECT_EQ(SortedIds("屏幕碎了"), IdList{1});
}

TEST_F(SqliteSearchIndexTest, DoesNotMatchAChineseWordAcrossPunctuation) {
    Add(1, 1, "", "屏幕，碎了");
    EXPECT_EQ(SortedIds("屏幕碎了"), IdList{});
    EXPECT_EQ(SortedIds("屏幕 碎了"), IdList{1});
}

TEST_F(SqliteSearchIndexTest, DoesNotJoinBigramsOfNeighbouringRuns) {
    Add(1, 1, "", "买了手机，机场取的");
    EXPECT_EQ(SortedIds("手机场"), IdList{});
    EXPECT_EQ(SortedIds("手机"), IdList{1});
}

TEST_F(SqliteSearchIndexTest, KeepsManyDocumentsWithTheSameTimeApartAndInOrder) {
    for (int i = 1; i <= 100; ++i) Add(i, 5, "", "导入");
    Add(101, 6, "", "导入");
    Add(102, 4, "", "导入");
    const IdList newest = Ids("导入", {.limit = 200, .order = SearchOrder::kNewest});
    ASSERT_EQ(newest.size(), 102U);
    EXPECT_EQ(newest.front(), 101);
    EXPECT_EQ(newest.back(), 102);
}

TEST_F(SqliteSearchIndexTest, CombinesOrAndExclusion) {
    Add(1, 1, "", "申请退款");
    Add(2, 2, "", "要求退货");
    Add(3, 3, "", "退款，快递丢了");
    EXPECT_EQ(SortedIds("退款 OR 退货"), (IdList{1, 2, 3}));
    EXPECT_EQ(SortedIds("退款 -快递"), IdList{1});
}

TEST_F(SqliteSearchIndexTest, FindsSimplifiedTextWithATraditionalQueryAndBack) {
    Add(1, 1, "", "质量太差，要退货");
    Add(2, 2, "", "質量很好");
    EXPECT_EQ(SortedIds("質量"), (IdList{1, 2}));
    EXPECT_EQ(SortedIds("退貨"), IdList{1});
}

TEST_F(SqliteSearchIndexTest, FindsEnglishWhateverTheCaseOrAccents) {
    Add(1, 1, "", "The CAFÉ refused a REFUND");
    EXPECT_EQ(SortedIds("cafe refund"), IdList{1});
    EXPECT_EQ(SortedIds("Café"), IdList{1});
    EXPECT_EQ(SortedIds("refun*"), IdList{1});
    EXPECT_EQ(SortedIds("refunds"), IdList{});
}

TEST_F(SqliteSearchIndexTest, FindsAnOrderNumberWholeOrByItsParts) {
    Add(1, 1, "", "", "", "订单 SO2023-11-0042 手机");
    Add(2, 2, "", "", "", "订单 SO2023-12-0042 手机");
    EXPECT_EQ(SortedIds("SO2023-11-0042"), IdList{1});
    EXPECT_EQ(SortedIds("so2023110042"), IdList{1});
    EXPECT_EQ(SortedIds("0042"), (IdList{1, 2}));
    EXPECT_EQ(SortedIds("order:SO2023-11-0042"), IdList{1});
    EXPECT_EQ(SortedIds("subject:SO2023-11-0042"), IdList{});
}

TEST_F(SqliteSearchIndexTest, SearchesInternalNotesOnlyWhenAllowed) {
    Add(1, 1, "投诉", "", "客户是老用户，可酌情补偿");
    EXPECT_EQ(SortedIds("补偿"), IdList{});
    EXPECT_EQ(SortedIds("补偿", {.columns = ColumnSet::Public().With(IndexColumn::kInternalNotes)}), IdList{1});
}

TEST_F(SqliteSearchIndexTest, FindsByCustomerNameOnlyWhenAllowed) {
    Add(1, 1, "投诉", "", "", "", "张三丰");
    EXPECT_EQ(SortedIds("张三"), IdList{});
    EXPECT_EQ(SortedIds("张三", {.columns = ColumnSet::All()}), IdList{1});
}

TEST_F(SqliteSearchIndexTest, KeepsCustomerNamesHashedWhenGivenAHasher) {
    Recreate([](std::string_view token) {
        std::uint64_t hash = 1469598103934665603ULL;
        for (const char c : token) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
        return std::to_string(hash);
    });
    Add(1, 1, "投诉", "", "", "", "张三丰 John Smith");
    EXPECT_EQ(SortedIds("张三", {.columns = ColumnSet::All()}), IdList{1});
    EXPECT_EQ(SortedIds("customer:smith", {.columns = ColumnSet::All()}), IdList{1});
    EXPECT_EQ(SortedIds("张三"), IdList{});
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db_, "SELECT customer FROM search_fts", -1, &statement, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
    const std::string stored = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    sqlite3_finalize(statement);
    EXPECT_EQ(stored.find("张"), std::string::npos);
    EXPECT_EQ(stored.find("smith"), std::string::npos);
}

TEST_F(SqliteSearchIndexTest, OrdersByDateEitherWay) {
    Add(5, 30, "", "退款");
    Add(6, 10, "", "退款");
    Add(7, 20, "", "退款");
    EXPECT_EQ(Ids("退款", {.order = SearchOrder::kNewest}), (IdList{5, 7, 6}));
    EXPECT_EQ(Ids("退款", {.order = SearchOrder::kOldest}), (IdList{6, 7, 5}));
    EXPECT_EQ(Ids("退款", {.limit = 1, .offset = 1, .order = SearchOrder::kNewest}), IdList{7});
}

TEST_F(SqliteSearchIndexTest, RanksBySubjectAndFrequencyFirst) {
    Add(1, 1, "", "退款 一次");
    Add(2, 2, "退款", "退款 退款 退款");
    Add(3, 3, "", "别的事情 退款 别的事情 别的事情");
    const IdList ranked = Ids("退款");
    ASSERT_EQ(ranked.size(), 3U);
    EXPECT_EQ(ranked.front(), 2);
}

TEST_F(SqliteSearchIndexTest, CapsTheTotalCount) {
    for (int i = 1; i <= 30; ++i) Add(i, i, "", "退款");
    auto parsed = ParseQuery("退款");
    auto page = index_->Search(*parsed->text, {.limit = 5, .count_cap = 10});
    ASSERT_TRUE(page);
    EXPECT_EQ(page->total, 10U);
    EXPECT_TRUE(page->total_is_capped);
    EXPECT_EQ(page->hits.size(), 5U);
}

TEST_F(SqliteSearchIndexTest, AppliesTheCallersDocumentFilter) {
    for (int i = 1; i <= 6; ++i) Add(i, i, "", "退款");
    SearchOptions options{.doc_filter_sql = "d.doc_id % ? = 0 AND d.doc_id <> ?", .doc_filter_arguments = {2, 4}};
    EXPECT_EQ(SortedIds("退款", options), (IdList{2, 6}));
    options.order = SearchOrder::kNewest;
    EXPECT_EQ(Ids("退款", options), (IdList{6, 2}));
}

TEST_F(SqliteSearchIndexTest, RefusesToReuseAnIndexOfAnotherAnalyzerVersion) {
    ASSERT_EQ(sqlite3_exec(db_, "UPDATE search_meta SET value = '0'", nullptr, nullptr, nullptr), SQLITE_OK);
    auto created = index_->CreateSchema();
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, domain::ErrorCode::kConflict);
}

TEST_F(SqliteSearchIndexTest, PutsTheSameCustomersEarlierComplaintsFirstAmongSimilarOnes) {
    Add(1, 1, "空调不制冷", "买的空调不制冷，师傅上门也没修好", "", "", "", "c1");
    Add(2, 2, "空调噪音大", "新买的空调不制冷而且噪音很大", "", "", "", "c2");
    Add(3, 3, "快递太慢", "等了一周", "", "", "", "c1");
    Add(4, 4, "空调不制冷", "空调不制冷，要求换货", "", "", "", "c1");
    Add(5, 5, "空调不制冷", "空调还是不制冷", "", "", "", "c3");
    auto similar = index_->Similar(4, {});
    ASSERT_TRUE(similar) << similar.error().message;
    ASSERT_GE(similar->size(), 3U);
    EXPECT_TRUE((*similar)[0].same_customer);
    EXPECT_EQ((*similar)[0].doc_id, 1);
    EXPECT_EQ((*similar)[1].doc_id, 3);  // same customer, unrelated text: still before strangers
    EXPECT_EQ((*similar)[2].doc_id, 2);
    for (const SimilarHit& hit : *similar) EXPECT_NE(hit.doc_id, 5);  // later, so not "earlier"
    EXPECT_EQ(index_->Similar(99, {}).error().code, domain::ErrorCode::kNotFound);
}

TEST_F(SqliteSearchIndexTest, FindsComplaintsSimilarToTextBeingTyped) {
    Add(1, 1, "空调不制冷", "买的空调不制冷");
    Add(2, 2, "快递太慢", "等了一周");
    auto similar = index_->SimilarToText("空调又不制冷了", "", {});
    ASSERT_TRUE(similar);
    ASSERT_FALSE(similar->empty());
    EXPECT_EQ(similar->front().doc_id, 1);
}

}  // namespace
}  // namespace kesu::search
