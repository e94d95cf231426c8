// Which inbound mail must not open a complaint: kesu's own mail coming back (a loop), bounces and autoresponders.
// Decided from the headers and the structure alone, after RFC 3834 (Auto-Submitted), RFC 3464/6522 (delivery
// reports), the de-facto headers of Exchange, Gmail, QQ Mail and list servers, and the subjects of mailers that
// set no header at all.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "domain/inbound_mail.hpp"

namespace kesu::channels {

// What identifies kesu's own mail (see MailIdentity): mail carrying any of these is a loop.
struct LoopGuard {
    std::string message_id_domain;           // kesu's Message-IDs end in @this
    std::string loop_token;                  // the X-Kesu-Loop value kesu sends
    std::vector<std::string> own_addresses;  // kesu's sending and receiving addresses
};

struct MailFacts {
    std::vector<std::pair<std::string, std::string>> headers;  // top-level, names as written, values unfolded
    std::string from_address;                                  // lower case
    std::string subject;                                       // decoded
    std::string message_id;                                    // with <>
    std::vector<std::string> content_types;                    // every part's type, lower case, top-level first
    std::string report_type;                                   // multipart/report's report-type parameter
};

struct Classification {
    domain::InboundMailKind kind = domain::InboundMailKind::kMessage;
    std::string reason;  // the header or part that decided, e.g. "Auto-Submitted: auto-replied"
};

Classification ClassifyMail(const MailFacts& facts, const LoopGuard& guard);

}  // namespace kesu::channels
