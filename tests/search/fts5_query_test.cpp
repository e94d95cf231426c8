#include "search/fts5_query.hpp"

#include <gtest/gtest.h>

#include "search/test_normalizer.hpp"

namespace kesu::search {
namespace {

using testing::TestNormalizer;

domain::Result<std::string> Compile(std::string_view query, ColumnSet columns = {IndexColumn::kBody},
                                    const TokenHasher& hasher = {}) {
    auto parsed = ParseQuery(query);
    EXPECT_TRUE(parsed && parsed->text);
    return CompileFts5Query(*parsed->text, TestNormalizer(), columns, hasher);
}

std::string Expression(std::string_view query, ColumnSet columns = {IndexColumn::kBody}) {
    auto compiled = Compile(query, columns);
    EXPECT_TRUE(compiled) << compiled.error().message;
    return compiled.value_or("");
}

TEST(Fts5Query, TurnsAChineseWordIntoAPhraseOfBigrams) {
    EXPECT_EQ(Expression("屏幕碎裂"), "{body} : \"屏幕 幕碎 碎裂\"");
}

TEST(Fts5Query, JoinsWordsWithAndAndKeepsOr) {
    EXPECT_EQ(Expression("快递 退款 OR 退货"), "({body} : \"快递\" AND ({body} : \"退款\" OR {body} : \"退货\"))");
}

TEST(Fts5Query, ExcludesWithNot) { EXPECT_EQ(Expression("退款 -快递"), "({body} : \"退款\" NOT {body} : \"快递\")"); }

TEST(Fts5Query, IgnoresSpacesBetweenChineseInsideAPhrase) {
    EXPECT_EQ(Expression("\"屏幕 碎了\""), "{body} : \"屏幕 幕碎 碎了\"");
    EXPECT_EQ(Expression("\"Screen Cracked\""), "{body} : \"screen cracked\"");
}

TEST(Fts5Query, FindsACodeByItsCompoundOrItsParts) {
    EXPECT_EQ(Expression("SO2023-11-0042"), "{body} : (\"_so2023110042\" OR \"so 2023 11 0042\")");
}

TEST(Fts5Query, MakesATrailingLoneChineseCharacterAPrefix) { EXPECT_EQ(Expression("屏"), "{body} : \"屏\" *"); }

TEST(Fts5Query, FoldsTraditionalChineseInTheQuery) { EXPECT_EQ(Expression("退貨"), "{body} : \"退货\""); }

TEST(Fts5Query, RestrictsTermsToTheAllowedColumns) {
    EXPECT_EQ(Expression("退款", ColumnSet::Public()), "{subject body product} : \"退款\"");
    EXPECT_EQ(Expression("subject:退款", ColumnSet::Public()), "{subject} : \"退款\"");
}

TEST(Fts5Query, RefusesAFieldTheRoleMayNotSearch) {
    auto compiled = Compile("notes:退款", ColumnSet::Public());
    ASSERT_FALSE(compiled);
    EXPECT_EQ(compiled.error().code, domain::ErrorCode::kForbidden);
}

TEST(Fts5Query, HashesCustomerNameTokensWithTheHasher) {
    const TokenHasher hasher = [](std::string_view token) { return "H" + std::to_string(token.size()); };
    auto compiled = Compile("张三", {IndexColumn::kBody, IndexColumn::kCustomerName}, hasher);
    ASSERT_TRUE(compiled);
    EXPECT_EQ(*compiled, "({body} : \"张三\" OR {customer} : \"_hh6\")");
}

TEST(Fts5Query, RejectsAQueryOfOnlyExclusions) {
    auto compiled = Compile("-快递");
    ASSERT_FALSE(compiled);
    EXPECT_EQ(compiled.error().code, domain::ErrorCode::kInvalidArgument);
}

TEST(Fts5Query, RejectsAQueryWithNothingToSearchFor) {
    auto compiled = Compile("!!! ，。");
    ASSERT_FALSE(compiled);
    EXPECT_NE(compiled.error().message.find("nothing to search for"), std::string::npos);
}

}  // namespace
}  // namespace kesu::search
