// Port: a way to reach someone outside kesu (email, SMS, webhook). The outbox dispatcher renders a notice into an
// OutgoingMessage, hands it to the DeliveryChannel of its kind and records what comes back: a receipt with the
// provider's message id, or a DeliveryError that says whether trying again later can help.
// Contract:
//  - Send is at-least-once friendly: `message_key` stays the same across retries of one delivery and drivers pass
//    it on where the far side can use it to drop duplicates (the email's Message-ID, the SMS gateway's out id, the
//    webhook's delivery id).
//  - Send never throws; a driver catches its library's failures and returns them as DeliveryError.
//  - Neither DeliveryError::message nor DeliveryReceipt::detail ever holds a secret (passwords, tokens, keys).
// Thread-safety: Send may be called from several threads at once.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/error.hpp"

namespace kesu::domain {

enum class DeliveryChannelKind { kEmail, kSms, kWebhook };

// A file already in kesu's store (an attachment of the complaint), sent along by reference.
struct OutgoingAttachment {
    std::string filename;      // as shown to the recipient (UTF-8)
    std::string content_type;  // e.g. "application/pdf"
    std::string sha256;        // the stored file, read through an AttachmentSource when sending
    std::int64_t size = 0;
};

struct OutgoingMessage {
    std::string message_key;  // one delivery, stable across its retries (e.g. "outbox-42"); letters, digits, - . _
    std::string kind;         // the notice: acknowledgement, progress, extension, reply, information_request,
                              // survey, ... or the webhook event kind (complaint.created, ...)
    DeliveryChannelKind channel = DeliveryChannelKind::kEmail;
    std::string recipient;         // an email address, a mobile number (+86 or 11 digits), or a webhook URL
    std::string recipient_name;    // shown in the email's To, may be empty
    std::string complaint_number;  // TS-20261122-000123: put in the email's subject and Message-ID
    std::string subject;
    std::string text_body;  // the email's text part, the SMS text, or the webhook's JSON document
    std::string html_body;  // the email's HTML alternative, may be empty
    std::vector<OutgoingAttachment> attachments;
    // Email threading: the customer's Message-ID this answers and the thread so far, each with its <>.
    std::string in_reply_to;
    std::vector<std::string> references;
    // Sent by a process rather than typed by a person (acknowledgements, notices): marked so the customer's
    // autoresponder does not answer it (RFC 3834 Auto-Submitted: auto-generated).
    bool automatic = true;
    // For SMS gateways that render registered templates themselves (Aliyun, Tencent Cloud): the template's id
    // and its parameters in order. Empty: the gateway sends text_body as it is.
    std::string template_id;
    std::vector<std::pair<std::string, std::string>> template_params;
    // Further headers for the email (X-…) or the webhook request; names are tokens, values one line.
    std::vector<std::pair<std::string, std::string>> headers;
};

struct DeliveryReceipt {
    std::string provider_message_id;  // the Message-ID sent, the gateway's message id, the webhook delivery id
    std::string detail;               // what the far side answered (e.g. "250 2.0.0 Ok: queued as 4B1F3"), no secrets
    int parts = 1;                    // SMS: how many messages the text was billed as
};

enum class DeliveryFailure {
    kTemporary,      // try again later: timeouts, refused connections, 4xx SMTP replies, throttling, 5xx HTTP
    kPermanent,      // this message cannot be delivered as it is (recipient refused, invalid number): dead letter
    kMisconfigured,  // the channel's settings are wrong (credentials refused, TLS failure, bad URL): every message
                     // fails until an administrator fixes them; retried, but worth an alert
};

struct DeliveryError {
    DeliveryFailure failure = DeliveryFailure::kTemporary;
    std::string code;     // stable and short, for statistics: "smtp_550", "timeout", "http_503", "invalid_recipient"
    std::string message;  // for the outbox view and the log (English, no secrets)
    int retry_after_seconds = 0;  // when the far side said how long to wait (HTTP Retry-After), else 0

    bool Retryable() const { return failure != DeliveryFailure::kPermanent; }
};

using DeliveryResult = std::expected<DeliveryReceipt, DeliveryError>;

class DeliveryChannel {
public:
    virtual ~DeliveryChannel() = default;
    virtual DeliveryChannelKind Kind() const = 0;
    virtual DeliveryResult Send(const OutgoingMessage& message) = 0;
};

// Port: the bytes of a stored attachment, by its SHA-256 (hex). Thread-safety: Read may be called concurrently.
class AttachmentSource {
public:
    virtual ~AttachmentSource() = default;
    virtual Result<std::string> Read(std::string_view sha256) const = 0;
};

std::string_view DeliveryChannelKindName(DeliveryChannelKind kind);  // "email", "sms", "webhook"
std::string_view DeliveryFailureName(DeliveryFailure failure);       // "temporary", "permanent", "misconfigured"

}  // namespace kesu::domain
