#include "search/tokenizer.hpp"

#include <gtest/gtest.h>

namespace kesu::search {
namespace {

std::string Stream(std::string_view normalized) { return JoinTokens(Tokenize(normalized)); }

TEST(Tokenizer, SplitsChineseIntoOverlappingBigrams) { EXPECT_EQ(Stream("屏幕碎裂"), "屏幕 幕碎 碎裂"); }

TEST(Tokenizer, KeepsALoneChineseCharacterAsAUnigram) { EXPECT_EQ(Stream("好 的"), "好 _ 的"); }

TEST(Tokenizer, PutsAGapBetweenChineseRunsSeparatedOnlyByPunctuation) {
    EXPECT_EQ(Stream("屏幕，碎了"), "屏幕 _ 碎了");
}

TEST(Tokenizer, PutsNoGapWhereAWordAlreadySeparatesChineseRuns) {
    EXPECT_EQ(Stream("手机iphone屏幕"), "手机 iphone 屏幕");
}

TEST(Tokenizer, SplitsWordsAndNumbers) {
    EXPECT_EQ(Stream("refund of 100 dollars, isn't it"), "refund of 100 dollars isn t it");
}

TEST(Tokenizer, EmitsPartsAndACompoundForCodesWithDigits) {
    EXPECT_EQ(Stream("so2023-11-0042"), "so 2023 11 0042 _so2023110042");
    EXPECT_EQ(Stream("iphone6"), "iphone 6 _iphone6");
}

TEST(Tokenizer, EmitsNoCompoundForHyphenatedWords) { EXPECT_EQ(Stream("e-mail"), "e mail"); }

TEST(Tokenizer, DoesNotJoinAcrossATrailingConnector) { EXPECT_EQ(Stream("2019. next"), "2019 next"); }

TEST(Tokenizer, RecordsByteOffsetsIntoTheNormalisedText) {
    const auto tokens = Tokenize("ab 屏幕");
    ASSERT_EQ(tokens.size(), 2U);
    EXPECT_EQ(tokens[1].text, "屏幕");
    EXPECT_EQ(tokens[1].begin, 3U);
    EXPECT_EQ(tokens[1].end, 9U);
}

}  // namespace
}  // namespace kesu::search
