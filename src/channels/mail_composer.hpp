// Builds the RFC 5322 message for an outgoing email with GMime: UTF-8 text (and HTML) parts, headers encoded per
// RFC 2047 and file names per RFC 2231, the complaint number in the subject, a Message-ID made from the
// complaint number and the message key (so a retry sends the same id, and a reply threads back), In-Reply-To and
// References, and the headers that keep autoresponders and loops away.
#pragma once

#include <string>

#include "domain/delivery_channel.hpp"
#include "domain/time.hpp"

namespace kesu::channels {

// Who kesu's mail comes from. The same values tell the inbound parser which mail is kesu's own (the loop guard).
struct MailIdentity {
    std::string from_address;       // e.g. kefu@example.com
    std::string from_name;          // e.g. 某某公司客服中心
    std::string reply_to_address;   // where the customer's answers go (the polled mailbox); empty: from_address
    std::string message_id_domain;  // kesu's Message-IDs end in @this domain, e.g. kesu.example.com
    std::string loop_token;         // sent as X-Kesu-Loop; mail that comes back with it is never processed
};

struct ComposedMail {
    std::string message_id;  // with <>
    std::string data;        // the whole message, CRLF line ends, 7-bit
};

// Refuses (kInvalidArgument) a recipient that is not an address, header names or values that could inject
// headers, and Message-IDs without <>. An attachment the source cannot read fails with the source's error.
// `attachments` may be null when the message has none.
domain::Result<ComposedMail> ComposeMail(const domain::OutgoingMessage& message, const MailIdentity& identity,
                                         const domain::AttachmentSource* attachments, domain::Instant now);

// The subject with the complaint number in it: unchanged if the number is already there, else "[NUMBER] subject".
std::string SubjectWithNumber(std::string_view subject, std::string_view number);

// Whether `address` is a plain mailbox address (local@domain, no spaces, brackets or control characters).
bool IsMailboxAddress(std::string_view address);

}  // namespace kesu::channels
