// An email that reached kesu's mailbox, decoded: every text in UTF-8, attachments as bytes, and what kind of mail
// it is. The channel adapters (src/channels) make it from the raw message; use cases decide what it becomes (a new
// complaint, a customer message on an existing one, or nothing for auto-replies, bounces and loops).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

namespace kesu::domain {

enum class InboundMailKind {
    kMessage,    // written by a person: a new complaint or a reply
    kAutoReply,  // an out-of-office or other autoresponder (Auto-Submitted, Precedence, X-Autoreply, ...)
    kBounce,     // a delivery failure report (multipart/report, MAILER-DAEMON, empty return path)
    kLoop,       // kesu's own mail coming back (its Message-ID domain, its loop header, its own address)
};

struct InboundAttachment {
    std::string filename;      // decoded (RFC 2047/2231) and UTF-8; may be empty for an unnamed part
    std::string content_type;  // as declared, lower case, without parameters ("image/jpeg")
    std::string content;       // the decoded bytes
    std::string content_id;    // for inline images referenced by the HTML, without <>
    bool is_inline = false;

    std::int64_t Size() const { return static_cast<std::int64_t>(content.size()); }
};

struct InboundMail {
    std::string message_id;               // with <>; empty if the sender gave none
    std::string in_reply_to;              // with <>
    std::vector<std::string> references;  // with <>, oldest first
    std::string from_address;             // lower case
    std::string from_name;
    std::string reply_to_address;  // where answers should go if not to from_address
    std::vector<std::string> to_addresses;
    std::string subject;
    std::string text;  // the text part, or the HTML part turned into text when there is no text part
    bool text_from_html = false;
    std::optional<Instant> sent_at;  // the Date header, when it parses
    std::vector<InboundAttachment> attachments;
    bool parts_skipped = false;  // the mail nested or held more parts than the parser reads; the rest were ignored

    // The complaint it refers to: a number written in the subject, and the number of the kesu message it answers
    // (found in In-Reply-To/References, in a Message-ID kesu made itself). Either may be empty.
    std::string subject_number;
    std::string thread_number;

    InboundMailKind kind = InboundMailKind::kMessage;
    std::string kind_reason;  // which header or part decided the kind, e.g. "Auto-Submitted: auto-replied"

    // The subject's number first, then the thread's (the order the issue asks for); empty if neither.
    const std::string& ComplaintNumber() const { return subject_number.empty() ? thread_number : subject_number; }
};

// The first complaint or consultation number (TS-/ZX-YYYYMMDD-NNNNNN, letters in any case) in `text`, upper-cased,
// standing on its own (not inside a longer word or number); nothing if there is none.
std::optional<std::string> FindComplaintNumber(std::string_view text);

// The Message-ID kesu gives a message about a complaint: <NUMBER.KEY@DOMAIN>, or <NUMBER@DOMAIN> for the root of
// the complaint's thread (empty key). `key` should hold letters, digits, '-', '.' and '_' only; anything else is
// replaced by '_'.
std::string ComplaintMessageId(std::string_view number, std::string_view key, std::string_view domain);

// The complaint number in a Message-ID made by ComplaintMessageId for `domain` (compared without case); nothing
// for any other Message-ID.
std::optional<std::string> ComplaintNumberInMessageId(std::string_view message_id, std::string_view domain);

std::string_view InboundMailKindName(InboundMailKind kind);  // "message", "auto_reply", "bounce", "loop"

}  // namespace kesu::domain
