#include "channels/mail_parser.hpp"

#include <chrono>
#include <vector>

#include "channels/charset.hpp"
#include "channels/encoded_words.hpp"
#include "channels/gmime_support.hpp"
#include "channels/html_text.hpp"

namespace kesu::channels {

namespace {

std::string Lower(std::string_view text) {
    std::string lower(text);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lower;
}

bool EqualsIgnoringCase(const char* a, std::string_view b) {
    return a != nullptr && Lower(a) == b;
}

// Text as the use cases want it: LF line ends, no trailing blank lines.
std::string NormalizedText(std::string_view text) {
    std::string out;
    out.reserve(text.size());
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

std::string WithBrackets(const char* id) {
    if (id == nullptr || *id == '\0') return {};
    return "<" + std::string(id) + ">";
}

ParserOptionsPtr OptionsWithFallback(const std::string& hint) {
    ParserOptionsPtr options(g_mime_parser_options_new());
    // Raw 8-bit header text: UTF-8 if it is, else the charset the body declares, else GB18030 (GBK's superset).
    std::vector<const char*> charsets{"UTF-8"};
    if (!hint.empty() && hint != "UTF-8") charsets.push_back(hint.c_str());
    if (hint != "GB18030") charsets.push_back("GB18030");
    charsets.push_back(nullptr);
    g_mime_parser_options_set_fallback_charsets(options.get(), charsets.data());
    g_mime_parser_options_set_rfc2047_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_address_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
    return options;
}

// The part's file name. GMime decodes RFC 2231 and RFC 2047 in parameters itself, but a name folded into several
// padded base64 words must be merged first (encoded_words.hpp).
std::string Filename(GMimeObject* object, GMimeParserOptions* options) {
    GMimeHeaderList* headers = g_mime_object_get_header_list(object);
    for (const char* header_name : {"Content-Disposition", "Content-Type"}) {
        GMimeHeader* header = g_mime_header_list_get_header(headers, header_name);
        const char* raw = header != nullptr ? g_mime_header_get_raw_value(header) : nullptr;
        if (raw == nullptr || std::string_view(raw).find("=?") == std::string_view::npos) continue;
        const std::string merged = MergeEncodedWords(TakeGString(g_mime_utils_header_unfold(raw)));
        const char* parameter = std::string_view(header_name) == "Content-Type" ? "name" : "filename";
        std::string name;
        if (std::string_view(header_name) == "Content-Type") {
            GPtr<GMimeContentType> type(g_mime_content_type_parse(options, merged.c_str()));
            const char* value = type ? g_mime_content_type_get_parameter(type.get(), parameter) : nullptr;
            if (value != nullptr) name = value;
        } else {
            GPtr<GMimeContentDisposition> disposition(g_mime_content_disposition_parse(options, merged.c_str()));
            const char* value =
                disposition ? g_mime_content_disposition_get_parameter(disposition.get(), parameter) : nullptr;
            if (value != nullptr) name = value;
        }
        if (!name.empty()) return ScrubUtf8(name);
    }
    const char* filename = g_mime_part_get_filename(GMIME_PART(object));
    return filename != nullptr ? ScrubUtf8(filename) : std::string();
}

class PartWalker {
public:
    PartWalker(const MailParseLimits& limits, GMimeParserOptions* options) : limits_(limits), options_(options) {}

    void Visit(GMimeObject* object, int depth) {
        if (object == nullptr) return;
        if (depth > limits_.max_depth || ++parts_ > limits_.max_parts) {
            skipped_ = true;
            return;
        }
        GMimeContentType* type = g_mime_object_get_content_type(object);
        const std::string mime_type =
            type != nullptr ? Lower(TakeGString(g_mime_content_type_get_mime_type(type))) : "text/plain";
        content_types_.push_back(mime_type);
        if (depth == 0 && mime_type == "multipart/report" && type != nullptr) {
            const char* report_type = g_mime_content_type_get_parameter(type, "report-type");
            report_type_ = report_type != nullptr ? report_type : "";
        }
        if (GMIME_IS_MULTIPART(object)) {
            GMimeMultipart* multipart = GMIME_MULTIPART(object);
            const int count = g_mime_multipart_get_count(multipart);
            for (int i = 0; i < count; ++i) Visit(g_mime_multipart_get_part(multipart, i), depth + 1);
            return;
        }
        if (GMIME_IS_MESSAGE_PART(object)) {
            VisitAttachedMessage(GMIME_MESSAGE_PART(object), mime_type);
            return;
        }
        if (GMIME_IS_PART(object)) VisitLeaf(GMIME_PART(object), object, mime_type);
    }

    std::string Text(bool& from_html) const {
        from_html = false;
        std::string text;
        for (const std::string& part : plain_) {
            if (part.empty()) continue;
            if (!text.empty()) text += "\n\n";
            text += part;
        }
        if (text.empty() && !html_.empty()) {
            from_html = true;
            text = NormalizedText(HtmlToText(html_));
        }
        return text;
    }
    // The charset the first text part declares, to read raw 8-bit headers with.
    const std::string& BodyCharset() const { return body_charset_; }
    std::vector<domain::InboundAttachment>& Attachments() { return attachments_; }
    const std::vector<std::string>& ContentTypes() const { return content_types_; }
    const std::string& ReportType() const { return report_type_; }
    bool Skipped() const { return skipped_; }

private:
    void VisitLeaf(GMimePart* part, GMimeObject* object, const std::string& mime_type) {
        const char* disposition = g_mime_object_get_disposition(object);
        const bool attached = EqualsIgnoringCase(disposition, "attachment");
        const std::string filename = Filename(object, options_);
        const bool named = !filename.empty();
        if ((mime_type == "text/plain" || mime_type == "text/html") && !attached && !named) {
            const char* charset = g_mime_object_get_content_type_parameter(object, "charset");
            if (body_charset_.empty() && charset != nullptr) body_charset_ = DecodingCharset(charset);
            std::string text = NormalizedText(ToUtf8(DecodedContent(part), charset != nullptr ? charset : ""));
            if (mime_type == "text/plain") {
                plain_.push_back(std::move(text));
            } else if (html_.empty()) {
                html_ = std::move(text);
            }
            return;
        }
        domain::InboundAttachment attachment;
        attachment.filename = filename;
        attachment.content_type = mime_type;
        attachment.content = DecodedContent(part);
        const char* content_id = g_mime_object_get_content_id(object);
        attachment.content_id = content_id != nullptr ? ScrubUtf8(content_id) : "";
        attachment.is_inline = !attached;
        attachments_.push_back(std::move(attachment));
    }

    void VisitAttachedMessage(GMimeMessagePart* part, const std::string& mime_type) {
        GMimeMessage* message = g_mime_message_part_get_message(part);
        if (message == nullptr) return;
        domain::InboundAttachment attachment;
        const char* subject = g_mime_message_get_subject(message);
        attachment.filename = (subject != nullptr && *subject != '\0' ? ScrubUtf8(subject) : "message") + ".eml";
        attachment.content_type = mime_type;
        attachment.content = TakeGString(g_mime_object_to_string(GMIME_OBJECT(message), nullptr));
        attachments_.push_back(std::move(attachment));
    }

    const MailParseLimits& limits_;
    GMimeParserOptions* options_;
    std::size_t parts_ = 0;
    bool skipped_ = false;
    std::vector<std::string> plain_;
    std::string html_;
    std::string body_charset_;
    std::vector<domain::InboundAttachment> attachments_;
    std::vector<std::string> content_types_;
    std::string report_type_;
};

struct RawHeaders {
    std::vector<std::pair<std::string, std::string>> unfolded;  // names as written, raw values unfolded

    const std::string* Find(std::string_view name) const {
        for (const auto& [header, value] : unfolded)
            if (Lower(header) == name) return &value;
        return nullptr;
    }
};

RawHeaders ReadHeaders(GMimeObject* message) {
    RawHeaders headers;
    GMimeHeaderList* list = g_mime_object_get_header_list(message);
    const int count = g_mime_header_list_get_count(list);
    for (int i = 0; i < count; ++i) {
        GMimeHeader* header = g_mime_header_list_get_header_at(list, i);
        const char* name = g_mime_header_get_name(header);
        const char* raw = g_mime_header_get_raw_value(header);
        if (name == nullptr) continue;
        std::string value = raw != nullptr ? TakeGString(g_mime_utils_header_unfold(raw)) : "";
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(0, 1);
        headers.unfolded.emplace_back(name, std::move(value));
    }
    return headers;
}

std::string DecodedHeaderText(GMimeParserOptions* options, const std::string* raw) {
    if (raw == nullptr) return {};
    const std::string merged = MergeEncodedWords(*raw);
    return NormalizedText(ScrubUtf8(TakeGString(g_mime_utils_header_decode_text(options, merged.c_str()))));
}

struct Mailbox {
    std::string address;
    std::string name;
};

std::vector<Mailbox> Mailboxes(GMimeParserOptions* options, const std::string* raw) {
    std::vector<Mailbox> mailboxes;
    if (raw == nullptr) return mailboxes;
    const std::string merged = MergeEncodedWords(*raw);
    GPtr<InternetAddressList> list(internet_address_list_parse(options, merged.c_str()));
    if (!list) return mailboxes;
    const int count = internet_address_list_length(list.get());
    for (int i = 0; i < count; ++i) {
        InternetAddress* address = internet_address_list_get_address(list.get(), i);
        if (!INTERNET_ADDRESS_IS_MAILBOX(address)) continue;
        const char* mailbox = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address));
        const char* name = internet_address_get_name(address);
        mailboxes.push_back(
            Mailbox{Lower(ScrubUtf8(mailbox != nullptr ? mailbox : "")), ScrubUtf8(name != nullptr ? name : "")});
    }
    return mailboxes;
}

std::string MessageId(const std::string* raw) {
    if (raw == nullptr) return {};
    return ScrubUtf8(WithBrackets(GCharPtr(g_mime_utils_decode_message_id(raw->c_str())).get()));
}

std::vector<std::string> References(GMimeParserOptions* options, const std::string* raw) {
    std::vector<std::string> ids;
    if (raw == nullptr) return ids;
    GMimeReferences* references = g_mime_references_parse(options, raw->c_str());
    if (references == nullptr) return ids;
    const int count = g_mime_references_length(references);
    for (int i = 0; i < count; ++i)
        ids.push_back(ScrubUtf8(WithBrackets(g_mime_references_get_message_id(references, i))));
    g_mime_references_free(references);
    return ids;
}

std::string ThreadNumber(const domain::InboundMail& mail, const std::string& domain) {
    if (domain.empty()) return {};
    if (auto number = domain::ComplaintNumberInMessageId(mail.in_reply_to, domain)) return *number;
    for (auto it = mail.references.rbegin(); it != mail.references.rend(); ++it)
        if (auto number = domain::ComplaintNumberInMessageId(*it, domain)) return *number;
    return {};
}

}  // namespace

