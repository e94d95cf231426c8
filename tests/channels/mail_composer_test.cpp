#include "channels/mail_composer.hpp"

#include <gtest/gtest.h>

#include <map>

#include "channels/mail_parser.hpp"

namespace kesu::channels {
namespace {

using domain::ErrorCode;

class MemoryAttachments final : public domain::AttachmentSource {
public:
    std::map<std::string, std::string, std::less<>> files;
    domain::Result<std::string> Read(std::string_view sha256) const override {
        auto it = files.find(sha256);
        if (it == files.end()) return domain::Fail(ErrorCode::kNotFound, "no such file");
        return it->second;
    }
};

const MailIdentity kIdentity{"kefu@example.com", "某某公司客服中心", "kefu-in@example.com", "kesu.example.com",
                             "kesu-7f3e"};
const domain::Instant kNow = *domain::ParseInstant("2026-11-22T08:30:00+08:00");

domain::OutgoingMessage Reply() {
    domain::OutgoingMessage message;
    message.message_key = "outbox-42";
    message.kind = "reply";
    message.recipient = "wang.xm@example.net";
    message.recipient_name = "王小明";
    message.complaint_number = "TS-20261122-000123";
    message.subject = "关于您反映的洗衣机外壳凹陷问题的答复";
    message.text_body = "王先生您好：\n经核实，外壳凹陷系运输造成，我们将为您免费更换。\n\n某某公司客服中心";
    message.html_body = "<p>王先生您好：</p><p>经核实……</p>";
    message.in_reply_to = "<20261123101500.A1B2@mail.example.net>";
    message.references = {"<20261123101500.A1B2@mail.example.net>"};
    message.automatic = false;
    return message;
}

std::string HeaderLine(std::string data, const std::string& name) {
    data = "\r\n" + data;
    const std::size_t at = data.find("\r\n" + name + ": ");
    if (at == std::string::npos) return {};
    std::size_t end = at + 2;
    // Folded headers continue on lines that start with white space.
    do {
        end = data.find("\r\n", end + 1);
    } while (end != std::string::npos && end + 2 < data.size() && (data[end + 2] == ' ' || data[end + 2] == '\t'));
    return data.substr(at + 2, end - at - 2);
}

TEST(ComposeMail, WritesSevenBitCrlfMimeThatReadsBackInChinese) {
    MemoryAttachments files;
    const std::string pdf = "%PDF-1.4\n" + std::string(2000, '\x9c');
    files.files["ab12"] = pdf;
    domain::OutgoingMessage message = Reply();
    message.attachments.push_back({"处理结果告知书.pdf", "application/pdf", "ab12", 2009});
    const domain::Result<ComposedMail> composed = ComposeMail(message, kIdentity, &files, kNow);
    ASSERT_TRUE(composed.has_value()) << composed.error().message;
    const std::string& data = composed->data;

    for (std::size_t i = 0; i < data.size(); ++i) {
        ASSERT_LT(static_cast<unsigned char>(data[i]), 0x80) << "8-bit byte at " << i;
        if (data[i] == '\n') {
            ASSERT_TRUE(i > 0 && data[i - 1] == '\r') << "bare LF at " << i;
        }
    }
    EXPECT_EQ(composed->message_id, "<TS-20261122-000123.outbox-42@kesu.example.com>");
    EXPECT_EQ(HeaderLine(data, "Message-Id"), "Message-Id: <TS-20261122-000123.outbox-42@kesu.example.com>");
    EXPECT_EQ(HeaderLine(data, "In-Reply-To"), "In-Reply-To: <20261123101500.A1B2@mail.example.net>");
    std::string subject = HeaderLine(data, "Subject");
    for (std::size_t fold; (fold = subject.find("\r\n")) != std::string::npos;) subject.erase(fold, 2);
    EXPECT_TRUE(subject.starts_with("Subject: [TS-20261122-000123] =?UTF-8?B?")) << subject;
    for (std::size_t word = subject.find("=?"); word != std::string::npos; word = subject.find("=?", word + 2))
        EXPECT_LE(subject.find("?=", word + 10) + 2 - word, 75u) << "an encoded word longer than RFC 2047 allows";
    EXPECT_NE(HeaderLine(data, "Date").find("22 Nov 2026 00:30:00"), std::string::npos) << HeaderLine(data, "Date");
    EXPECT_EQ(HeaderLine(data, "X-Kesu-Loop"), "X-Kesu-Loop: kesu-7f3e");
    EXPECT_EQ(HeaderLine(data, "Auto-Submitted"), "") << "a reply typed by a person is not auto-submitted";

    // Read back with the parser as the customer would see it, but from a mailbox that is not kesu's.
    const domain::Result<domain::InboundMail> parsed = ParseInboundMail(data, LoopGuard{});
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->subject, "[TS-20261122-000123] 关于您反映的洗衣机外壳凹陷问题的答复");
    EXPECT_EQ(parsed->from_name, "某某公司客服中心");
    EXPECT_EQ(parsed->from_address, "kefu@example.com");
    EXPECT_EQ(parsed->reply_to_address, "kefu-in@example.com");
    ASSERT_EQ(parsed->to_addresses.size(), 1u);
    EXPECT_EQ(parsed->to_addresses[0], "wang.xm@example.net");
    EXPECT_EQ(parsed->text, "王先生您好：\n经核实，外壳凹陷系运输造成，我们将为您免费更换。\n\n某某公司客服中心");
    ASSERT_EQ(parsed->references.size(), 2u);
    EXPECT_EQ(parsed->references[0], "<TS-20261122-000123@kesu.example.com>");
    EXPECT_EQ(parsed->references[1], "<20261123101500.A1B2@mail.example.net>");
    ASSERT_EQ(parsed->attachments.size(), 1u);
    EXPECT_EQ(parsed->attachments[0].filename, "处理结果告知书.pdf");
    EXPECT_EQ(parsed->attachments[0].content_type, "application/pdf");
    EXPECT_EQ(parsed->attachments[0].content, pdf);

