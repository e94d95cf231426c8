#include "channels/charset.hpp"

#include <gtest/gtest.h>

#include "channels/mail_samples.hpp"

namespace kesu::channels {
namespace {

TEST(ToUtf8, WidensGb2312AndBig5LabelsToTheirSupersets) {
    EXPECT_EQ(DecodingCharset("GB2312"), "GB18030");
    EXPECT_EQ(DecodingCharset("\"gbk\""), "GB18030");
    EXPECT_EQ(DecodingCharset("x-gbk"), "GB18030");
    EXPECT_EQ(DecodingCharset("Big5"), "BIG5-HKSCS");
    EXPECT_EQ(DecodingCharset("utf8"), "UTF-8");
    EXPECT_EQ(DecodingCharset("iso-8859-1"), "ISO-8859-1");
    EXPECT_EQ(DecodingCharset("no-such-charset"), "");
    EXPECT_EQ(ToUtf8(testing::Encode("张喆", "GBK"), "gb2312"), "张喆");
    EXPECT_EQ(ToUtf8(testing::Encode("香港", "BIG5-HKSCS"), "big5"), "香港");
}

TEST(ToUtf8, GuessesUnlabelledTextAsUtf8ThenGb18030) {
    EXPECT_EQ(ToUtf8("已收到", ""), "已收到");
    EXPECT_EQ(ToUtf8(testing::Encode("已收到", "GBK"), ""), "已收到");
    EXPECT_EQ(ToUtf8(testing::Encode("已收到", "GBK"), "us-ascii"), "已收到");
}

TEST(ToUtf8, ReplacesBytesTheCharsetDoesNotHave) {
    // A GBK lead byte cut off at the end, and a byte UTF-8 never uses.
    EXPECT_EQ(ToUtf8(testing::Encode("好", "GBK") + "\x81", "gbk"), "好\xEF\xBF\xBD");
    EXPECT_EQ(ToUtf8("ok\xFF", "utf-8"), "ok\xEF\xBF\xBD");
    EXPECT_TRUE(IsValidUtf8(ToUtf8("\xFF\xFE\x00\x41", "utf-16")));
}

TEST(IsValidUtf8, RefusesOverlongAndSurrogateSequences) {
    EXPECT_TRUE(IsValidUtf8("中文 ok 𠀀"));
    EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));
    EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));
    EXPECT_FALSE(IsValidUtf8("\xE4\xB8"));
    EXPECT_EQ(ScrubUtf8("a\xE4\xB8"), "a\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace kesu::channels
