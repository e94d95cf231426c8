// Reads one inbound email (RFC 5322, as fetched over IMAP or piped in by an MTA) with GMime into an InboundMail:
// headers decoded from RFC 2047 words and raw 8-bit text (GB2312/GBK/GB18030, Big5, UTF-8 and the rest iconv
// knows), bodies from quoted-printable and base64 in their declared charset, file names from RFC 2231/2047, the
// HTML part turned into text when there is no text part, attachments with their type and size, the complaint
// number from the subject and from the thread, and the mail's kind (message, auto-reply, bounce, loop).
// Thread-safety: may be called from any number of threads.
#pragma once

#include <string_view>

#include "channels/mail_classifier.hpp"
#include "domain/error.hpp"
#include "domain/inbound_mail.hpp"

namespace kesu::channels {

struct MailParseLimits {
    std::size_t max_parts = 200;  // parts beyond this are ignored (a mail bomb of empty parts)
    int max_depth = 20;           // nesting of multiparts and attached messages
};

// Fails (kInvalidArgument) only when the input is not a message at all; anything GMime can read, however broken,
// gives the best InboundMail it can. A leading mbox "From " line (as some MTAs pipe it) is skipped.
domain::Result<domain::InboundMail> ParseInboundMail(std::string_view raw, const LoopGuard& guard,
                                                     const MailParseLimits& limits = {});

}  // namespace kesu::channels
