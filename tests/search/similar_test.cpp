// Similar complaints on tipdm attachment 3, citizen messages with many reports of the same issues. It has no
// issue labels, so a few unmistakable hot issues are labelled by keywords of the message subject; a message's
// most similar messages should mostly carry the same label. Messages about the issue whose subject lacks the
// keyword count as misses, so the measured precision is a lower bound.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <iostream>
#include <map>

#include "search/real_texts.hpp"
#include "search/sqlite_search_index.hpp"
#include "search/test_normalizer.hpp"

namespace kesu::search {
namespace {

using testing::TestNormalizer;

struct Issue {
    std::string_view name;
    std::vector<std::string_view> subject_keywords;
};

const std::vector<Issue> kIssues{
    {"伊景园滨河苑捆绑销售车位", {"伊景园"}},
    {"丽发新城搅拌站扰民", {"丽发新城", "丽发小区", "搅拌站"}},
    {"万科魅力之城", {"魅力之城"}},
    {"58车贷案", {"58车贷"}},
    {"温斯顿英语退费", {"温斯顿"}},
    {"五矿万境", {"五矿万境"}},
    {"人才购房补贴", {"购房补贴", "人才购房"}},
    {"麻将馆扰民", {"麻将馆"}},
};

std::string IssueOf(std::string_view subject) {
    for (const Issue& issue : kIssues)
        for (const std::string_view keyword : issue.subject_keywords)
            if (subject.find(keyword) != std::string_view::npos) return std::string(issue.name);
    return "";
}

class SimilarComplaintsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const auto data = testing::SharedDataDirectory();
        if (!data) return;
        ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
        index_ = new SqliteSearchIndex(db_, TestNormalizer());
        ASSERT_TRUE(index_->CreateSchema());
        messages_ = new std::vector<testing::RealText>(testing::LoadHotIssueMessages(*data));
        ASSERT_GT(messages_->size(), 4000U);
        ASSERT_EQ(sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr), SQLITE_OK);
        for (std::size_t i = 0; i < messages_->size(); ++i) {
            const testing::RealText& message = (*messages_)[i];
            IndexedDocument document{static_cast<std::int64_t>(i + 1),
                                     domain::FromMillis(static_cast<std::int64_t>(i) * 1000),
                                     message.subject,
                                     message.body,
                                     "",
                                     "",
                                     "",
                                     message.user};
            ASSERT_TRUE(index_->Upsert(document));
        }
        ASSERT_EQ(sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
    }

    static void TearDownTestSuite() {
        delete index_;
        delete messages_;
        if (db_ != nullptr) sqlite3_close(db_);
        index_ = nullptr;
        messages_ = nullptr;
        db_ = nullptr;
    }

    void SetUp() override {
        ASSERT_NE(index_, nullptr) << "the real texts (KESU_SHARED_DATA or ../shared/data) could not be read";
    }

    static const testing::RealText& Message(std::int64_t doc_id) {
        return (*messages_)[static_cast<std::size_t>(doc_id - 1)];
    }

    static inline sqlite3* db_ = nullptr;
    static inline SqliteSearchIndex* index_ = nullptr;
    static inline std::vector<testing::RealText>* messages_ = nullptr;
};

TEST_F(SimilarComplaintsTest, FindsReportsOfTheSameIssueAmongTheMostSimilar) {
    constexpr std::size_t kTop = 5;
    std::map<std::string, std::pair<std::size_t, std::size_t>> per_issue;  // same-issue hits, all hits
    std::size_t first_is_same = 0;
    std::size_t queries = 0;
    for (std::size_t i = 0; i < messages_->size(); ++i) {
        const std::string issue = IssueOf((*messages_)[i].subject);
        if (issue.empty()) continue;
        // Text similarity alone: the customer key would put a user's unrelated messages first.
        SimilarOptions options{.limit = kTop, .earlier_only = false, .same_customer_max = 0};
        auto similar = index_->Similar(static_cast<std::int64_t>(i + 1), options);
        ASSERT_TRUE(similar) << similar.error().message;
        ++queries;
        auto& [same, all] = per_issue[issue];
        for (std::size_t rank = 0; rank < similar->size(); ++rank) {
            const bool hit = IssueOf(Message((*similar)[rank].doc_id).subject) == issue;
            same += hit ? 1 : 0;
            ++all;
            if (rank == 0 && hit) ++first_is_same;
        }
    }
    std::size_t same_total = 0;
    std::size_t all_total = 0;
    for (const auto& [issue, counts] : per_issue) {
        std::cout << "[similar] " << issue << ": " << counts.first << "/" << counts.second << " of the top " << kTop
                  << " share the issue\n";
        same_total += counts.first;
        all_total += counts.second;
    }
    const double precision = static_cast<double>(same_total) / static_cast<double>(all_total);
    const double first = static_cast<double>(first_is_same) / static_cast<double>(queries);
    std::cout << "[similar] " << queries << " messages: precision@" << kTop << " " << precision << ", top-1 " << first
              << "\n";
    EXPECT_GE(precision, 0.6);
    EXPECT_GE(first, 0.8);
}

TEST_F(SimilarComplaintsTest, ListsTheSameUsersEarlierMessagesFirst) {
    std::int64_t last_by_busiest = 0;
    for (std::size_t i = 0; i < messages_->size(); ++i)
        if ((*messages_)[i].user == "A00031618") last_by_busiest = static_cast<std::int64_t>(i + 1);
    ASSERT_GT(last_by_busiest, 0);
    auto similar = index_->Similar(last_by_busiest, {.limit = 10});
    ASSERT_TRUE(similar);
    ASSERT_EQ(similar->size(), 10U);
    for (const SimilarHit& hit : *similar) {
        EXPECT_TRUE(hit.same_customer);
        EXPECT_LT(hit.doc_id, last_by_busiest);
        EXPECT_EQ(Message(hit.doc_id).user, "A00031618");
    }
}

}  // namespace
}  // namespace kesu::search
