#include "channels/webhook_sender.hpp"

#include <gtest/gtest.h>

#include <future>

#include "channels/stub_http_server.hpp"
#include "channels/webhook_signature.hpp"

namespace kesu::channels {
namespace {

using domain::DeliveryFailure;
using testing::StubHttpServer;
using testing::StubRequest;
using testing::StubResponse;

const domain::Instant kNow = *domain::ParseInstant("2026-11-22T08:30:00+08:00");

WebhookSettings Settings() {
    WebhookSettings settings;
    settings.secret = "whsec_7f3e";
    settings.allow_private_networks = true;  // the stub listens on loopback
    return settings;
}

domain::OutgoingMessage Event(const std::string& url) {
    domain::OutgoingMessage message;
    message.channel = domain::DeliveryChannelKind::kWebhook;
    message.message_key = "webhook-delivery-9";
    message.kind = "complaint.replied";
    message.recipient = url;
    message.text_body = R"({"event":"complaint.replied","number":"TS-20261122-000123","reply":"已为您更换"})";
    return message;
}

TEST(HttpWebhookSender, PostsTheJsonSignedSoTheReceiverCanVerifyIt) {
    StubHttpServer server([](const StubRequest&) { return StubResponse{204, "", {}}; });
    domain::FixedClock clock(kNow);
    HttpWebhookSender sender(Settings(), clock);
    const auto sent = sender.Send(Event(server.Url("/hooks/kesu")));
    ASSERT_TRUE(sent.has_value()) << sent.error().message;
    EXPECT_EQ(sent->provider_message_id, "webhook-delivery-9");
    EXPECT_EQ(sent->detail, "HTTP 204");
    const auto requests = server.Requests();
    ASSERT_EQ(requests.size(), 1u);
    const StubRequest& request = requests[0];
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.target, "/hooks/kesu");
    EXPECT_EQ(request.body, Event("").text_body);
    EXPECT_EQ(request.Header("content-type"), "application/json; charset=utf-8");
    EXPECT_EQ(request.Header("kesu-event"), "complaint.replied");
    EXPECT_EQ(request.Header("kesu-delivery"), "webhook-delivery-9");
    const std::vector<std::string> secrets{"whsec_7f3e"};
    EXPECT_EQ(VerifyWebhookSignature(request.Header("kesu-signature"), request.body, secrets, kNow),
              SignatureCheck::kValid);
    EXPECT_EQ(
        VerifyWebhookSignature(request.Header("kesu-signature"), request.body, secrets, kNow + std::chrono::minutes(6)),
        SignatureCheck::kOutsideWindow);
}

TEST(HttpWebhookSender, MapsTheReceiversAnswersToRetriesAndDeadLetters) {
    std::atomic<int> status{503};
    StubHttpServer server([&](const StubRequest&) {
        return StubResponse{status.load(), R"({"error":"x"})", {"Retry-After: 120"}};
    });
    domain::FixedClock clock(kNow);
    HttpWebhookSender sender(Settings(), clock);
    auto sent = sender.Send(Event(server.Url()));
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().failure, DeliveryFailure::kTemporary);
    EXPECT_EQ(sent.error().code, "http_503");
    EXPECT_EQ(sent.error().retry_after_seconds, 120);
    status = 429;
    EXPECT_EQ(sender.Send(Event(server.Url())).error().failure, DeliveryFailure::kTemporary);
    status = 401;
    EXPECT_EQ(sender.Send(Event(server.Url())).error().failure, DeliveryFailure::kMisconfigured);
    status = 410;
    EXPECT_EQ(sender.Send(Event(server.Url())).error().failure, DeliveryFailure::kPermanent);
    status = 400;
    EXPECT_EQ(sender.Send(Event(server.Url())).error().failure, DeliveryFailure::kPermanent);
    status = 200;
    EXPECT_TRUE(sender.Send(Event(server.Url())).has_value());
}

