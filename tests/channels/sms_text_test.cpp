#include "channels/sms_text.hpp"

#include <gtest/gtest.h>

namespace kesu::channels {
namespace {

TEST(SmsLength, CountsEveryCharacterOnceAndEmojiTwice) {
    EXPECT_EQ(SmsLength("【某某公司】您好"), 8u);
    EXPECT_EQ(SmsLength("abc 123"), 7u);
    EXPECT_EQ(SmsLength("好😀"), 3u);
    EXPECT_EQ(SmsLength(""), 0u);
}

TEST(SmsParts, BillsSeventyAsOneAndLongerInPartsOfSixtySeven) {
    const SmsLimits limits;
    EXPECT_EQ(SmsParts(70, limits), 1);
    EXPECT_EQ(SmsParts(71, limits), 2);
    EXPECT_EQ(SmsParts(134, limits), 2);
    EXPECT_EQ(SmsParts(135, limits), 3);
}

TEST(WithSignature, PrefixesTheSignatureOnce) {
    EXPECT_EQ(WithSignature("您的投诉已受理", "某某公司"), "【某某公司】您的投诉已受理");
    EXPECT_EQ(WithSignature("【别的公司】已受理", "某某公司"), "【别的公司】已受理");
    EXPECT_EQ(WithSignature("已受理", ""), "已受理");
}

TEST(SplitSms, CutsLongTextIntoNumberedMessagesThatEachFit) {
    const SmsLimits limits;
    std::string text;
    for (int i = 0; i < 30; ++i) text += "您的投诉正在处理";  // 240 characters
    const auto messages = SplitSms(text, "某某公司", limits);
    ASSERT_EQ(messages.size(), 5u);
    std::string joined;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        EXPECT_LE(SmsLength(messages[i]), limits.single) << messages[i];
        const std::string prefix = "【某某公司】(" + std::to_string(i + 1) + "/5)";
        ASSERT_TRUE(messages[i].starts_with(prefix)) << messages[i];
        joined += messages[i].substr(prefix.size());
    }
    EXPECT_EQ(joined, text);
    EXPECT_EQ(SplitSms("短", "某某公司", limits), std::vector<std::string>{"【某某公司】短"});
}

TEST(SplitSms, NeverCutsACharacterInHalf) {
    SmsLimits limits;
    limits.single = 12;
    std::string text;
    for (int i = 0; i < 20; ++i) text += "😀";
    for (const std::string& message : SplitSms(text, "", limits)) {
        EXPECT_LE(SmsLength(message), 12u);
        EXPECT_EQ(message.size() % 4, (message.find(')') + 1) % 4) << "an emoji was cut";
    }
}

TEST(NormalizeMobile, AcceptsMainlandNumbersInTheirUsualSpellings) {
    EXPECT_EQ(NormalizeMobile("13812345678"), "13812345678");
    EXPECT_EQ(NormalizeMobile("+86 138-1234-5678"), "13812345678");
    EXPECT_EQ(NormalizeMobile("0086 13812345678"), "13812345678");
    EXPECT_EQ(NormalizeMobile("8613812345678"), "13812345678");
    EXPECT_EQ(NormalizeMobile("+852 9123 4567"), "+85291234567");
    EXPECT_EQ(NormalizeMobile("12812345678"), std::nullopt);
    EXPECT_EQ(NormalizeMobile("010-12345678"), std::nullopt);
    EXPECT_EQ(NormalizeMobile("1381234567"), std::nullopt);
    EXPECT_EQ(NormalizeMobile("138abc45678"), std::nullopt);
    EXPECT_EQ(NormalizeMobile(""), std::nullopt);
}

}  // namespace
}  // namespace kesu::channels
