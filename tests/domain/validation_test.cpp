#include "domain/content_type.hpp"
#include "domain/masking.hpp"
#include "domain/time.hpp"
#include "domain/validation.hpp"

#include <gtest/gtest.h>

namespace kesu::domain {
namespace {

TEST(Validation, CountsChineseCharactersNotBytes) {
    EXPECT_EQ(CountCodePoints("手机屏幕"), 4u);
    std::vector<FieldError> errors;
    CheckText(errors, "subject", std::string(200 * 3, 'x').substr(0, 0) + std::string(201, 'a'), true, 200);
    ASSERT_EQ(errors.size(), 1u);
    errors.clear();
    std::string two_hundred_chinese;
    for (int i = 0; i < 200; ++i) two_hundred_chinese += "字";
    CheckText(errors, "subject", two_hundred_chinese, true, 200);
    EXPECT_TRUE(errors.empty());
}

TEST(Validation, RefusesInvalidUtf8AndControlCharacters) {
    EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong '/'
    EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
    EXPECT_TRUE(IsValidUtf8("退款 refund"));
    std::vector<FieldError> errors;
    CheckText(errors, "description", std::string("abc\x01"), true, 100);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].reason, "contains control characters");
}

TEST(Validation, RecognisesPhonesAndEmails) {
    EXPECT_TRUE(IsPlausiblePhone("13812345678"));
    EXPECT_TRUE(IsPlausiblePhone("+86 138-1234-5678"));
    EXPECT_TRUE(IsPlausiblePhone("(010) 6552 9988"));
    EXPECT_FALSE(IsPlausiblePhone("call me"));
    EXPECT_FALSE(IsPlausiblePhone("123"));
    EXPECT_TRUE(IsPlausibleEmail("zhang.san@example.com.cn"));
    EXPECT_FALSE(IsPlausibleEmail("zhang@"));
    EXPECT_FALSE(IsPlausibleEmail("a b@c.de"));
}

TEST(Masking, HidesMostOfEachPersonalField) {
    EXPECT_EQ(MaskName("张三丰"), "张**");
    EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
    EXPECT_EQ(MaskEmail("zhang.san@example.com"), "z********@example.com");
    EXPECT_EQ(MaskIdNumber("110101199003071234"), "110***********1234");
    EXPECT_EQ(MaskAddress("北京市朝阳区建国路88号"), "北京市朝阳区****");
    Complainant masked = MaskComplainant({"李四", "13900001111", "", "C-1001", "", "", "wx_lisi"});
    EXPECT_EQ(masked.customer_id, "C-**01") << "a customer number identifies the person: masked like a phone";
    EXPECT_EQ(MaskCustomerId("VIP20231100042"), "VI**********42");
    EXPECT_EQ(masked.name, "李*");
}

TEST(Time, ParsesOffsetsAndFormatsUtc) {
    auto at = ParseInstant("2026-11-22T09:30:00+08:00");
    ASSERT_TRUE(at);
    EXPECT_EQ(FormatInstant(*at), "2026-11-22T01:30:00.000Z");
    EXPECT_FALSE(ParseInstant("2026-11-22T09:30:00"));  // no offset: refused rather than guessed
    EXPECT_FALSE(ParseInstant("2026-02-30T09:30:00Z"));
    EXPECT_EQ(CivilDateStamp(*ParseInstant("2026-11-21T16:30:00Z"), std::chrono::minutes{480}), "20261122");
    EXPECT_EQ(FormatInstant(*ParseInstant("2026-01-02T03:04:05.007Z")), "2026-01-02T03:04:05.007Z");
}

TEST(Money, ParsesYuanWithAtMostTwoDecimals) {
    EXPECT_EQ(ParseYuan("128.5"), 12850);
    EXPECT_EQ(ParseYuan("0.07"), 7);
    EXPECT_EQ(ParseYuan("3000"), 300000);
    EXPECT_FALSE(ParseYuan("1.234"));
    EXPECT_FALSE(ParseYuan("-5"));
    EXPECT_EQ(FormatYuan(12850), "128.50");
    EXPECT_EQ(FormatYuan(7), "0.07");
    EXPECT_EQ(FormatYuan(-100), "-1.00");
}

TEST(ContentType, JudgesFilesByTheirBytes) {
    EXPECT_EQ(SniffContentType("\xFF\xD8\xFF\xE0rest"), "image/jpeg");
    EXPECT_EQ(SniffContentType("%PDF-1.7\n"), "application/pdf");
    EXPECT_EQ(SniffContentType("#!AMR\n"), "audio/amr");
    EXPECT_EQ(SniffContentType("退款凭证 text"), "text/plain");
    EXPECT_FALSE(SniffContentType(std::string("MZ\x90\x00\x03\x00", 6)));  // a Windows executable
    EXPECT_TRUE(DeclaredTypeMatches("image/jpeg", "image/jpeg"));
    EXPECT_FALSE(DeclaredTypeMatches("image/png", "application/pdf"));
    EXPECT_FALSE(DeclaredTypeMatches("text/html", "text/plain"));
    std::string chinese = "签收时外箱破损，快递员已确认。";
    EXPECT_EQ(SniffContentType(chinese), "text/plain");
    EXPECT_EQ(SniffContentType(chinese.substr(0, chinese.size() - 1)), "text/plain") << "a head cut inside a character";
    EXPECT_EQ(SanitizeFilename("../../etc/passwd"), "passwd");
    EXPECT_EQ(SanitizeFilename("录音 \"1\".amr"), "录音 1.amr");
}

}  // namespace
}  // namespace kesu::domain
