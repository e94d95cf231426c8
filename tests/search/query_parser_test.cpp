#include <gtest/gtest.h>

#include "search/query.hpp"

namespace kesu::search {
namespace {

using Kind = QueryNode::Kind;

QueryNode TextOf(std::string_view query) {
    auto parsed = ParseQuery(query);
    EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message);
    EXPECT_TRUE(parsed && parsed->text);
    return parsed && parsed->text ? *parsed->text : QueryNode{};
}

std::string ErrorOf(std::string_view query) {
    auto parsed = ParseQuery(query);
    EXPECT_FALSE(parsed) << query;
    if (parsed) return "";
    EXPECT_EQ(parsed.error().code, domain::ErrorCode::kInvalidArgument);
    return parsed.error().message;
}

TEST(QueryParser, JoinsWordsWithAnd) {
    const QueryNode node = TextOf("手机 屏幕");
    ASSERT_EQ(node.kind, Kind::kAnd);
    ASSERT_EQ(node.children.size(), 2U);
    EXPECT_EQ(node.children[1].text, "屏幕");
    EXPECT_EQ(node.children[1].position, 4U);
}

TEST(QueryParser, BindsOrTighterThanTheImplicitAnd) {
    const QueryNode node = TextOf("快递 退款 OR 退货");
    ASSERT_EQ(node.kind, Kind::kAnd);
    ASSERT_EQ(node.children.size(), 2U);
    EXPECT_EQ(node.children[1].kind, Kind::kOr);
    EXPECT_EQ(node.children[1].children.size(), 2U);
}

TEST(QueryParser, ReadsMinusAndNotAsExclusion) {
    for (const std::string_view query : {"退款 -快递", "退款 NOT 快递"}) {
        const QueryNode node = TextOf(query);
        ASSERT_EQ(node.kind, Kind::kAnd) << query;
        EXPECT_EQ(node.children[1].kind, Kind::kNot) << query;
        EXPECT_EQ(node.children[1].children[0].text, "快递") << query;
    }
}

TEST(QueryParser, ExcludesAGroup) {
    const QueryNode node = TextOf("退款 -(快递 OR 物流)");
    ASSERT_EQ(node.kind, Kind::kAnd);
    ASSERT_EQ(node.children[1].kind, Kind::kNot);
    EXPECT_EQ(node.children[1].children[0].kind, Kind::kOr);
}

TEST(QueryParser, AcceptsAQuotedFilterValue) {
    auto parsed = ParseQuery("category:\"after sales\" 退款");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->filters.categories, std::vector<std::string>{"after sales"});
}

TEST(QueryParser, KeepsAHyphenInsideAWord) {
    const QueryNode node = TextOf("SO2023-11-0042");
    EXPECT_EQ(node.kind, Kind::kWord);
    EXPECT_EQ(node.text, "SO2023-11-0042");
}

TEST(QueryParser, ReadsQuotedPhrasesIncludingChineseQuotes) {
    EXPECT_EQ(TextOf("\"screen cracked\"").kind, Kind::kPhrase);
    const QueryNode chinese = TextOf("“屏幕 碎了”");
    EXPECT_EQ(chinese.kind, Kind::kPhrase);
    EXPECT_EQ(chinese.text, "屏幕 碎了");
}

TEST(QueryParser, ReadsParenthesesAndPrefixes) {
    const QueryNode node = TextOf("(退款 OR refund*) 快递");
    ASSERT_EQ(node.kind, Kind::kAnd);
    ASSERT_EQ(node.children[0].kind, Kind::kOr);
    EXPECT_TRUE(node.children[0].children[1].prefix);
    EXPECT_EQ(node.children[0].children[1].text, "refund");
}

TEST(QueryParser, ReadsTextFieldsAsRestrictedTerms) {
    const QueryNode node = TextOf("subject:屏幕 customer:\"张 三\" order:SO2023-11-0042");
    ASSERT_EQ(node.children.size(), 3U);
    EXPECT_EQ(node.children[0].field, TextField::kSubject);
    EXPECT_EQ(node.children[1].kind, Kind::kPhrase);
    EXPECT_EQ(node.children[1].field, TextField::kCustomerName);
    EXPECT_EQ(node.children[2].field, TextField::kProductOrder);
}

