#include "channels/sms_gateway.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "channels/stub_http_server.hpp"
#include "channels/webhook_signature.hpp"

namespace kesu::channels {
namespace {

using domain::DeliveryFailure;
using nlohmann::json;
using testing::StubHttpServer;
using testing::StubRequest;
using testing::StubResponse;

const domain::Instant kNow = *domain::ParseInstant("2026-11-22T08:30:00+08:00");

// Answers like Aliyun's SendSms: {"Code":"OK","BizId":"…"}.
StubResponse Accepted(const StubRequest&) {
    static std::atomic<int> next{0};
    return StubResponse{200, R"({"Code":"OK","Message":"OK","BizId":"biz-)" + std::to_string(++next) + R"("})", {}};
}

SmsGatewaySettings Settings(const StubHttpServer& server) {
    SmsGatewaySettings settings;
    settings.url = server.Url("/sms/send");
    settings.auth = SmsAuth::kBearerToken;
    settings.secret = "token-123";
    settings.signature = "某某公司";
    settings.result_code_pointer = "/Code";
    settings.message_id_pointer = "/BizId";
    settings.retryable_codes = {"isv.BUSINESS_LIMIT_CONTROL"};
    return settings;
}

domain::OutgoingMessage Sms(const std::string& text) {
    domain::OutgoingMessage message;
    message.channel = domain::DeliveryChannelKind::kSms;
    message.message_key = "outbox-42";
    message.kind = "acknowledgement";
    message.recipient = "+86 138-1234-5678";
    message.text_body = text;
    return message;
}

TEST(HttpSmsGateway, PostsTheSignedTextAndReadsTheGatewaysId) {
    StubHttpServer server(Accepted);
    domain::FixedClock clock(kNow);
    HttpSmsGateway gateway(Settings(server), clock);
    const std::string text =
        "您的投诉TS-20261122-000123已受理，我们将在3个工作日内答复。查询进度请访问 https://kesu.example.com/p";
    const auto sent = gateway.Send(Sms(text));
    ASSERT_TRUE(sent.has_value()) << sent.error().message;
    EXPECT_TRUE(sent->provider_message_id.starts_with("biz-"));
    EXPECT_EQ(sent->parts, 2) << "78 characters with the signature are billed as two";
    const auto requests = server.Requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].target, "/sms/send");
    EXPECT_EQ(requests[0].Header("authorization"), "Bearer token-123");
    const json body = json::parse(requests[0].body);
    EXPECT_EQ(body["phone"], "13812345678");
    EXPECT_EQ(body["sign_name"], "某某公司");
    EXPECT_EQ(body["content"], "【某某公司】" + text);
    EXPECT_EQ(body["out_id"], "outbox-42");
    EXPECT_EQ(body["kind"], "acknowledgement");
}

TEST(HttpSmsGateway, SendsTemplateIdAndParametersForGatewaysThatRenderThem) {
    StubHttpServer server(Accepted);
    domain::FixedClock clock(kNow);
    HttpSmsGateway gateway(Settings(server), clock);
    domain::OutgoingMessage message = Sms("");
    message.template_id = "SMS_154950909";
    message.template_params = {{"number", "TS-20261122-000123"}, {"deadline", "11月25日"}};
    ASSERT_TRUE(gateway.Send(message).has_value());
    const json body = json::parse(server.Requests().at(0).body);
    EXPECT_EQ(body["template_id"], "SMS_154950909");
    EXPECT_EQ(body["template_params"]["number"], "TS-20261122-000123");
    EXPECT_EQ(body["template_params"]["deadline"], "11月25日");
    EXPECT_EQ(body["template_param_list"], (json{"TS-20261122-000123", "11月25日"}));
    EXPECT_FALSE(body.contains("content"));
}

TEST(HttpSmsGateway, SignsRequestsWithHmacWhenConfigured) {
    StubHttpServer server(Accepted);
    domain::FixedClock clock(kNow);
    SmsGatewaySettings settings = Settings(server);
    settings.auth = SmsAuth::kHmacSha256;
    settings.key_id = "LTAI-kesu";
    settings.secret = "hmac-secret";
    HttpSmsGateway gateway(settings, clock);
    ASSERT_TRUE(gateway.Send(Sms("已受理")).has_value());
    const StubRequest request = server.Requests().at(0);
    EXPECT_EQ(request.Header("x-kesu-key-id"), "LTAI-kesu");
    EXPECT_EQ(request.Header("authorization"), "");
    EXPECT_EQ(VerifyWebhookSignature(request.Header("x-kesu-signature"), request.body,
                                     std::vector<std::string>{"hmac-secret"}, kNow),
              SignatureCheck::kValid);
}

