#include "search/snippet.hpp"

#include <gtest/gtest.h>

#include "search/test_normalizer.hpp"
#include "search/utf8.hpp"

namespace kesu::search {
namespace {

using testing::TestNormalizer;

std::string Snippet(std::string_view text, std::string_view query, std::size_t width = 120) {
    auto parsed = ParseQuery(query);
    EXPECT_TRUE(parsed && parsed->text);
    return MakeSnippet(TestNormalizer(), text, *parsed->text, SnippetOptions{.max_characters = width});
}

TEST(Snippet, MarksAChineseWord) {
    EXPECT_EQ(Snippet("这个手机屏幕碎裂了，很失望", "屏幕碎裂"), "这个手机<mark>屏幕碎裂</mark>了，很失望");
}

TEST(Snippet, MarksEnglishWordsWhateverTheirCaseOrAccents) {
    EXPECT_EQ(Snippet("The Café was CLOSED", "cafe closed"), "The <mark>Café</mark> was <mark>CLOSED</mark>");
}

TEST(Snippet, MarksTraditionalTextFoundBySimplifiedQuery) {
    EXPECT_EQ(Snippet("退貨很慢", "退货"), "<mark>退貨</mark>很慢");
}

TEST(Snippet, EscapesHtmlAroundTheMarks) {
    EXPECT_EQ(Snippet("<b>refund</b> & \"more\"", "refund"),
              "&lt;b&gt;<mark>refund</mark>&lt;/b&gt; &amp; &quot;more&quot;");
}

TEST(Snippet, DoesNotMarkExcludedWords) { EXPECT_EQ(Snippet("退款 快递", "退款 -快递"), "<mark>退款</mark> 快递"); }

TEST(Snippet, CutsAWindowAroundTheBestMatchWithoutSplittingCharacters) {
    std::string text;
    for (int i = 0; i < 60; ++i) text += "无关内容";
    text += "屏幕碎裂";
    for (int i = 0; i < 60; ++i) text += "其他文字";
    const std::string snippet = Snippet(text, "屏幕碎裂", 40);
    EXPECT_TRUE(snippet.starts_with("…"));
    EXPECT_TRUE(snippet.ends_with("…"));
    EXPECT_NE(snippet.find("<mark>屏幕碎裂</mark>"), std::string::npos);
    std::string plain = snippet;
    for (const std::string_view tag : {"<mark>", "</mark>"}) plain.erase(plain.find(tag), tag.size());
    EXPECT_EQ(CountCodePoints(plain), 40U + 2U);
    for (std::size_t offset = 0; offset < plain.size();) {
        const auto decoded = DecodeUtf8(plain, offset);
        ASSERT_NE(decoded.code_point, kReplacementCharacter);
        offset += decoded.length;
    }
}

TEST(Snippet, PrefersTheWindowWithTheMostDistinctTerms) {
    std::string text = "退款";
    for (int i = 0; i < 50; ++i) text += "无关内容";
    text += "退款了但是快递还没到";
    const std::string snippet = Snippet(text, "退款 快递", 30);
    EXPECT_NE(snippet.find("<mark>退款</mark>了但是<mark>快递</mark>"), std::string::npos) << snippet;
}

TEST(Snippet, CollapsesWhitespace) { EXPECT_EQ(Snippet("refund\n\n  please", "please"), "refund <mark>please</mark>"); }

TEST(Snippet, ShowsTheStartWhenNothingMatches) { EXPECT_EQ(Snippet("abcdef", "xyz", 3), "abc…"); }

}  // namespace
}  // namespace kesu::search
