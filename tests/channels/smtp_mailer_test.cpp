// The SMTP driver's failures that need no mail server; tests/channels/mail_servers_test.cpp runs it against
// Postfix.
#include "channels/smtp_mailer.hpp"

#include <gtest/gtest.h>

#include "channels/stub_http_server.hpp"

namespace kesu::channels {
namespace {

SmtpSettings Settings(int port) {
    SmtpSettings settings;
    settings.host = "127.0.0.1";
    settings.port = port;
    settings.transport.tls = TlsMode::kStartTls;
    settings.transport.connect_timeout = std::chrono::seconds(2);
    settings.transport.timeout = std::chrono::seconds(5);
    settings.username = "kefu@example.com";
    settings.password = "secret";
    settings.identity = MailIdentity{"kefu@example.com", "客服中心", "", "kesu.example.com", "loop"};
    return settings;
}

domain::OutgoingMessage Message(const std::string& to) {
    domain::OutgoingMessage message;
    message.message_key = "outbox-1";
    message.recipient = to;
    message.complaint_number = "TS-20261122-000123";
    message.subject = "已受理";
    message.text_body = "您好";
    return message;
}

int ClosedPort() {
    testing::StubHttpServer server([](const testing::StubRequest&) { return testing::StubResponse{}; });
    return server.Port();
}

TEST(SmtpMailer, ANonAddressIsPermanentAndNeverSent) {
    domain::FixedClock clock(domain::FromMillis(0));
    SmtpMailer mailer(Settings(ClosedPort()), clock, nullptr);
    const auto sent = mailer.Send(Message("not-an-address"));
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().failure, domain::DeliveryFailure::kPermanent);
    EXPECT_EQ(sent.error().code, "invalid_recipient");
}

TEST(SmtpMailer, AServerThatIsDownIsTemporary) {
    domain::FixedClock clock(domain::FromMillis(0));
    SmtpMailer mailer(Settings(ClosedPort()), clock, nullptr);
    const auto sent = mailer.Send(Message("wang@example.net"));
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().failure, domain::DeliveryFailure::kTemporary);
    EXPECT_EQ(sent.error().code, "connection");
    EXPECT_EQ(sent.error().message.find("secret"), std::string::npos);
}

TEST(SmtpMailer, AServerThatIsNotSmtpIsNotDelivery) {
    // An HTTP server where the SMTP server should be: no greeting libcurl understands.
    testing::StubHttpServer server([](const testing::StubRequest&) { return testing::StubResponse{}; });
    domain::FixedClock clock(domain::FromMillis(0));
    SmtpSettings settings = Settings(server.Port());
    settings.transport.timeout = std::chrono::milliseconds(500);
    SmtpMailer mailer(settings, clock, nullptr);
    const auto sent = mailer.Send(Message("wang@example.net"));
    ASSERT_FALSE(sent.has_value());
    EXPECT_TRUE(sent.error().Retryable());
}

}  // namespace
}  // namespace kesu::channels
