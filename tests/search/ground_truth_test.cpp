// Search must return exactly the documents a plain scan of the same normalised text finds. "Contains" means:
// a Chinese word occurs as a substring of one column's normalised text; an English word or a number occurs
// there with no letter (for a word) or digit (for a number) right before or after it — what a token is.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <iostream>
#include <set>

#include "search/real_texts.hpp"
#include "search/sqlite_search_index.hpp"
#include "search/test_normalizer.hpp"
#include "search/utf8.hpp"

namespace kesu::search {
namespace {

using testing::TestNormalizer;

char32_t CharBefore(std::string_view text, std::size_t offset) {
    if (offset == 0) return U' ';
    std::size_t start = offset - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0U) == 0x80U) --start;
    return DecodeUtf8(text, start).code_point;
}

bool ContainsWord(std::string_view text, std::string_view word) {
    const char32_t first = DecodeUtf8(word, 0).code_point;
    if (IsCjk(first)) return text.find(word) != std::string_view::npos;
    const auto same_class = [&](char32_t c) { return IsAsciiDigit(first) ? IsAsciiDigit(c) : IsWordLetter(c); };
    for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
        const std::size_t end = at + word.size();
        const char32_t after = end < text.size() ? DecodeUtf8(text, end).code_point : U' ';
        if (!same_class(CharBefore(text, at)) && !same_class(after)) return true;
    }
    return false;
}

class GroundTruthTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const auto data = testing::SharedDataDirectory();
        if (!data) return;
        ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
        index_ = new SqliteSearchIndex(db_, TestNormalizer());
        ASSERT_TRUE(index_->CreateSchema());
        const std::vector<testing::RealText> texts = testing::LoadMixedTexts(*data, 25);
        ASSERT_GT(texts.size(), 3000U);
        documents_ = new std::vector<std::vector<std::string>>();
        ASSERT_EQ(sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr), SQLITE_OK);
        std::int64_t id = 0;
        for (const testing::RealText& text : texts) {
            ++id;
            IndexedDocument document{id, domain::FromMillis(id * 1000), text.subject, text.body, "", text.product, "",
                                     ""};
            ASSERT_TRUE(index_->Upsert(document));
            const TextNormalizer& normalizer = TestNormalizer();
            documents_->push_back({normalizer.Normalize(text.subject), normalizer.Normalize(text.body),
                                   normalizer.Normalize(text.product)});
        }
        ASSERT_EQ(sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
    }

    static void TearDownTestSuite() {
        delete index_;
        delete documents_;
        if (db_ != nullptr) sqlite3_close(db_);
        index_ = nullptr;
        documents_ = nullptr;
        db_ = nullptr;
    }

    void SetUp() override {
        ASSERT_NE(index_, nullptr) << "the real texts (KESU_SHARED_DATA or ../shared/data) could not be read";
    }

    static std::set<std::int64_t> Scan(std::string_view word) {
        const std::string normalized = TestNormalizer().Normalize(word);
        std::set<std::int64_t> ids;
        for (std::size_t i = 0; i < documents_->size(); ++i)
            for (const std::string& column : (*documents_)[i])
                if (ContainsWord(column, normalized)) ids.insert(static_cast<std::int64_t>(i + 1));
        return ids;
    }

    static std::set<std::int64_t> Search(std::string_view query) {
        auto parsed = ParseQuery(query);
        EXPECT_TRUE(parsed && parsed->text) << query;
        SearchOptions options{.limit = 1'000'000, .order = SearchOrder::kNewest, .count_cap = 1'000'000};
        auto page = index_->Search(*parsed->text, options);
        EXPECT_TRUE(page) << query << ": " << (page ? "" : page.error().message);
        std::set<std::int64_t> ids;
        if (!page) return ids;
        for (const SearchHit& hit : page->hits) ids.insert(hit.doc_id);
        EXPECT_EQ(page->total, ids.size());
        return ids;
    }

    static std::set<std::int64_t> Without(std::set<std::int64_t> left, const std::set<std::int64_t>& right) {
        for (const std::int64_t id : right) left.erase(id);
        return left;
    }

    static inline sqlite3* db_ = nullptr;
    static inline SqliteSearchIndex* index_ = nullptr;
    static inline std::vector<std::vector<std::string>>* documents_ = nullptr;
};

TEST_F(GroundTruthTest, FindsExactlyTheDocumentsThatContainEachWord) {
    const std::vector<std::string_view> words{
        // two-character Chinese words
        "屏幕",
        "物流",
        "退款",
        "质量",
        "客服",
        "快递",
        "味道",
        "送餐",
        "电池",
        "小区",
        "噪音",
        "酒店",
        "外卖",
        "包装",
        // longer Chinese words, and traditional spellings of simplified text
        "性价比",
        "不好吃",
        "太慢了",
        "物业公司",
        "售后服务",
        "不推荐",
        "质量不错",
        "物流很快",
        "質量",
        "退貨",
        "頭髮",
        // English in other cases and with accents, and numbers
        "refund",
        "Credit",
        "MORTGAGE",
        "Equifax",
        "crédit",
        "delayed",
        "flight",
        "xxxx",
        "2019",
        "100",
        "12",
        "5",
    };
    for (const std::string_view word : words) {
        const std::set<std::int64_t> expected = Scan(word);
        EXPECT_FALSE(expected.empty()) << word << " occurs nowhere; the test would prove nothing";
        EXPECT_EQ(Search(word), expected) << word;
        std::cout << "[ground truth] " << word << ": " << expected.size() << " documents\n";
    }
}

TEST_F(GroundTruthTest, TellsAPhraseFromWordsAnywhere) {
    const auto both = Search("质量 不错");
    const auto phrase = Search("\"质量 不错\"");
    EXPECT_EQ(phrase, Scan("质量不错"));
    std::set<std::int64_t> expected_both;
    std::ranges::set_intersection(Scan("质量"), Scan("不错"), std::inserter(expected_both, expected_both.end()));
    EXPECT_EQ(both, expected_both);
    EXPECT_LT(phrase.size(), both.size());
    EXPECT_TRUE(std::ranges::includes(both, phrase));
}

TEST_F(GroundTruthTest, UnitesAlternativesWithOr) {
    std::set<std::int64_t> expected = Scan("退款");
    expected.merge(Scan("退货"));
    EXPECT_EQ(Search("退款 OR 退货"), expected);
}

TEST_F(GroundTruthTest, SubtractsExcludedWords) {
    const auto expected = Without(Scan("快递"), Scan("物流"));
    EXPECT_EQ(Search("快递 -物流"), expected);
    EXPECT_LT(expected.size(), Scan("快递").size());
}

}  // namespace
}  // namespace kesu::search
