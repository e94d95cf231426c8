#include "channels/mail_parser.hpp"

#include <gtest/gtest.h>

#include <SimpleConverter.hpp>
#include <string>
#include <vector>

#include "channels/mail_samples.hpp"
#include "search/real_texts.hpp"

namespace kesu::channels {
namespace {

using domain::InboundMailKind;
using testing::Base64Lines;
using testing::Encodable;
using testing::Encode;
using testing::EncodedWord;
using testing::QEncodedWord;
using testing::QuotedPrintable;
using testing::Rfc2231Value;

const LoopGuard kGuard{"kesu.example.com", "kesu-7f3e", {"kefu@example.com"}};

// Splits UTF-8 text into pieces of at most `count` code points (encoded words must not split a character).
std::vector<std::string> Pieces(std::string_view text, std::size_t count) {
    std::vector<std::string> pieces;
    std::string piece;
    std::size_t in_piece = 0;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = 1;
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead >= 0xF0)
            length = 4;
        else if (lead >= 0xE0)
            length = 3;
        else if (lead >= 0xC0)
            length = 2;
        piece += text.substr(i, length);
        i += length;
        if (++in_piece == count) {
            pieces.push_back(std::move(piece));
            piece.clear();
            in_piece = 0;
        }
    }
    if (!piece.empty()) pieces.push_back(std::move(piece));
    return pieces;
}

// A subject as mailers fold it: one encoded word per few characters, on continuation lines.
std::string FoldedEncodedSubject(std::string_view utf8, const char* charset, bool q_encoding = false) {
    std::string header;
    for (const std::string& piece : Pieces(utf8, 10)) {
        if (!header.empty()) header += "\r\n ";
        header += q_encoding ? QEncodedWord(piece, charset) : EncodedWord(piece, charset);
    }
    return header;
}

// What the parser gives back for a text: LF line ends, no trailing white space.
std::string AsParsed(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            out += text[i];
        }
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ' || out.back() == '\t')) out.pop_back();
    return out;
}

std::string OneLine(std::string_view text) {
    std::string line = AsParsed(text);
    for (char& c : line)
        if (c == '\n' || c == '\t') c = ' ';
    return line;
}

struct TextMail {
    const char* charset = "gbk";
    std::string subject_header;  // already encoded
    std::string from_header = "customer@example.net";
    std::string body;  // already in the charset
    const char* transfer_encoding = "base64";
    std::string extra_headers;
};

std::string Build(const TextMail& mail) {
    std::string raw =
        "Return-Path: <customer@example.net>\r\n"
        "From: " +
        mail.from_header +
        "\r\n"
        "To: kefu@example.com\r\n"
        "Subject: " +
        mail.subject_header +
        "\r\n"
        "Date: Mon, 23 Nov 2026 10:15:00 +0800\r\n"
        "Message-ID: <20261123101500.A1B2@mail.example.net>\r\n" +
        mail.extra_headers +
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=\"" +
        mail.charset +
        "\"\r\n"
        "Content-Transfer-Encoding: " +
        mail.transfer_encoding + "\r\n\r\n";
    if (std::string_view(mail.transfer_encoding) == "base64") {
        raw += Base64Lines(mail.body);
    } else if (std::string_view(mail.transfer_encoding) == "quoted-printable") {
        raw += QuotedPrintable(mail.body);
    } else {
        raw += mail.body;
    }
    return raw;
}

domain::InboundMail Parse(const std::string& raw) {
    domain::Result<domain::InboundMail> mail = ParseInboundMail(raw, kGuard);
    EXPECT_TRUE(mail.has_value()) << (mail ? "" : mail.error().message);
    return mail ? *mail : domain::InboundMail{};
}

