#include "channels/mail_composer.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <optional>
#include <vector>

#include "channels/gmime_support.hpp"
#include "domain/inbound_mail.hpp"

namespace kesu::channels {

namespace {

using domain::ErrorCode;
using domain::Fail;

bool IsControl(char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
}

char Lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (Lower(a[i]) != Lower(b[i])) return false;
    return true;
}

// Headers the composer writes itself; extra headers may not replace them.
constexpr std::array<std::string_view, 13> kReservedHeaders{
    "from",       "to",          "cc",         "bcc",          "reply-to",    "subject", "date",
    "message-id", "in-reply-to", "references", "mime-version", "x-kesu-loop", "sender"};

bool IsHeaderName(std::string_view name) {
    if (name.empty() || name.size() > 76) return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

bool IsOneLine(std::string_view value) {
    for (char c : value)
        if (c == '\r' || c == '\n' || c == '\0') return false;
    return true;
}

bool IsMessageId(std::string_view id) {
    if (id.size() < 5 || id.size() > 250 || id.front() != '<' || id.back() != '>') return false;
    const std::string_view inner = id.substr(1, id.size() - 2);
    if (inner.find('@') == std::string_view::npos) return false;
    for (char c : inner)
        if (IsControl(c) || c == ' ' || c == '<' || c == '>' || static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

// One line of text for a header: control characters (CR, LF, tabs) become spaces.
std::string OneLine(std::string_view text) {
    std::string line(text);
    for (char& c : line)
        if (IsControl(c)) c = ' ';
    return line;
}

// Text parts in canonical form (RFC 2046): CRLF line ends.
std::string WithCrlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 32);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else if (text[i] == '\n') {
            out += "\r\n";
        } else {
            out += text[i];
        }
    }
    return out;
}

bool IsAscii(std::string_view text) {
    for (char c : text)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

// RFC 2047 words of at most 75 characters (GMime writes one word however long the text): at most 45 bytes of
// UTF-8 each, cut between characters.
std::string EncodedWords(std::string_view utf8) {
    std::string words;
    while (!utf8.empty()) {
        std::size_t length = std::min<std::size_t>(45, utf8.size());
        while (length < utf8.size() && length > 0 && (static_cast<unsigned char>(utf8[length]) & 0xC0) == 0x80)
            --length;
        if (length == 0) length = std::min<std::size_t>(45, utf8.size());
        if (!words.empty()) words += ' ';
        words += "=?UTF-8?B?";
        words += TakeGString(g_base64_encode(reinterpret_cast<const guchar*>(utf8.data()), length));
        words += "?=";
        utf8.remove_prefix(length);
    }
    return words;
}

// A subject ready to write: ASCII words as they are (so the number stays readable in the raw header), each run of
// other words as encoded words, the spaces inside a run encoded with it.
std::string EncodedSubject(std::string_view subject) {
    std::vector<std::string_view> tokens;
    for (std::size_t start = 0; start <= subject.size();) {
        const std::size_t space = std::min(subject.find(' ', start), subject.size());
        tokens.push_back(subject.substr(start, space - start));
        start = space + 1;
    }
    std::string header;
    std::string run;  // non-ASCII words waiting to be encoded
    const auto flush = [&] {
        if (run.empty()) return;
        if (!header.empty()) header += ' ';
        header += EncodedWords(run);
        run.clear();
    };
    for (std::string_view token : tokens) {
        if (IsAscii(token) && token.find("=?") == std::string_view::npos) {
            flush();
            if (!header.empty()) header += ' ';
            header += token;
        } else {
            if (!run.empty()) run += ' ';
            run += token;
        }
    }
    flush();
    return header;
}

GPtr<GMimeDataWrapper> ContentOf(std::string_view bytes) {
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    return GPtr<GMimeDataWrapper>(g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
}

GPtr<GMimeObject> TextPart(const char* subtype, std::string_view utf8) {
    GPtr<GMimeTextPart> part(g_mime_text_part_new_with_subtype(subtype));
    GPtr<GMimeDataWrapper> content = ContentOf(WithCrlf(utf8));
    g_mime_part_set_content(GMIME_PART(part.get()), content.get());
    g_mime_text_part_set_charset(part.get(), "utf-8");
    g_mime_part_set_content_encoding(
        GMIME_PART(part.get()),
        g_mime_part_get_best_content_encoding(GMIME_PART(part.get()), GMIME_ENCODING_CONSTRAINT_7BIT));
    return GPtr<GMimeObject>(GMIME_OBJECT(part.release()));
}

domain::Result<GPtr<GMimeObject>> AttachmentPart(const domain::OutgoingAttachment& attachment,
                                                 const domain::AttachmentSource* source) {
    if (source == nullptr) return Fail(ErrorCode::kInternal, "no attachment source to read attachments from");
    domain::Result<std::string> bytes = source->Read(attachment.sha256);
    if (!bytes) return std::unexpected(bytes.error());
    std::string type = "application";
    std::string subtype = "octet-stream";
    const std::size_t slash = attachment.content_type.find('/');
    if (slash != std::string::npos && slash > 0 && slash + 1 < attachment.content_type.size() &&
        IsHeaderName(attachment.content_type.substr(0, slash)) && IsOneLine(attachment.content_type) &&
        attachment.content_type.find_first_of(" ;\"") == std::string::npos) {
        type = attachment.content_type.substr(0, slash);
        subtype = attachment.content_type.substr(slash + 1);
    }
    GPtr<GMimePart> part(g_mime_part_new_with_type(type.c_str(), subtype.c_str()));
    GPtr<GMimeDataWrapper> content = ContentOf(*bytes);
    g_mime_part_set_content(part.get(), content.get());
    g_mime_object_set_disposition(GMIME_OBJECT(part.get()), GMIME_DISPOSITION_ATTACHMENT);
    const std::string filename = OneLine(attachment.filename.empty() ? "attachment" : attachment.filename);
    g_mime_part_set_filename(part.get(), filename.c_str());
    g_mime_part_set_content_encoding(part.get(), GMIME_CONTENT_ENCODING_BASE64);
    return GPtr<GMimeObject>(GMIME_OBJECT(part.release()));
}

std::string MessageIdFor(const domain::OutgoingMessage& message, const MailIdentity& identity) {
    if (!message.complaint_number.empty())
        return domain::ComplaintMessageId(message.complaint_number, message.message_key, identity.message_id_domain);
    std::string id = domain::ComplaintMessageId("kesu", message.message_key, identity.message_id_domain);
    return id;
}

}  // namespace

bool IsMailboxAddress(std::string_view address) {
    if (address.size() < 3 || address.size() > 254) return false;
    const std::size_t at = address.rfind('@');
    if (at == std::string_view::npos || at == 0 || at + 1 >= address.size()) return false;
    for (char c : address)
        if (IsControl(c) || c == ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '(' ||
            c == ')' || c == '\\' || c == '[' || c == ']')
            return false;
    return address.substr(at + 1).find('@') == std::string_view::npos;
}

std::string SubjectWithNumber(std::string_view subject, std::string_view number) {
    if (number.empty()) return std::string(subject);
    const std::optional<std::string> present = domain::FindComplaintNumber(subject);
    if (present && EqualsIgnoringCase(*present, number)) return std::string(subject);
    std::string result = "[";
    result += number;
    result += ']';
    if (!subject.empty()) {
        result += ' ';
        result += subject;
    }
    return result;
}

domain::Result<ComposedMail> ComposeMail(const domain::OutgoingMessage& message, const MailIdentity& identity,
                                         const domain::AttachmentSource* attachments, domain::Instant now) {
    if (!IsMailboxAddress(message.recipient))
        return domain::FailField(ErrorCode::kInvalidArgument, "recipient", "not an email address");
    if (!IsMailboxAddress(identity.from_address))
        return domain::FailField(ErrorCode::kInvalidArgument, "from_address", "not an email address");
    if (!identity.reply_to_address.empty() && !IsMailboxAddress(identity.reply_to_address))
        return domain::FailField(ErrorCode::kInvalidArgument, "reply_to_address", "not an email address");
    if (message.message_key.empty())
        return domain::FailField(ErrorCode::kInvalidArgument, "message_key", "required (it makes the Message-ID)");
    if (identity.message_id_domain.empty() || !IsOneLine(identity.message_id_domain))
        return domain::FailField(ErrorCode::kInvalidArgument, "message_id_domain", "required");
    if (!message.in_reply_to.empty() && !IsMessageId(message.in_reply_to))
        return domain::FailField(ErrorCode::kInvalidArgument, "in_reply_to", "not a Message-ID in <>");
    for (const std::string& reference : message.references)
        if (!IsMessageId(reference))
            return domain::FailField(ErrorCode::kInvalidArgument, "references", "not a Message-ID in <>");
    for (const auto& [name, value] : message.headers) {
        if (!IsHeaderName(name) || !IsOneLine(value))
            return domain::FailField(ErrorCode::kInvalidArgument, "headers", "a header name or value is malformed");
        for (std::string_view reserved : kReservedHeaders)
            if (EqualsIgnoringCase(name, reserved) ||
                (name.size() >= 8 && EqualsIgnoringCase(name.substr(0, 8), "content-")))
                return domain::FailField(ErrorCode::kInvalidArgument, "headers", "may not set " + name);
    }

    EnsureGMime();
    GPtr<GMimeMessage> mail(g_mime_message_new(TRUE));
    GMimeObject* object = GMIME_OBJECT(mail.get());
    const std::string from_name = OneLine(identity.from_name);
    g_mime_message_add_mailbox(mail.get(), GMIME_ADDRESS_TYPE_FROM, from_name.empty() ? nullptr : from_name.c_str(),
                               identity.from_address.c_str());
    const std::string recipient_name = OneLine(message.recipient_name);
    g_mime_message_add_mailbox(mail.get(), GMIME_ADDRESS_TYPE_TO,
                               recipient_name.empty() ? nullptr : recipient_name.c_str(), message.recipient.c_str());
    if (!identity.reply_to_address.empty() && identity.reply_to_address != identity.from_address)
        g_mime_message_add_mailbox(mail.get(), GMIME_ADDRESS_TYPE_REPLY_TO,
                                   from_name.empty() ? nullptr : from_name.c_str(), identity.reply_to_address.c_str());
    const std::string subject = OneLine(SubjectWithNumber(message.subject, message.complaint_number));
    g_mime_object_set_header(object, "Subject", EncodedSubject(subject).c_str(), nullptr);

    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    GDateTime* date = g_date_time_new_from_unix_utc(static_cast<gint64>(seconds));
    g_mime_message_set_date(mail.get(), date);
    g_date_time_unref(date);

    ComposedMail composed;
    composed.message_id = MessageIdFor(message, identity);
    g_mime_message_set_message_id(mail.get(), composed.message_id.substr(1, composed.message_id.size() - 2).c_str());
    if (!message.in_reply_to.empty())
        g_mime_object_set_header(object, "In-Reply-To", message.in_reply_to.c_str(), nullptr);
    // The thread's root id (<NUMBER@domain>) goes first, so a reply's References name the complaint even when the
    // customer's mailer keeps only a few ids or the subject was changed.
    std::vector<std::string> references;
    if (!message.complaint_number.empty())
        references.push_back(domain::ComplaintMessageId(message.complaint_number, "", identity.message_id_domain));
    for (const std::string& reference : message.references)
        if (std::find(references.begin(), references.end(), reference) == references.end())
            references.push_back(reference);
    if (!message.in_reply_to.empty() &&
        std::find(references.begin(), references.end(), message.in_reply_to) == references.end())
        references.push_back(message.in_reply_to);
    if (!references.empty()) {
        std::string joined;
        for (const std::string& reference : references) joined += (joined.empty() ? "" : " ") + reference;
        g_mime_object_set_header(object, "References", joined.c_str(), nullptr);
    }
    if (message.automatic) g_mime_object_set_header(object, "Auto-Submitted", "auto-generated", nullptr);
    if (!identity.loop_token.empty())
        g_mime_object_set_header(object, "X-Kesu-Loop", OneLine(identity.loop_token).c_str(), nullptr);
    for (const auto& [name, value] : message.headers)
        g_mime_object_append_header(object, name.c_str(), value.c_str(), "utf-8");

    GPtr<GMimeObject> body;
    if (message.html_body.empty()) {
        body = TextPart("plain", message.text_body);
    } else {
        GPtr<GMimeMultipart> alternative(g_mime_multipart_new_with_subtype("alternative"));
        GPtr<GMimeObject> text = TextPart("plain", message.text_body);
        GPtr<GMimeObject> html = TextPart("html", message.html_body);
        g_mime_multipart_add(alternative.get(), text.get());
        g_mime_multipart_add(alternative.get(), html.get());
        body.reset(GMIME_OBJECT(alternative.release()));
    }
    if (!message.attachments.empty()) {
        GPtr<GMimeMultipart> mixed(g_mime_multipart_new_with_subtype("mixed"));
        g_mime_multipart_add(mixed.get(), body.get());
        for (const domain::OutgoingAttachment& attachment : message.attachments) {
            domain::Result<GPtr<GMimeObject>> part = AttachmentPart(attachment, attachments);
            if (!part) return std::unexpected(part.error());
            g_mime_multipart_add(mixed.get(), part->get());
        }
        body.reset(GMIME_OBJECT(mixed.release()));
    }
    g_mime_message_set_mime_part(mail.get(), body.get());

    FormatOptionsPtr format(g_mime_format_options_clone(nullptr));
    g_mime_format_options_set_newline_format(format.get(), GMIME_NEWLINE_FORMAT_DOS);
    composed.data = TakeGString(g_mime_object_to_string(object, format.get()));
    return composed;
}

}  // namespace kesu::channels