TEST(QueryParser, ReturnsListFiltersAsStructuredValues) {
    auto parsed = ParseQuery(
        "屏幕 status:closed,replied level:major category:quality channel:phone from:2026-01-01 to:2026-02-01 "
        "kind:consultation dept:3 owner:me");
    ASSERT_TRUE(parsed) << parsed.error().message;
    ASSERT_TRUE(parsed->text);
    EXPECT_EQ(parsed->text->text, "屏幕");
    const QueryFilters& filters = parsed->filters;
    EXPECT_EQ(filters.statuses, (std::vector{domain::Status::kClosed, domain::Status::kReplied}));
    EXPECT_EQ(filters.levels, std::vector{domain::Level::kMajor});
    EXPECT_EQ(filters.categories, std::vector<std::string>{"quality"});
    EXPECT_EQ(filters.channels, std::vector{domain::Channel::kPhone});
    EXPECT_EQ(filters.kinds, std::vector{domain::RequestKind::kConsultation});
    EXPECT_EQ(filters.department_ids, std::vector<std::int64_t>{3});
    ASSERT_TRUE(filters.owner);
    EXPECT_TRUE(filters.owner->me);
    EXPECT_EQ(filters.from,
              std::chrono::year_month_day(std::chrono::year{2026}, std::chrono::January, std::chrono::day{1}));
    EXPECT_EQ(filters.to,
              std::chrono::year_month_day(std::chrono::year{2026}, std::chrono::February, std::chrono::day{1}));
}

TEST(QueryParser, AcceptsAQueryOfFiltersOnly) {
    auto parsed = ParseQuery("status:closed owner:42");
    ASSERT_TRUE(parsed);
    EXPECT_FALSE(parsed->text);
    EXPECT_EQ(parsed->filters.owner->owner_id, 42);
}

TEST(QueryParser, RejectsAnEmptyQuery) { EXPECT_NE(ErrorOf("   ").find("empty"), std::string::npos); }

// Found by tests/fuzz (search_query): a query of operators alone parsed to nothing at all, neither words nor filters.
TEST(QueryParser, RejectsAQueryOfOperatorsAlone) {
    for (std::string_view query : {"AND", "\v AND \r", "AND AND"})
        EXPECT_NE(ErrorOf(query).find("empty"), std::string::npos) << query;
}

TEST(QueryParser, RejectsAnUnbalancedQuoteNamingItsPosition) {
    EXPECT_NE(ErrorOf("退款 \"屏幕 碎了").find("quote"), std::string::npos);
    EXPECT_NE(ErrorOf("退款 \"屏幕 碎了").find("character 4"), std::string::npos);
}

TEST(QueryParser, RejectsUnbalancedParentheses) {
    EXPECT_NE(ErrorOf("(退款 OR 退货").find("character 1"), std::string::npos);
    EXPECT_NE(ErrorOf("退款)").find("character 3"), std::string::npos);
}

TEST(QueryParser, RejectsAnUnknownFieldNamingIt) {
    const std::string message = ErrorOf("退款 colour:red");
    EXPECT_NE(message.find("unknown field 'colour:'"), std::string::npos);
    EXPECT_NE(message.find("character 4"), std::string::npos);
}

TEST(QueryParser, RejectsBadFilterValues) {
    EXPECT_NE(ErrorOf("status:nonsense").find("unknown status"), std::string::npos);
    EXPECT_NE(ErrorOf("from:2026-02-30").find("date"), std::string::npos);
    EXPECT_NE(ErrorOf("dept:sales").find("department"), std::string::npos);
    EXPECT_NE(ErrorOf("status:").find("value"), std::string::npos);
}

TEST(QueryParser, RejectsFiltersInsideOrNegationOrParentheses) {
    ErrorOf("status:closed OR 退款");
    ErrorOf("退款 OR status:closed");
    ErrorOf("-status:closed 退款");
    ErrorOf("(status:closed 退款)");
}

TEST(QueryParser, RejectsExclusionInsideOr) { EXPECT_NE(ErrorOf("退款 OR -退货").find("OR"), std::string::npos); }

TEST(QueryParser, RejectsADanglingOr) {
    ErrorOf("OR 退款");
    ErrorOf("退款 OR");
}

TEST(QueryParser, TreatsColonsAfterNonLettersAsText) { EXPECT_EQ(TextOf("9:30").text, "9:30"); }

}  // namespace
}  // namespace kesu::search