// Real citizen messages (tipdm 2020) that fit `charset`, at most `count`.
std::vector<search::testing::RealText> RealMessages(const char* charset, std::size_t count) {
    const auto data = search::testing::SharedDataDirectory();
    if (!data) return {};
    std::vector<search::testing::RealText> chosen;
    for (auto& text : search::testing::LoadHotIssueMessages(*data)) {
        if (text.subject.empty() || text.body.empty()) continue;
        if (!Encodable(text.subject, charset) || !Encodable(text.body, charset)) continue;
        chosen.push_back(std::move(text));
        if (chosen.size() == count) break;
    }
    return chosen;
}

TEST(ParseInboundMail, DecodesRealComplaintsSentInGbkWithBase64) {
    const auto messages = RealMessages("GBK", 40);
    ASSERT_EQ(messages.size(), 40u) << "needs ../shared/data/tipdm2020_gov_messages (KESU_SHARED_DATA)";
    for (const auto& message : messages) {
        TextMail mail;
        mail.charset = "gbk";
        mail.subject_header = FoldedEncodedSubject(message.subject, "GBK");
        mail.from_header = EncodedWord("王小明", "GBK") + " <Wang.XM@Example.NET>";
        mail.body = Encode(message.body, "GBK");
        const domain::InboundMail parsed = Parse(Build(mail));
        EXPECT_EQ(parsed.subject, OneLine(message.subject));
        EXPECT_EQ(parsed.text, AsParsed(message.body));
        EXPECT_EQ(parsed.from_name, "王小明");
        EXPECT_EQ(parsed.from_address, "wang.xm@example.net");
        EXPECT_EQ(parsed.kind, InboundMailKind::kMessage) << parsed.kind_reason;
    }
}

TEST(ParseInboundMail, DecodesGb18030QuotedPrintableWithFourByteCharacters) {
    const auto messages = RealMessages("GB18030", 10);
    ASSERT_EQ(messages.size(), 10u);
    for (const auto& message : messages) {
        // 𠀀 (U+20000) and 㐀 (U+3400) exist only as GB18030 four-byte sequences.
        const std::string body = message.body + "\n生僻字：𠀀㐀";
        TextMail mail;
        mail.charset = "GB18030";
        mail.subject_header = FoldedEncodedSubject(message.subject + "𠀀", "GB18030", true);
        mail.body = Encode(body, "GB18030");
        mail.transfer_encoding = "quoted-printable";
        const domain::InboundMail parsed = Parse(Build(mail));
        EXPECT_EQ(parsed.subject, OneLine(message.subject + "𠀀"));
        EXPECT_EQ(parsed.text, AsParsed(body));
    }
}

TEST(ParseInboundMail, DecodesTraditionalChineseInBig5) {
    const auto data = search::testing::SharedDataDirectory();
    ASSERT_TRUE(data.has_value());
    opencc::SimpleConverter to_traditional("/usr/share/opencc/s2tw.json");
    std::size_t checked = 0;
    for (const auto& message : search::testing::LoadHotIssueMessages(*data)) {
        const std::string subject = to_traditional.Convert(message.subject);
        const std::string body = to_traditional.Convert(message.body);
        if (subject.empty() || body.empty() || !Encodable(subject, "BIG5") || !Encodable(body, "BIG5")) continue;
        TextMail mail;
        mail.charset = "big5";
        mail.subject_header = FoldedEncodedSubject(subject, "big5");
        mail.from_header = QEncodedWord("陳大文", "big5") + " <chan@example.hk>";
        mail.body = Encode(body, "BIG5");
        mail.transfer_encoding = checked % 2 == 0 ? "base64" : "quoted-printable";
        const domain::InboundMail parsed = Parse(Build(mail));
        EXPECT_EQ(parsed.subject, OneLine(subject));
        EXPECT_EQ(parsed.text, AsParsed(body));
        EXPECT_EQ(parsed.from_name, "陳大文");
        if (++checked == 20) break;
    }
    EXPECT_EQ(checked, 20u);
}

