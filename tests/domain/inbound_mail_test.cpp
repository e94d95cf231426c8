#include "domain/inbound_mail.hpp"

#include <gtest/gtest.h>

#include "domain/delivery_channel.hpp"

namespace kesu::domain {
namespace {

TEST(FindComplaintNumber, FindsTheNumberInARepliedSubject) {
    EXPECT_EQ(FindComplaintNumber("回复：[TS-20261122-000123] 您的投诉已受理"), "TS-20261122-000123");
    EXPECT_EQ(FindComplaintNumber("Re: Re: 咨询 zx-20260102-1234567 的进度"), "ZX-20260102-1234567");
}

TEST(FindComplaintNumber, RefusesNumbersInsideLongerWordsOrTooShort) {
    EXPECT_EQ(FindComplaintNumber("ABCTS-20261122-000123"), std::nullopt);
    EXPECT_EQ(FindComplaintNumber("TS-20261122-000123X"), std::nullopt);
    EXPECT_EQ(FindComplaintNumber("TS-2026112-000123"), std::nullopt);
    EXPECT_EQ(FindComplaintNumber("TS-20261122-12345"), std::nullopt);
    EXPECT_EQ(FindComplaintNumber("no number here"), std::nullopt);
    EXPECT_EQ(FindComplaintNumber("TS-"), std::nullopt);
}

TEST(FindComplaintNumber, TakesTheFirstOfSeveral) {
    EXPECT_EQ(FindComplaintNumber("TS-20261122-000123 和 TS-20261123-000001"), "TS-20261122-000123");
}

TEST(ComplaintMessageId, RoundTripsTheNumberForItsOwnDomainOnly) {
    const std::string id = ComplaintMessageId("TS-20261122-000123", "outbox-42", "kesu.example.com");
    EXPECT_EQ(id, "<TS-20261122-000123.outbox-42@kesu.example.com>");
    EXPECT_EQ(ComplaintNumberInMessageId(id, "KESU.example.com"), "TS-20261122-000123");
    EXPECT_EQ(ComplaintNumberInMessageId(id, "other.example.com"), std::nullopt);
    EXPECT_EQ(ComplaintNumberInMessageId("<TS-20261122-000123@kesu.example.com>", "kesu.example.com"),
              "TS-20261122-000123");
    EXPECT_EQ(ComplaintNumberInMessageId("<random.123@kesu.example.com>", "kesu.example.com"), std::nullopt);
    EXPECT_EQ(ComplaintNumberInMessageId("<TS-20261122-000123x@kesu.example.com>", "kesu.example.com"), std::nullopt);
}

TEST(ComplaintMessageId, ReplacesCharactersThatWouldBreakTheId) {
    EXPECT_EQ(ComplaintMessageId("TS-20261122-000123", "a b<c>@d", "x.test"), "<TS-20261122-000123.a_b_c__d@x.test>");
}

TEST(DeliveryError, OnlyPermanentFailuresAreNotRetried) {
    EXPECT_TRUE((DeliveryError{DeliveryFailure::kTemporary, "timeout", "", 0}.Retryable()));
    EXPECT_TRUE((DeliveryError{DeliveryFailure::kMisconfigured, "tls", "", 0}.Retryable()));
    EXPECT_FALSE((DeliveryError{DeliveryFailure::kPermanent, "smtp_550", "", 0}.Retryable()));
    EXPECT_EQ(DeliveryFailureName(DeliveryFailure::kMisconfigured), "misconfigured");
    EXPECT_EQ(DeliveryChannelKindName(DeliveryChannelKind::kSms), "sms");
    EXPECT_EQ(InboundMailKindName(InboundMailKind::kAutoReply), "auto_reply");
}

}  // namespace
}  // namespace kesu::domain