    // Back in kesu's own mailbox it is recognised as kesu's mail.
    const domain::Result<domain::InboundMail> own =
        ParseInboundMail(data, LoopGuard{"kesu.example.com", "kesu-7f3e", {}});
    ASSERT_TRUE(own.has_value());
    EXPECT_EQ(own->kind, domain::InboundMailKind::kLoop);
}

TEST(ComposeMail, SendsTheSameMessageIdOnARetry) {
    const auto first = ComposeMail(Reply(), kIdentity, nullptr, kNow);
    const auto second = ComposeMail(Reply(), kIdentity, nullptr, kNow + std::chrono::minutes(5));
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->message_id, second->message_id);
}

TEST(ComposeMail, MarksNoticesAutoSubmittedAndSendsPlainTextAlone) {
    domain::OutgoingMessage message = Reply();
    message.automatic = true;
    message.html_body.clear();
    message.subject = "[TS-20261122-000123] 已受理";
    message.headers = {{"X-Kesu-Kind", "acknowledgement"}};
    const auto composed = ComposeMail(message, kIdentity, nullptr, kNow);
    ASSERT_TRUE(composed.has_value());
    EXPECT_EQ(HeaderLine(composed->data, "Auto-Submitted"), "Auto-Submitted: auto-generated");
    EXPECT_EQ(HeaderLine(composed->data, "X-Kesu-Kind"), "X-Kesu-Kind: acknowledgement");
    EXPECT_NE(HeaderLine(composed->data, "Content-Type").find("text/plain"), std::string::npos);
    const auto parsed = ParseInboundMail(composed->data, LoopGuard{});
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->subject, "[TS-20261122-000123] 已受理") << "the number is not added twice";
    EXPECT_EQ(parsed->kind, domain::InboundMailKind::kAutoReply);
}

TEST(ComposeMail, RefusesWhatCouldInjectHeaders) {
    const auto refused_field = [](domain::OutgoingMessage message) {
        auto composed = ComposeMail(message, kIdentity, nullptr, kNow);
        EXPECT_FALSE(composed.has_value());
        if (composed) return std::string();
        EXPECT_EQ(composed.error().code, ErrorCode::kInvalidArgument);
        return composed.error().fields.empty() ? std::string() : composed.error().fields[0].field;
    };
    domain::OutgoingMessage message = Reply();
    message.recipient = "a@b.c\r\nBcc: victim@example.org";
    EXPECT_EQ(refused_field(message), "recipient");
    message = Reply();
    message.recipient = "not an address";
    EXPECT_EQ(refused_field(message), "recipient");
    message = Reply();
    message.headers = {{"X-Note", "a\r\nBcc: victim@example.org"}};
    EXPECT_EQ(refused_field(message), "headers");
    message = Reply();
    message.headers = {{"Bcc", "victim@example.org"}};
    EXPECT_EQ(refused_field(message), "headers");
    message = Reply();
    message.headers = {{"Content-Type", "text/html"}};
    EXPECT_EQ(refused_field(message), "headers");
    message = Reply();
    message.in_reply_to = "<a@b>\r\nBcc: x@y";
    EXPECT_EQ(refused_field(message), "in_reply_to");
    message = Reply();
    message.message_key.clear();
    EXPECT_EQ(refused_field(message), "message_key");

    // A subject or name with line breaks is flattened, never split into headers.
    message = Reply();
    message.subject = "投诉\r\nBcc: victim@example.org";
    message.recipient_name = "王\nBcc: x@y";
    const auto composed = ComposeMail(message, kIdentity, nullptr, kNow);
    ASSERT_TRUE(composed.has_value());
    EXPECT_EQ(composed->data.find("\r\nBcc:"), std::string::npos);
}

TEST(ComposeMail, FailsWhenAnAttachmentCannotBeRead) {
    MemoryAttachments files;
    domain::OutgoingMessage message = Reply();
    message.attachments.push_back({"a.pdf", "application/pdf", "missing", 1});
    const auto composed = ComposeMail(message, kIdentity, &files, kNow);
    ASSERT_FALSE(composed.has_value());
    EXPECT_EQ(composed.error().code, ErrorCode::kNotFound);
}

TEST(SubjectWithNumber, AddsTheNumberOnlyWhenMissing) {
    EXPECT_EQ(SubjectWithNumber("已受理", "TS-20261122-000123"), "[TS-20261122-000123] 已受理");
    EXPECT_EQ(SubjectWithNumber("您的投诉 ts-20261122-000123 已受理", "TS-20261122-000123"),
              "您的投诉 ts-20261122-000123 已受理");
    EXPECT_EQ(SubjectWithNumber("关于 TS-20261122-000001", "TS-20261122-000123"),
              "[TS-20261122-000123] 关于 TS-20261122-000001");
    EXPECT_EQ(SubjectWithNumber("测试", ""), "测试");
}

}  // namespace
}  // namespace kesu::channels