TEST(ParseInboundMail, ReadsGbkCharactersInMailLabelledGb2312) {
    // Mailers label GBK text "gb2312": 喆 and 镕 are not in GB2312 but must come through.
    TextMail mail;
    mail.charset = "gb2312";
    mail.subject_header = EncodedWord("张喆的投诉：朱镕基路门店", "GBK");
    mail.subject_header.replace(2, 3, "gb2312");
    mail.body = Encode("我叫张喆，在朱镕基路门店买的冰箱坏了。", "GBK");
    const domain::InboundMail parsed = Parse(Build(mail));
    EXPECT_EQ(parsed.subject, "张喆的投诉：朱镕基路门店");
    EXPECT_EQ(parsed.text, "我叫张喆，在朱镕基路门店买的冰箱坏了。");
}

TEST(ParseInboundMail, ReadsRawEightBitHeadersInTheBodysCharset) {
    TextMail gbk;
    gbk.subject_header = Encode("空调安装师傅乱收费", "GBK");
    gbk.from_header = Encode("李四", "GBK") + " <lisi@example.net>";
    gbk.body = Encode("安装费收了三百元。", "GBK");
    gbk.transfer_encoding = "8bit";
    domain::InboundMail parsed = Parse(Build(gbk));
    EXPECT_EQ(parsed.subject, "空调安装师傅乱收费");
    EXPECT_EQ(parsed.from_name, "李四");
    EXPECT_EQ(parsed.text, "安装费收了三百元。");

    TextMail big5;
    big5.charset = "big5";
    big5.subject_header = Encode("網購商品與描述不符", "BIG5");
    big5.body = Encode("收到的貨品顏色不對。", "BIG5");
    big5.transfer_encoding = "8bit";
    parsed = Parse(Build(big5));
    EXPECT_EQ(parsed.subject, "網購商品與描述不符");
    EXPECT_EQ(parsed.text, "收到的貨品顏色不對。");
}

TEST(ParseInboundMail, ReadsUtf8AndUnlabelledMail) {
    TextMail utf8;
    utf8.charset = "utf-8";
    utf8.subject_header = "=?UTF-8?B?" + testing::Base64("快递三天没更新") + "?=";
    utf8.body = "物流信息停在转运中心。\n请尽快处理。\n";
    utf8.transfer_encoding = "8bit";
    domain::InboundMail parsed = Parse(Build(utf8));
    EXPECT_EQ(parsed.subject, "快递三天没更新");
    EXPECT_EQ(parsed.text, "物流信息停在转运中心。\n请尽快处理。");

    std::string unlabelled = "From: a@example.net\r\nSubject: " + Encode("退款未到账", "GBK") + "\r\n\r\n" +
                             Encode("已经过了十五个工作日。", "GBK");
    parsed = Parse(unlabelled);
    EXPECT_EQ(parsed.subject, "退款未到账");
    EXPECT_EQ(parsed.text, "已经过了十五个工作日。");
}

TEST(ParseInboundMail, TurnsHtmlOnlyMailIntoText) {
    const std::string html =
        "<html><head><title>ignored</title><style>p{color:red}</style><script>alert(1)</script></head>"
        "<body><p>您好：</p><p>我于11月20日购买的<b>洗衣机</b>&nbsp;外壳凹陷&amp;漏水。</p>"
        "<ul><li>订单号：DD123456</li><li>金额：2999&#20803;</li></ul>"
        "<div>联系电话<br>138 1234 5678</div><table><tr><td>型号</td><td>XQG-100</td></tr></table></body></html>";
    std::string raw = "From: =?GBK?B?" + testing::Base64(Encode("赵六", "GBK")) +
                      "?= <zhao@example.net>\r\n"
                      "Subject: " +
                      EncodedWord("洗衣机质量问题", "GBK") +
                      "\r\n"
                      "MIME-Version: 1.0\r\n"
                      "Content-Type: text/html; charset=gbk\r\n"
                      "Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
                      QuotedPrintable(Encode(html, "GBK"));
    const domain::InboundMail parsed = Parse(raw);
    EXPECT_TRUE(parsed.text_from_html);
    EXPECT_EQ(parsed.text,
              "您好：\n我于11月20日购买的洗衣机 外壳凹陷&漏水。\n- 订单号：DD123456\n- 金额：2999元\n"
              "联系电话\n138 1234 5678\n型号\tXQG-100");
}

