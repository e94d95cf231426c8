// Against real mail servers on loopback: a private Postfix (SMTP with STARTTLS or implicit TLS, AUTH) delivering
// into Maildirs that a private Dovecot serves over IMAP. Run under tests/channels/mail-servers.sh, which starts both
// and sets the KESU_TEST_* variables (label "mail"; scripts/test.sh has a stage for it).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <thread>

#include "channels/imap_mailbox.hpp"
#include "channels/mail_parser.hpp"
#include "channels/mail_samples.hpp"
#include "channels/smtp_mailer.hpp"
#include "search/real_texts.hpp"

namespace kesu::channels {
namespace {

using domain::DeliveryFailure;

std::string Environment(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

class MemoryAttachments final : public domain::AttachmentSource {
public:
    std::map<std::string, std::string, std::less<>> files;
    domain::Result<std::string> Read(std::string_view sha256) const override {
        auto it = files.find(sha256);
        if (it == files.end()) return domain::Fail(domain::ErrorCode::kNotFound, "no such file");
        return it->second;
    }
};

class MailServers : public ::testing::Test {
protected:
    void SetUp() override {
        domain_ = Environment("KESU_TEST_MAIL_DOMAIN");
        ASSERT_FALSE(domain_.empty()) << "run under tests/channels/mail-servers.sh (it starts Postfix and Dovecot)";
        password_ = Environment("KESU_TEST_MAIL_PASSWORD");
        ca_ = Environment("KESU_TEST_MAIL_CA");
        // Each test reads its own mailbox state: start from nothing unseen in the mailboxes it uses.
        for (const char* user : {"support", "customer"}) {
            ImapMailbox mailbox(Imap(user));
            auto drained = mailbox.Poll([](std::uint32_t, std::string_view) -> domain::Result<void> { return {}; });
            ASSERT_TRUE(drained.has_value()) << drained.error().message;
        }
    }

    std::string Address(const std::string& user) const { return user + "@" + domain_; }

    SmtpSettings Smtp(TlsMode tls, const std::string& user = "support") const {
        SmtpSettings settings;
        settings.host = "127.0.0.1";
        settings.port =
            std::stoi(Environment(tls == TlsMode::kImplicit ? "KESU_TEST_SMTPS_PORT" : "KESU_TEST_SMTP_PORT"));
        settings.transport.tls = tls;
        settings.transport.ca_file = ca_;
        settings.transport.connect_timeout = std::chrono::seconds(5);
        settings.transport.timeout = std::chrono::seconds(20);
        settings.username = Address(user);
        settings.password = password_;
        // kesu sends as support@; other users stand for the customer's own mailer, with its own Message-IDs.
        if (user == "support") {
            settings.identity =
                MailIdentity{Address(user), "某某公司客服中心", "", "kesu." + domain_, "kesu-test-loop"};
        } else {
            settings.identity = MailIdentity{Address(user), "王小明", "", "mua.example.net", ""};
        }
        return settings;
    }

    ImapSettings Imap(const std::string& user, TlsMode tls = TlsMode::kStartTls) const {
        ImapSettings settings;
        settings.host = "127.0.0.1";
        settings.port =
            std::stoi(Environment(tls == TlsMode::kImplicit ? "KESU_TEST_IMAPS_PORT" : "KESU_TEST_IMAP_PORT"));
        settings.transport.tls = tls;
        settings.transport.ca_file = ca_;
        settings.transport.connect_timeout = std::chrono::seconds(5);
        settings.transport.timeout = std::chrono::seconds(20);
        settings.username = Address(user);
        settings.password = password_;
        return settings;
    }

    LoopGuard Guard() const { return LoopGuard{"kesu." + domain_, "kesu-test-loop", {Address("support")}}; }

    // Polls until `count` messages were handled: Postfix delivers a moment after it accepts. Bounded; says so.
    std::vector<std::string> Receive(ImapMailbox& mailbox, std::size_t count) {
        std::vector<std::string> received;
        for (int attempt = 0; attempt < 200 && received.size() < count; ++attempt) {
            auto report = mailbox.Poll([&](std::uint32_t, std::string_view raw) -> domain::Result<void> {
                received.emplace_back(raw);
                return {};
            });
            EXPECT_TRUE(report.has_value()) << (report ? "" : report.error().message);
            if (received.size() < count) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        EXPECT_EQ(received.size(), count) << "Postfix did not deliver within 10 s";
        return received;
    }

    domain::FixedClock clock_{*domain::ParseInstant("2026-11-22T08:30:00+08:00")};
    std::string domain_;
    std::string password_;
    std::string ca_;
};

domain::OutgoingMessage Notice(const std::string& to, const std::string& key) {
    domain::OutgoingMessage message;
    message.message_key = key;
    message.kind = "acknowledgement";
    message.recipient = to;
    message.recipient_name = "王小明";
    message.complaint_number = "TS-20261122-000123";
    message.subject = "您的投诉已受理";
    message.text_body = "王先生您好：\n您的投诉（编号 TS-20261122-000123）已受理，我们将在 3 个工作日内答复。";
    return message;
}

TEST_F(MailServers, SendsOverStartTlsAndTheCustomerReadsItInChinese) {
    MemoryAttachments files;
    std::string photo = "\xFF\xD8\xFF\xE0" + std::string(40000, '\x5a');
    files.files["photo"] = photo;
    SmtpMailer mailer(Smtp(TlsMode::kStartTls), clock_, &files);
    domain::OutgoingMessage message = Notice(Address("customer"), "outbox-1");
    message.html_body = "<p>王先生您好：</p><p>您的投诉已受理。</p>";
    message.attachments.push_back({"现场照片.jpg", "image/jpeg", "photo", static_cast<std::int64_t>(photo.size())});
    const domain::DeliveryResult sent = mailer.Send(message);
    ASSERT_TRUE(sent.has_value()) << sent.error().message;
    EXPECT_EQ(sent->provider_message_id, "<TS-20261122-000123.outbox-1@kesu.kesu.test>");
    EXPECT_TRUE(sent->detail.starts_with("250")) << sent->detail;
    EXPECT_NE(sent->detail.find("queued as"), std::string::npos) << sent->detail;

    ImapMailbox inbox(Imap("customer"));
    const auto received = Receive(inbox, 1);
    ASSERT_EQ(received.size(), 1u);
    const auto parsed = ParseInboundMail(received[0], LoopGuard{});
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->subject, "[TS-20261122-000123] 您的投诉已受理");
    EXPECT_EQ(parsed->text, message.text_body);
    EXPECT_EQ(parsed->from_name, "某某公司客服中心");
    EXPECT_EQ(parsed->message_id, sent->provider_message_id);
    ASSERT_EQ(parsed->attachments.size(), 1u);
    EXPECT_EQ(parsed->attachments[0].filename, "现场照片.jpg");
    EXPECT_EQ(parsed->attachments[0].content, photo);
}

TEST_F(MailServers, RoundTripsRealComplaintsThroughSmtpsAndImaps) {
    const auto data = search::testing::SharedDataDirectory();
    ASSERT_TRUE(data.has_value());
    std::vector<search::testing::RealText> texts;
    for (auto& text : search::testing::LoadHotIssueMessages(*data))
        if (!text.subject.empty() && !text.body.empty() && texts.size() < 5) texts.push_back(std::move(text));
    ASSERT_EQ(texts.size(), 5u);
    // The customer writes to kesu's mailbox (implicit TLS both ways) and the poller reads it back.
    SmtpMailer customer(Smtp(TlsMode::kImplicit, "customer"), clock_, nullptr);
    for (std::size_t i = 0; i < texts.size(); ++i) {
        domain::OutgoingMessage message;
        message.message_key = "customer-" + std::to_string(i);
        message.recipient = Address("support");
        message.subject = texts[i].subject;
        message.text_body = texts[i].body;
        message.automatic = false;
        const auto sent = customer.Send(message);
        ASSERT_TRUE(sent.has_value()) << sent.error().message;
    }
    ImapMailbox support(Imap("support", TlsMode::kImplicit));
    const auto received = Receive(support, texts.size());
    std::map<std::string, std::string> bodies;
    for (const std::string& raw : received) {
        const auto parsed = ParseInboundMail(raw, Guard());
        ASSERT_TRUE(parsed.has_value());
        EXPECT_EQ(parsed->kind, domain::InboundMailKind::kMessage) << parsed->kind_reason;
        bodies[parsed->subject] = parsed->text;
    }
    for (const auto& text : texts) {
        std::string subject = text.subject;
        for (char& c : subject)
            if (c == '\n' || c == '\t' || c == '\r') c = ' ';
        ASSERT_TRUE(bodies.contains(subject)) << subject;
        std::string body = text.body;
        while (!body.empty() && (body.back() == '\n' || body.back() == ' ' || body.back() == '\r')) body.pop_back();
        std::string expected;
        for (std::size_t i = 0; i < body.size(); ++i) {
            if (body[i] == '\r') {
                expected += '\n';
                if (i + 1 < body.size() && body[i + 1] == '\n') ++i;
            } else {
                expected += body[i];
            }
        }
        EXPECT_EQ(bodies[subject], expected);
    }
}

TEST_F(MailServers, AReplyThreadsBackAndKesusOwnMailIsALoop) {
    SmtpMailer kesu(Smtp(TlsMode::kStartTls), clock_, nullptr);
    const auto acknowledgement = kesu.Send(Notice(Address("customer"), "outbox-2"));
    ASSERT_TRUE(acknowledgement.has_value()) << acknowledgement.error().message;
    ImapMailbox customer_inbox(Imap("customer"));
    const auto delivered = Receive(customer_inbox, 1);
    ASSERT_EQ(delivered.size(), 1u);
    const auto seen_by_customer = ParseInboundMail(delivered[0], LoopGuard{});
    ASSERT_TRUE(seen_by_customer.has_value());

    // The customer answers from their mailer, which keeps In-Reply-To and References but rewrites the subject.
    SmtpMailer customer(Smtp(TlsMode::kStartTls, "customer"), clock_, nullptr);
    domain::OutgoingMessage reply;
    reply.message_key = "reply-1";
    reply.recipient = seen_by_customer->reply_to_address.empty() ? seen_by_customer->from_address
                                                                 : seen_by_customer->reply_to_address;
    reply.subject = "回复：我还有补充";
    reply.text_body = "补充一下：购买日期是 11 月 20 日。";
    reply.in_reply_to = seen_by_customer->message_id;
    reply.references = seen_by_customer->references;
    reply.references.push_back(seen_by_customer->message_id);
    reply.automatic = false;
    ASSERT_TRUE(customer.Send(reply).has_value());

    // kesu also (wrongly) mails its own mailbox: the loop guard must stop it.
    ASSERT_TRUE(kesu.Send(Notice(Address("support"), "outbox-3")).has_value());

    ImapSettings settings = Imap("support");
    settings.after_fetch = AfterFetch::kMove;
    ImapMailbox support(settings);
    const auto received = Receive(support, 2);
    ASSERT_EQ(received.size(), 2u);
    int replies = 0;
    int loops = 0;
    for (const std::string& raw : received) {
        const auto parsed = ParseInboundMail(raw, Guard());
        ASSERT_TRUE(parsed.has_value());
        if (parsed->kind == domain::InboundMailKind::kLoop) {
            ++loops;
            continue;
        }
        ++replies;
        EXPECT_EQ(parsed->kind, domain::InboundMailKind::kMessage) << parsed->kind_reason;
        EXPECT_EQ(parsed->subject_number, "");
        EXPECT_EQ(parsed->thread_number, "TS-20261122-000123");
        EXPECT_EQ(parsed->text, "补充一下：购买日期是 11 月 20 日。");
    }
    EXPECT_EQ(replies, 1);
    EXPECT_EQ(loops, 1);
    // Moved out of the inbox: nothing is left to poll there.
    auto unseen = support.UnseenUids();
    ASSERT_TRUE(unseen.has_value());
    EXPECT_TRUE(unseen->empty());
}

TEST_F(MailServers, AFailedHandlerLeavesTheMessageForTheNextPoll) {
    SmtpMailer kesu(Smtp(TlsMode::kStartTls), clock_, nullptr);
    ASSERT_TRUE(kesu.Send(Notice(Address("customer"), "outbox-4")).has_value());
    ImapMailbox inbox(Imap("customer"));
    int calls = 0;
    for (int attempt = 0; attempt < 200 && calls == 0; ++attempt) {
        auto report = inbox.Poll([&](std::uint32_t, std::string_view) -> domain::Result<void> {
            ++calls;
            return domain::Fail(domain::ErrorCode::kUnavailable, "database unavailable");
        });
        ASSERT_TRUE(report.has_value());
        if (calls == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        else
            EXPECT_EQ(report->failed, 1);
    }
    ASSERT_EQ(calls, 1);
    auto again = inbox.Poll([](std::uint32_t, std::string_view) -> domain::Result<void> { return {}; });
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->handled, 1) << "the message stayed unseen after the failure";
}

TEST_F(MailServers, ReportsAnOversizedMessageInsteadOfHandingItOver) {
    SmtpMailer kesu(Smtp(TlsMode::kStartTls), clock_, nullptr);
    domain::OutgoingMessage big = Notice(Address("customer"), "outbox-5");
    big.text_body = std::string(200'000, 'x');
    ASSERT_TRUE(kesu.Send(big).has_value());
    ImapSettings settings = Imap("customer");
    settings.max_message_bytes = 50'000;
    ImapMailbox inbox(settings);
    PollReport report;
    for (int attempt = 0; attempt < 200 && report.oversized.empty(); ++attempt) {
        auto polled = inbox.Poll([](std::uint32_t, std::string_view) -> domain::Result<void> {
            ADD_FAILURE() << "an oversized message was handed over";
            return {};
        });
        ASSERT_TRUE(polled.has_value());
        report = *polled;
        if (report.oversized.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(report.oversized.size(), 1u);
}

TEST_F(MailServers, RefusedCredentialsAreAMisconfiguration) {
    SmtpSettings settings = Smtp(TlsMode::kStartTls);
    settings.password = "wrong";
    SmtpMailer mailer(settings, clock_, nullptr);
    const auto sent = mailer.Send(Notice(Address("customer"), "outbox-6"));
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().failure, DeliveryFailure::kMisconfigured) << sent.error().message;
    EXPECT_EQ(sent.error().message.find("wrong"), std::string::npos) << "the password leaked into the error";

    ImapSettings imap = Imap("customer");
    imap.password = "wrong";
    ImapMailbox mailbox(imap);
    const auto polled = mailbox.Poll([](std::uint32_t, std::string_view) -> domain::Result<void> { return {}; });
    ASSERT_FALSE(polled.has_value());
    EXPECT_EQ(polled.error().code, domain::ErrorCode::kUnavailable);
}

TEST_F(MailServers, AnUnknownRecipientIsPermanent) {
    SmtpMailer mailer(Smtp(TlsMode::kStartTls), clock_, nullptr);
    const auto sent = mailer.Send(Notice(Address("nobody-here"), "outbox-7"));
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().failure, DeliveryFailure::kPermanent) << sent.error().message;
    EXPECT_EQ(sent.error().code, "smtp_550");
    EXPECT_EQ(sent.error().message.find("nobody-here"), std::string::npos) << "addresses are left out of errors";
    // The same mailer still sends afterwards (its connection was dropped, not poisoned).
    EXPECT_TRUE(mailer.Send(Notice(Address("customer"), "outbox-8")).has_value());
}

TEST_F(MailServers, AnUntrustedCertificateIsAMisconfiguration) {
    SmtpSettings settings = Smtp(TlsMode::kImplicit);
    settings.transport.ca_file = "/etc/ssl/certs/ca-certificates.crt";  // the system's: does not know the test CA
    SmtpMailer mailer(settings, clock_, nullptr);
    const auto sent = mailer.Send(Notice(Address("customer"), "outbox-9"));
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().failure, DeliveryFailure::kMisconfigured) << sent.error().message;
    EXPECT_EQ(sent.error().code, "tls");
}

TEST_F(MailServers, KeepsItsConnectionForMessageAfterMessage) {
    SmtpMailer mailer(Smtp(TlsMode::kStartTls), clock_, nullptr);
    const auto started = std::chrono::steady_clock::now();
    constexpr int kMessages = 100;
    for (int i = 0; i < kMessages; ++i)
        ASSERT_TRUE(mailer.Send(Notice(Address("customer"), "burst-" + std::to_string(i))).has_value());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("sent %d messages over one STARTTLS connection in %.2f s (%.0f/s)\n", kMessages, seconds,
                kMessages / seconds);
    ImapMailbox inbox(Imap("customer"));
    EXPECT_EQ(Receive(inbox, kMessages).size(), static_cast<std::size_t>(kMessages));
}

TEST_F(MailServers, SendsFromSeveralThreadsOverSeveralConnections) {
    SmtpMailer mailer(Smtp(TlsMode::kStartTls), clock_, nullptr);
    constexpr int kThreads = 4;
    constexpr int kEach = 100;
    std::atomic<int> failures{0};
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i)
                if (!mailer.Send(
                        Notice(Address("customer"), "parallel-" + std::to_string(t) + "-" + std::to_string(i))))
                    ++failures;
        });
    for (std::thread& thread : threads) thread.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("sent %d messages from %d threads in %.2f s (%.0f/s)\n", kThreads * kEach, kThreads, seconds,
                kThreads * kEach / seconds);
    EXPECT_EQ(failures.load(), 0);
    ImapMailbox inbox(Imap("customer"));
    EXPECT_EQ(Receive(inbox, kThreads * kEach).size(), static_cast<std::size_t>(kThreads * kEach));
}

}  // namespace
}  // namespace kesu::channels