TEST(HttpSmsGateway, RefusesTooLongTextsAndNonMobileNumbersWithoutSending) {
    StubHttpServer server(Accepted);
    domain::FixedClock clock(kNow);
    HttpSmsGateway gateway(Settings(server), clock);
    std::string long_text;
    for (int i = 0; i < 124; ++i) long_text += "投诉处理";  // 496 + 6 for 【某某公司】
    auto sent = gateway.Send(Sms(long_text));
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().code, "sms_too_long");
    EXPECT_EQ(sent.error().failure, DeliveryFailure::kPermanent);
    domain::OutgoingMessage landline = Sms("已受理");
    landline.recipient = "010-12345678";
    sent = gateway.Send(landline);
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().code, "invalid_recipient");
    EXPECT_EQ(sent.error().failure, DeliveryFailure::kPermanent);
    EXPECT_TRUE(server.Requests().empty());
}

TEST(HttpSmsGateway, SplitsLongTextIntoNumberedMessagesForGatewaysWithoutLongSms) {
    StubHttpServer server(Accepted);
    domain::FixedClock clock(kNow);
    SmsGatewaySettings settings = Settings(server);
    settings.split_long_text = true;
    HttpSmsGateway gateway(settings, clock);
    std::string text;
    for (int i = 0; i < 15; ++i) text += "处理进度更新";  // 90 characters
    const auto sent = gateway.Send(Sms(text));
    ASSERT_TRUE(sent.has_value()) << sent.error().message;
    const auto requests = server.Requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(sent->parts, 2);
    EXPECT_EQ(std::count(sent->provider_message_id.begin(), sent->provider_message_id.end(), ','), 1);
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const json body = json::parse(requests[i].body);
        const std::string content = body["content"];
        EXPECT_TRUE(content.starts_with("【某某公司】(" + std::to_string(i + 1) + "/2)")) << content;
        EXPECT_LE(SmsLength(content), 70u);
        EXPECT_EQ(body["out_id"], "outbox-42-" + std::to_string(i + 1));
    }
}

TEST(HttpSmsGateway, ReadsTheGatewaysResultCode) {
    std::atomic<int> answer{0};
    StubHttpServer server([&](const StubRequest&) {
        switch (answer.load()) {
            case 0:
                return StubResponse{200, R"({"Code":"isv.MOBILE_NUMBER_ILLEGAL","Message":"非法手机号"})", {}};
            case 1:
                return StubResponse{200, R"({"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"触发流控"})", {}};
            case 2:
                return StubResponse{429, R"({})", {"Retry-After: 30"}};
            default:
                return StubResponse{500, "oops", {}};
        }
    });
    domain::FixedClock clock(kNow);
    HttpSmsGateway gateway(Settings(server), clock);
    auto sent = gateway.Send(Sms("已受理"));
    EXPECT_EQ(sent.error().failure, DeliveryFailure::kPermanent);
    EXPECT_EQ(sent.error().code, "sms_isv.MOBILE_NUMBER_ILLEGAL");
    answer = 1;
    sent = gateway.Send(Sms("已受理"));
    EXPECT_EQ(sent.error().failure, DeliveryFailure::kTemporary);
    answer = 2;
    sent = gateway.Send(Sms("已受理"));
    EXPECT_EQ(sent.error().failure, DeliveryFailure::kTemporary);
    EXPECT_EQ(sent.error().retry_after_seconds, 30);
    answer = 3;
    sent = gateway.Send(Sms("已受理"));
    EXPECT_EQ(sent.error().failure, DeliveryFailure::kTemporary);
    EXPECT_EQ(sent.error().code, "http_500");
}

TEST(HttpSmsGateway, KeepsTheTokenOutOfErrors) {
    StubHttpServer server([](const StubRequest&) { return StubResponse{401, R"({"Code":"InvalidAccessKeyId"})", {}}; });
    domain::FixedClock clock(kNow);
    HttpSmsGateway gateway(Settings(server), clock);
    const auto sent = gateway.Send(Sms("已受理"));
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().failure, DeliveryFailure::kMisconfigured);
    EXPECT_EQ(sent.error().message.find("token-123"), std::string::npos);
}

}  // namespace
}  // namespace kesu::channels