TEST(ParseInboundMail, PrefersTheTextPartOfAnAlternative) {
    const std::string raw =
        "From: a@example.net\r\nSubject: test\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
        "--b1\r\nContent-Type: text/plain; charset=gbk\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
        Base64Lines(Encode("纯文本正文", "GBK")) +
        "--b1\r\nContent-Type: text/html; charset=gbk\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
        Base64Lines(Encode("<p>网页正文</p>", "GBK")) + "--b1--\r\n";
    const domain::InboundMail parsed = Parse(raw);
    EXPECT_EQ(parsed.text, "纯文本正文");
    EXPECT_FALSE(parsed.text_from_html);
    EXPECT_TRUE(parsed.attachments.empty());
}

TEST(ParseInboundMail, ExtractsAttachmentsWithNamesTypesAndSizes) {
    std::string photo(3000, '\0');
    for (std::size_t i = 0; i < photo.size(); ++i) photo[i] = static_cast<char>((i * 7 + 3) % 256);
    photo.replace(0, 4, "\xFF\xD8\xFF\xE0");
    const std::string invoice = "%PDF-1.4\n" + std::string(500, 'x');
    const std::string note = Encode("备注：请尽快回复", "GBK");
    const std::string inner =
        "From: shop@example.org\r\nSubject: " + EncodedWord("订单确认", "GBK") + "\r\n\r\norder ok\r\n";
    const std::string raw =
        "From: a@example.net\r\nSubject: " + EncodedWord("附件投诉", "GBK") +
        "\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
        "--outer\r\nContent-Type: multipart/related; boundary=\"rel\"\r\n\r\n"
        "--rel\r\nContent-Type: text/plain; charset=gbk\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
        Base64Lines(Encode("见附件照片和发票。", "GBK")) +
        "--rel\r\nContent-Type: image/png\r\nContent-ID: <logo@example.net>\r\nContent-Disposition: inline\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n" +
        Base64Lines("\x89PNG\r\n\x1a\n1234") +
        "--rel--\r\n"
        "--outer\r\nContent-Type: image/jpeg; name=\"photo.jpg\"\r\n"
        "Content-Disposition: attachment; filename*=" +
        Rfc2231Value("破损照片.jpg", "GBK") +
        "\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n" +
        Base64Lines(photo) + "--outer\r\nContent-Type: application/pdf; name=\"" + EncodedWord("发票.pdf", "GBK") +
        "\"\r\n"
        "Content-Disposition: attachment; filename=\"" +
        EncodedWord("发票.pdf", "GBK") +
        "\"\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n" +
        Base64Lines(invoice) +
        "--outer\r\nContent-Type: text/plain; charset=gbk; name=\"note.txt\"\r\n"
        "Content-Disposition: attachment; filename=\"note.txt\"\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n" +
        Base64Lines(note) + "--outer\r\nContent-Type: message/rfc822\r\n\r\n" + inner + "--outer--\r\n";
    const domain::InboundMail parsed = Parse(raw);
    EXPECT_EQ(parsed.text, "见附件照片和发票。");
    ASSERT_EQ(parsed.attachments.size(), 5u);
    EXPECT_EQ(parsed.attachments[0].content_type, "image/png");
    EXPECT_EQ(parsed.attachments[0].content_id, "logo@example.net");
    EXPECT_TRUE(parsed.attachments[0].is_inline);
    EXPECT_EQ(parsed.attachments[1].filename, "破损照片.jpg");
    EXPECT_EQ(parsed.attachments[1].content_type, "image/jpeg");
    EXPECT_EQ(parsed.attachments[1].Size(), 3000);
    EXPECT_EQ(parsed.attachments[1].content, photo);
    EXPECT_FALSE(parsed.attachments[1].is_inline);
    EXPECT_EQ(parsed.attachments[2].filename, "发票.pdf");
    EXPECT_EQ(parsed.attachments[2].content, invoice);
    EXPECT_EQ(parsed.attachments[3].filename, "note.txt");
    EXPECT_EQ(parsed.attachments[3].content, note);
    EXPECT_EQ(parsed.attachments[4].content_type, "message/rfc822");
    EXPECT_EQ(parsed.attachments[4].filename, "订单确认.eml");
    EXPECT_NE(parsed.attachments[4].content.find("order ok"), std::string::npos);
}

