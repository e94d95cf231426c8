#include "channels/encoded_words.hpp"

#include <gmime/gmime.h>
#include <gtest/gtest.h>

#include "channels/gmime_support.hpp"
#include "channels/mail_samples.hpp"

namespace kesu::channels {
namespace {

std::string Decoded(const std::string& value) {
    EnsureGMime();
    return TakeGString(g_mime_utils_header_decode_text(nullptr, MergeEncodedWords(value).c_str()));
}

TEST(MergeEncodedWords, KeepsTheTextAfterPaddedBase64Words) {
    // Each word padded, as Outlook and Foxmail fold a GBK subject.
    const std::string folded = "=?gb2312?B?" + testing::Base64(testing::Encode("一米", "GBK")) + "?=\r\n =?gb2312?B?" +
                               testing::Base64(testing::Encode("阳光婚纱", "GBK")) + "?=\r\n =?gb2312?B?" +
                               testing::Base64(testing::Encode("摄影", "GBK")) + "?=";
    EXPECT_EQ(Decoded(folded), "一米阳光婚纱摄影");
}

TEST(MergeEncodedWords, JoinsACharacterSplitBetweenTwoWords) {
    const std::string bytes = testing::Encode("投诉", "GBK");  // four bytes: split the first character
    const std::string value =
        "=?GBK?B?" + testing::Base64(bytes.substr(0, 1)) + "?= =?GBK?B?" + testing::Base64(bytes.substr(1)) + "?=";
    EXPECT_EQ(Decoded(value), "投诉");
}

TEST(MergeEncodedWords, KeepsPlainTextAndMixedCharsets) {
    EXPECT_EQ(Decoded("Re: [TS-20261122-000123] " + testing::EncodedWord("已受理", "GBK") + " " +
                      testing::QEncodedWord("謝謝", "BIG5") + " ok"),
              "Re: [TS-20261122-000123] 已受理謝謝 ok");
    EXPECT_EQ(MergeEncodedWords("no words here"), "no words here");
    EXPECT_EQ(MergeEncodedWords("=?broken"), "=?broken");
    EXPECT_EQ(MergeEncodedWords("=?GBK?B?!!!?="), "=?GBK?B?!!!?=") << "a word that does not decode stays";
}

}  // namespace
}  // namespace kesu::channels