TEST(HttpWebhookSender, RefusesPrivateAddressesUnlessAllowed) {
    StubHttpServer server([](const StubRequest&) { return StubResponse{}; });
    domain::FixedClock clock(kNow);
    WebhookSettings settings = Settings();
    settings.allow_private_networks = false;
    HttpWebhookSender sender(settings, clock);
    for (const std::string& url : {server.Url(), "http://localhost:" + std::to_string(server.Port()) + "/"}) {
        const auto sent = sender.Send(Event(url));
        ASSERT_FALSE(sent.has_value()) << url;
        EXPECT_EQ(sent.error().code, "private_address") << sent.error().message;
        EXPECT_EQ(sent.error().failure, DeliveryFailure::kMisconfigured);
    }
    EXPECT_TRUE(server.Requests().empty());
    const auto other_scheme = sender.Send(Event("file:///etc/passwd"));
    ASSERT_FALSE(other_scheme.has_value());
    EXPECT_EQ(other_scheme.error().code, "settings");
}

TEST(HttpWebhookSender, RefusesBadMessagesWithoutSendingThem) {
    StubHttpServer server([](const StubRequest&) { return StubResponse{}; });
    domain::FixedClock clock(kNow);
    HttpWebhookSender sender(Settings(), clock);
    domain::OutgoingMessage message = Event(server.Url());
    message.text_body = "not json";
    EXPECT_EQ(sender.Send(message).error().code, "invalid_message");
    message = Event(server.Url());
    message.headers = {{"Kesu-Signature", "t=1,v1=forged"}};
    EXPECT_EQ(sender.Send(message).error().failure, DeliveryFailure::kPermanent);
    message = Event(server.Url());
    message.headers = {{"X-Trace", "a\r\nInjected: yes"}};
    EXPECT_EQ(sender.Send(message).error().failure, DeliveryFailure::kPermanent);
    message = Event(server.Url());
    message.message_key = "key with spaces";
    EXPECT_EQ(sender.Send(message).error().failure, DeliveryFailure::kPermanent);
    EXPECT_TRUE(server.Requests().empty());
    WebhookSettings no_secret = Settings();
    no_secret.secret.clear();
    HttpWebhookSender unsigned_sender(no_secret, clock);
    EXPECT_EQ(unsigned_sender.Send(Event(server.Url())).error().failure, DeliveryFailure::kMisconfigured);
}

TEST(HttpWebhookSender, GivesUpOnASlowReceiverAsATemporaryFailure) {
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    StubHttpServer server([released](const StubRequest&) {
        released.wait();
        return StubResponse{};
    });
    domain::FixedClock clock(kNow);
    WebhookSettings settings = Settings();
    settings.transport.timeout = std::chrono::milliseconds(300);
    HttpWebhookSender sender(settings, clock);
    const auto sent = sender.Send(Event(server.Url()));
    release.set_value();
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().failure, DeliveryFailure::kTemporary);
    EXPECT_EQ(sent.error().code, "timeout");
}

TEST(HttpWebhookSender, KeepsTheConnectionBetweenDeliveries) {
    StubHttpServer server([](const StubRequest&) { return StubResponse{}; });
    domain::FixedClock clock(kNow);
    HttpWebhookSender sender(Settings(), clock);
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(sender.Send(Event(server.Url())).has_value());
    EXPECT_EQ(server.Requests().size(), 5u);
    EXPECT_EQ(server.Connections(), 1);
}

TEST(HttpWebhookSender, AClosedPortIsTemporary) {
    int port = 0;
    {
        StubHttpServer server([](const StubRequest&) { return StubResponse{}; });
        port = server.Port();
    }
    domain::FixedClock clock(kNow);
    HttpWebhookSender sender(Settings(), clock);
    const auto sent = sender.Send(Event("http://127.0.0.1:" + std::to_string(port) + "/"));
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().failure, DeliveryFailure::kTemporary);
    EXPECT_EQ(sent.error().code, "connection");
}

}  // namespace
}  // namespace kesu::channels
