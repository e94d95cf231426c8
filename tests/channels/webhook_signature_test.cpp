#include "channels/webhook_signature.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace kesu::channels {
namespace {

const domain::Instant kNow = domain::FromMillis(1'795'000'000'000);
constexpr std::int64_t kNowSeconds = 1'795'000'000;

TEST(WebhookSignature, MatchesAnHmacComputedIndependently) {
    // printf '1795000000.{"event":"complaint.created"}' | openssl dgst -sha256 -hmac whsec_test
    EXPECT_EQ(WebhookSignature("whsec_test", kNowSeconds, R"({"event":"complaint.created"})"),
              "t=1795000000,v1=7a4362f833d0c510299c96fdec5085454ad84620ade9ea788ef72a6b83e4ba3e");
}

TEST(VerifyWebhookSignature, AcceptsAFreshSignatureFromAnyCurrentSecret) {
    const std::string body = R"({"event":"complaint.replied","number":"TS-20261122-000123"})";
    const std::string header = WebhookSignature("new-secret", kNowSeconds - 30, body);
    const std::vector<std::string> secrets{"old-secret", "new-secret"};
    EXPECT_EQ(VerifyWebhookSignature(header, body, secrets, kNow), SignatureCheck::kValid);
    // Rotation: the sender signs with both while receivers move over.
    const std::string old_signature = WebhookSignature("old-secret", kNowSeconds - 30, body);
    const std::string both = header + "," + old_signature.substr(old_signature.find("v1="));
    EXPECT_EQ(VerifyWebhookSignature(both, body, std::vector<std::string>{"old-secret"}, kNow), SignatureCheck::kValid);
}

TEST(VerifyWebhookSignature, RefusesTamperingReplaysAndJunk) {
    const std::string body = R"({"event":"complaint.closed"})";
    const std::vector<std::string> secrets{"s3cret"};
    const std::string header = WebhookSignature("s3cret", kNowSeconds, body);
    EXPECT_EQ(VerifyWebhookSignature(header, R"({"event":"complaint.closed" })", secrets, kNow),
              SignatureCheck::kMismatch);
    EXPECT_EQ(VerifyWebhookSignature(header, body, std::vector<std::string>{"other"}, kNow), SignatureCheck::kMismatch);
    const std::string old = WebhookSignature("s3cret", kNowSeconds - 301, body);
    EXPECT_EQ(VerifyWebhookSignature(old, body, secrets, kNow), SignatureCheck::kOutsideWindow);
    const std::string future = WebhookSignature("s3cret", kNowSeconds + 301, body);
    EXPECT_EQ(VerifyWebhookSignature(future, body, secrets, kNow), SignatureCheck::kOutsideWindow);
    // Moving the timestamp to look fresh breaks the signature.
    std::string moved = old;
    moved.replace(2, 10, std::to_string(kNowSeconds));
    EXPECT_EQ(VerifyWebhookSignature(moved, body, secrets, kNow), SignatureCheck::kMismatch);
    EXPECT_EQ(VerifyWebhookSignature("", body, secrets, kNow), SignatureCheck::kMalformed);
    EXPECT_EQ(VerifyWebhookSignature("t=abc,v1=00", body, secrets, kNow), SignatureCheck::kMalformed);
    EXPECT_EQ(VerifyWebhookSignature("t=1795000000", body, secrets, kNow), SignatureCheck::kMalformed);
    EXPECT_EQ(VerifyWebhookSignature("v1=" + std::string(64, 'a'), body, secrets, kNow), SignatureCheck::kMalformed);
}

}  // namespace
}  // namespace kesu::channels