domain::Result<domain::InboundMail> ParseInboundMail(std::string_view raw, const LoopGuard& guard,
                                                     const MailParseLimits& limits) {
    if (raw.starts_with("From ")) {
        const std::size_t end = raw.find('\n');
        raw = end == std::string_view::npos ? std::string_view() : raw.substr(end + 1);
    }
    if (raw.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return domain::Fail(domain::ErrorCode::kInvalidArgument, "the mail is empty");
    EnsureGMime();
    ParserOptionsPtr options = OptionsWithFallback("");
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options.get()));
    if (!message) return domain::Fail(domain::ErrorCode::kInvalidArgument, "not an email message");

    PartWalker walker(limits, options.get());
    walker.Visit(g_mime_message_get_mime_part(message.get()), 0);
    const RawHeaders headers = ReadHeaders(GMIME_OBJECT(message.get()));
    ParserOptionsPtr header_options = OptionsWithFallback(walker.BodyCharset());

    domain::InboundMail mail;
    mail.subject = DecodedHeaderText(header_options.get(), headers.Find("subject"));
    for (std::size_t i = 0; i < mail.subject.size(); ++i)
        if (mail.subject[i] == '\n' || mail.subject[i] == '\t') mail.subject[i] = ' ';
    if (auto from = Mailboxes(header_options.get(), headers.Find("from")); !from.empty()) {
        mail.from_address = from.front().address;
        mail.from_name = from.front().name;
    }
    if (auto reply_to = Mailboxes(header_options.get(), headers.Find("reply-to")); !reply_to.empty())
        mail.reply_to_address = reply_to.front().address;
    for (const Mailbox& to : Mailboxes(header_options.get(), headers.Find("to")))
        mail.to_addresses.push_back(to.address);
    mail.message_id = MessageId(headers.Find("message-id"));
    mail.in_reply_to = MessageId(headers.Find("in-reply-to"));
    mail.references = References(header_options.get(), headers.Find("references"));
    if (GDateTime* date = g_mime_message_get_date(message.get()))
        mail.sent_at = domain::Instant{std::chrono::seconds{g_date_time_to_unix(date)}};
    mail.text = walker.Text(mail.text_from_html);
    mail.attachments = std::move(walker.Attachments());
    mail.parts_skipped = walker.Skipped();
    if (auto number = domain::FindComplaintNumber(mail.subject)) mail.subject_number = *number;
    mail.thread_number = ThreadNumber(mail, guard.message_id_domain);

    MailFacts facts;
    for (const auto& [name, value] : headers.unfolded) facts.headers.emplace_back(name, ScrubUtf8(value));
    facts.from_address = mail.from_address;
    facts.subject = mail.subject;
    facts.message_id = mail.message_id;
    facts.content_types = walker.ContentTypes();
    facts.report_type = walker.ReportType();
    Classification classification = ClassifyMail(facts, guard);
    mail.kind = classification.kind;
    mail.kind_reason = std::move(classification.reason);
    return mail;
}

}  // namespace kesu::channels
