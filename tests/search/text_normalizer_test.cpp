#include "search/text_normalizer.hpp"

#include <gtest/gtest.h>

#include "search/real_texts.hpp"
#include "search/test_normalizer.hpp"

namespace kesu::search {
namespace {

using testing::TestNormalizer;

TEST(TextNormalizer, FoldsFullWidthAsciiAndCase) {
    EXPECT_EQ(TestNormalizer().Normalize("ＳＯ２０２３－１１　ABC"), "so2023-11 abc");
}

TEST(TextNormalizer, FoldsLatinAccents) {
    EXPECT_EQ(TestNormalizer().Normalize("Café Crème Über Straße Œuvre Łódź"), "cafe creme uber strasse oeuvre lodz");
}

TEST(TextNormalizer, DropsCombiningAccentsOfDecomposedText) {
    EXPECT_EQ(TestNormalizer().Normalize("Cafe\u0301"), "cafe");
}

TEST(TextNormalizer, FoldsGreekAndCyrillicCase) { EXPECT_EQ(TestNormalizer().Normalize("ΑΒΓ ДОМ"), "αβγ дом"); }

TEST(TextNormalizer, ConvertsTraditionalToSimplifiedChinese) {
    EXPECT_EQ(TestNormalizer().Normalize("退貨質量頭髮發展"), "退货质量头发发展");
}

TEST(TextNormalizer, LeavesSimplifiedChineseAlone) {
    EXPECT_EQ(TestNormalizer().Normalize("手机屏幕碎了"), "手机屏幕碎了");
}

TEST(TextNormalizer, ReplacesInvalidUtf8) {
    EXPECT_EQ(TestNormalizer().Normalize("a\xFF"
                                         "b"),
              "a\uFFFDb");
}

TEST(TextNormalizer, MapsEveryNormalisedByteBackToItsSourceCharacter) {
    const std::string text = "Ａ質ß";
    const NormalizedText normalized = TestNormalizer().NormalizeWithOffsets(text);
    ASSERT_EQ(normalized.text, "a质ss");
    ASSERT_EQ(normalized.source_offsets.size(), normalized.text.size() + 1);
    EXPECT_EQ(normalized.source_offsets[0], 0U);  // a ← Ａ
    EXPECT_EQ(normalized.source_offsets[1], 3U);  // 质 ← 質
    EXPECT_EQ(normalized.source_offsets[3], 3U);
    EXPECT_EQ(normalized.source_offsets[4], 6U);  // s ← ß
    EXPECT_EQ(normalized.source_offsets[5], 6U);
    EXPECT_EQ(normalized.source_offsets[6], text.size());
}

TEST(TextNormalizer, KnowsWhichCharactersOpenccChanges) {
    // Read from OpenCC's own dictionaries: thousands of traditional characters (and the shortcut is on).
    EXPECT_GT(TestNormalizer().convertible_characters(), 3000U);
}

// Text without any character OpenCC changes skips OpenCC. The reference is the same text forced through OpenCC:
// a traditional character after a line break (no dictionary entry spans a line break) makes the text need
// conversion, and its own conversion (體 → 体) is stripped again.
TEST(TextNormalizer, SkippingOpenccNeverChangesTheResultOnRealTexts) {
    auto data = testing::SharedDataDirectory();
    if (!data) GTEST_SKIP() << "../shared/data not found";
    const TextNormalizer& normalizer = TestNormalizer();
    std::size_t compared = 0;
    for (const testing::RealText& text : testing::LoadMixedTexts(*data, 3)) {
        for (const std::string* field : {&text.subject, &text.body, &text.product}) {
            if (field->empty()) continue;
            std::string forced = normalizer.Normalize(*field + "\n體");
            ASSERT_TRUE(forced.ends_with("\n体")) << *field;
            forced.resize(forced.size() - std::string_view("\n体").size());
            ASSERT_EQ(normalizer.Normalize(*field), forced) << *field;
            ++compared;
        }
    }
    EXPECT_GT(compared, 10000U);
}

TEST(TextNormalizer, ReportsAMissingOpenccConfigurationAsUnavailable) {
    const auto created = TextNormalizer::Create("/nonexistent/t2s.json");
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, domain::ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace kesu::search