TEST(ParseInboundMail, FindsTheComplaintInTheSubjectAndInTheThread) {
    TextMail mail;
    mail.subject_header = EncodedWord("回复：[TS-20261122-000123] 您的投诉已受理", "GBK");
    mail.body = Encode("还没有人联系我。", "GBK");
    mail.extra_headers =
        "In-Reply-To: <TS-20261122-000123.outbox-7@kesu.example.com>\r\n"
        "References: <TS-20261122-000123@kesu.example.com>\r\n"
        " <TS-20261122-000123.outbox-7@kesu.example.com>\r\n";
    domain::InboundMail parsed = Parse(Build(mail));
    EXPECT_EQ(parsed.subject_number, "TS-20261122-000123");
    EXPECT_EQ(parsed.thread_number, "TS-20261122-000123");
    EXPECT_EQ(parsed.in_reply_to, "<TS-20261122-000123.outbox-7@kesu.example.com>");
    ASSERT_EQ(parsed.references.size(), 2u);
    EXPECT_EQ(parsed.references[0], "<TS-20261122-000123@kesu.example.com>");
    EXPECT_EQ(parsed.kind, InboundMailKind::kMessage) << parsed.kind_reason;

    // The customer changed the subject: the thread still names the complaint.
    mail.subject_header = EncodedWord("补充材料", "GBK");
    mail.extra_headers = "References: <abc@mail.example.net> <TS-20261122-000123.outbox-9@kesu.example.com>\r\n";
    parsed = Parse(Build(mail));
    EXPECT_EQ(parsed.subject_number, "");
    EXPECT_EQ(parsed.ComplaintNumber(), "TS-20261122-000123");

    // A number in someone else's Message-ID means nothing.
    mail.extra_headers = "In-Reply-To: <TS-20261122-000123.x@elsewhere.example.org>\r\n";
    parsed = Parse(Build(mail));
    EXPECT_EQ(parsed.ComplaintNumber(), "");
}

TEST(ParseInboundMail, KnowsAutoRepliesBouncesAndLoops) {
    const auto kind_with = [](const std::string& headers, const std::string& subject = "=?GBK?B?suLK1A==?=",
                              const std::string& from = "customer@example.net") {
        TextMail mail;
        mail.subject_header = subject;
        mail.from_header = from;
        mail.body = "x";
        mail.extra_headers = headers;
        return Parse(Build(mail)).kind;
    };
    EXPECT_EQ(kind_with(""), InboundMailKind::kMessage);
    EXPECT_EQ(kind_with("Auto-Submitted: no\r\n"), InboundMailKind::kMessage);
    EXPECT_EQ(kind_with("Auto-Submitted: auto-replied\r\n"), InboundMailKind::kAutoReply);
    EXPECT_EQ(kind_with("X-Autoreply: yes\r\n"), InboundMailKind::kAutoReply);
    EXPECT_EQ(kind_with("Precedence: bulk\r\n"), InboundMailKind::kAutoReply);
    EXPECT_EQ(kind_with("X-Auto-Response-Suppress: All\r\n"), InboundMailKind::kAutoReply);
    EXPECT_EQ(kind_with("List-Id: <news.example.net>\r\n"), InboundMailKind::kAutoReply);
    EXPECT_EQ(kind_with("", EncodedWord("自动回复：您的来信已收到", "GBK")), InboundMailKind::kAutoReply);
    EXPECT_EQ(kind_with("", "Automatic reply: out of office"), InboundMailKind::kAutoReply);
    EXPECT_EQ(kind_with("", EncodedWord("系统退信", "GBK")), InboundMailKind::kBounce);
    EXPECT_EQ(kind_with("", "x", "MAILER-DAEMON@mail.example.net"), InboundMailKind::kBounce);
    EXPECT_EQ(kind_with("X-Failed-Recipients: a@b.c\r\n"), InboundMailKind::kBounce);
    EXPECT_EQ(kind_with("X-Kesu-Loop: kesu-7f3e\r\n"), InboundMailKind::kLoop);
    EXPECT_EQ(kind_with("X-Kesu-Loop: another-installation\r\n"), InboundMailKind::kMessage);
    EXPECT_EQ(kind_with("", "x", "KEFU@example.com"), InboundMailKind::kLoop);
}

