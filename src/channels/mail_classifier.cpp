#include "channels/mail_classifier.hpp"

#include <array>
#include <span>
#include <string_view>

namespace kesu::channels {

namespace {

using domain::InboundMailKind;

std::string Lower(std::string_view text) {
    std::string lower(text);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lower;
}

std::string Trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n'))
        text.remove_suffix(1);
    return std::string(text);
}

const std::string* FindHeader(const MailFacts& facts, std::string_view name) {
    for (const auto& [header, value] : facts.headers)
        if (Lower(header) == name) return &value;
    return nullptr;
}

Classification Decided(InboundMailKind kind, std::string reason) {
    return {kind, std::move(reason)};
}

// Subjects of autoresponders and bounce reports from mailers that mark them with no header, lower case.
constexpr std::array<std::string_view, 14> kAutoReplySubjects{
    "自动回复",        "自動回覆",      "自动答复",      "自動回復",          "auto reply", "auto-reply", "autoreply",
    "automatic reply", "auto response", "out of office", "out of the office", "休假",       "不在办公室", "autosvar"};
constexpr std::array<std::string_view, 12> kBounceSubjects{"undeliverable",
                                                           "undelivered mail",
                                                           "delivery status notification (failure)",
                                                           "delivery failure",
                                                           "mail delivery failed",
                                                           "returned mail",
                                                           "failure notice",
                                                           "退信",
                                                           "系统退信",
                                                           "投递失败",
                                                           "无法投递",
                                                           "delivery has failed"};

bool SubjectStartsWithAny(const std::string& subject, std::span<const std::string_view> phrases) {
    // Prefixes such as "Re:" or "回复：" are not stripped: autoresponders put their phrase first, and a customer
    // replying to an out-of-office message is still writing to us.
    for (std::string_view phrase : phrases)
        if (subject.starts_with(phrase)) return true;
    return false;
}

}  // namespace

Classification ClassifyMail(const MailFacts& facts, const LoopGuard& guard) {
    // Loops first: kesu's own mail, whatever else it says about itself.
    if (const std::string* loop = FindHeader(facts, "x-kesu-loop");
        loop != nullptr && !guard.loop_token.empty() && Trimmed(*loop) == guard.loop_token)
        return Decided(InboundMailKind::kLoop, "X-Kesu-Loop: " + Trimmed(*loop));
    if (!guard.message_id_domain.empty()) {
        const std::string id = Lower(facts.message_id);
        const std::string suffix = "@" + Lower(guard.message_id_domain) + ">";
        if (id.size() > suffix.size() && id.ends_with(suffix))
            return Decided(InboundMailKind::kLoop, "Message-ID in kesu's domain");
    }
    for (const std::string& own : guard.own_addresses)
        if (!own.empty() && Lower(own) == facts.from_address)
            return Decided(InboundMailKind::kLoop, "From: kesu's own address");

    // Delivery reports.
    for (const std::string& type : facts.content_types)
        if (type == "message/delivery-status" || type == "message/global-delivery-status")
            return Decided(InboundMailKind::kBounce, "a " + type + " part");
    if (!facts.content_types.empty() && facts.content_types.front() == "multipart/report") {
        if (Lower(facts.report_type) == "disposition-notification")
            return Decided(InboundMailKind::kAutoReply, "multipart/report; report-type=disposition-notification");
        return Decided(InboundMailKind::kBounce, "multipart/report");
    }
    if (FindHeader(facts, "x-failed-recipients") != nullptr)
        return Decided(InboundMailKind::kBounce, "X-Failed-Recipients");
    const std::string local = facts.from_address.substr(0, facts.from_address.find('@'));
    if (local == "mailer-daemon" || local == "postmaster") return Decided(InboundMailKind::kBounce, "From: " + local);

    // Autoresponders and bulk mail.
    if (const std::string* submitted = FindHeader(facts, "auto-submitted")) {
        const std::string value = Lower(Trimmed(*submitted));
        if (!value.empty() && !value.starts_with("no"))
            return Decided(InboundMailKind::kAutoReply, "Auto-Submitted: " + value);
    }
    for (std::string_view name : {"x-autoreply", "x-autorespond", "x-auto-reply", "x-autogenerated"})
        if (FindHeader(facts, name) != nullptr) return Decided(InboundMailKind::kAutoReply, std::string(name));
    for (std::string_view name : {"precedence", "x-precedence"}) {
        if (const std::string* precedence = FindHeader(facts, name)) {
            const std::string value = Lower(Trimmed(*precedence));
            if (value == "bulk" || value == "junk" || value == "list" || value == "auto_reply")
                return Decided(InboundMailKind::kAutoReply, std::string(name) + ": " + value);
        }
    }
    if (const std::string* suppress = FindHeader(facts, "x-auto-response-suppress")) {
        const std::string value = Lower(Trimmed(*suppress));
        if (value.find("all") != std::string::npos || value.find("oof") != std::string::npos)
            return Decided(InboundMailKind::kAutoReply, "X-Auto-Response-Suppress: " + value);
    }
    if (FindHeader(facts, "list-id") != nullptr || FindHeader(facts, "list-unsubscribe") != nullptr)
        return Decided(InboundMailKind::kAutoReply, "a mailing list (List-Id/List-Unsubscribe)");
    if (const std::string* return_path = FindHeader(facts, "return-path");
        return_path != nullptr && Trimmed(*return_path) == "<>")
        return Decided(InboundMailKind::kBounce, "Return-Path: <>");

    const std::string subject = Lower(Trimmed(facts.subject));
    if (SubjectStartsWithAny(subject, kBounceSubjects)) return Decided(InboundMailKind::kBounce, "a bounce subject");
    if (SubjectStartsWithAny(subject, kAutoReplySubjects))
        return Decided(InboundMailKind::kAutoReply, "an autoreply subject");
    return {};
}

}  // namespace kesu::channels