TEST(ParseInboundMail, KnowsADeliveryReportAndItsOwnMessageId) {
    const std::string bounce =
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\r\nTo: kefu@example.com\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n\r\n"
        "--r\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you...\r\n"
        "--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n"
        "Final-Recipient: rfc822; nobody@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "--r\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <TS-20261122-000123.o1@kesu.example.com>\r\n"
        "--r--\r\n";
    domain::InboundMail parsed = Parse(bounce);
    EXPECT_EQ(parsed.kind, InboundMailKind::kBounce);
    EXPECT_EQ(parsed.kind_reason, "a message/delivery-status part");

    // A read receipt is automatic, not a bounce.
    const std::string receipt =
        "From: customer@example.net\r\nSubject: Read: x\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=disposition-notification; boundary=\"r\"\r\n\r\n"
        "--r\r\nContent-Type: text/plain\r\n\r\nread\r\n--r--\r\n";
    EXPECT_EQ(Parse(receipt).kind, InboundMailKind::kAutoReply);

    const std::string own =
        "From: someone@example.net\r\nMessage-ID: <TS-20261122-000123.o1@KESU.example.com>\r\n"
        "Subject: x\r\n\r\nbody\r\n";
    EXPECT_EQ(Parse(own).kind, InboundMailKind::kLoop);
}

TEST(ParseInboundMail, SkipsAnMboxFromLineAndReadsTheDate) {
    const std::string raw =
        "From customer@example.net Mon Nov 23 10:15:00 2026\n"
        "From: customer@example.net\nDate: Mon, 23 Nov 2026 10:15:00 +0800\nSubject: hi\n\nbody\n";
    const domain::InboundMail parsed = Parse(raw);
    EXPECT_EQ(parsed.from_address, "customer@example.net");
    EXPECT_EQ(parsed.subject, "hi");
    ASSERT_TRUE(parsed.sent_at.has_value());
    EXPECT_EQ(domain::FormatInstant(*parsed.sent_at), "2026-11-23T02:15:00.000Z");
}

TEST(ParseInboundMail, SaysWhenItSkippedPartsOfAMailBomb) {
    std::string raw =
        "From: a@example.net\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        "--b\r\nContent-Type: text/plain\r\n\r\n正文\r\n";
    for (int i = 0; i < 300; ++i) raw += "--b\r\nContent-Type: image/png\r\n\r\nx\r\n";
    raw += "--b--\r\n";
    domain::InboundMail parsed = Parse(raw);
    EXPECT_TRUE(parsed.parts_skipped);
    EXPECT_EQ(parsed.text, "正文");
    EXPECT_EQ(parsed.attachments.size(), 198u) << "the top part, the text and 198 images make the 200 read";
    parsed = Parse("From: a@example.net\r\nSubject: x\r\n\r\nbody\r\n");
    EXPECT_FALSE(parsed.parts_skipped);
}

TEST(ParseInboundMail, RefusesAnEmptyMail) {
    EXPECT_FALSE(ParseInboundMail("", kGuard).has_value());
    EXPECT_FALSE(ParseInboundMail(" \r\n\r\n", kGuard).has_value());
}

}  // namespace
}  // namespace kesu::channels
