#include "channels/mail_parser_fuzz.hpp"

#include <cstdlib>
#include <string_view>

#include "channels/charset.hpp"
#include "channels/mail_parser.hpp"

namespace kesu::channels {

namespace {

void Require(bool condition) {
    if (!condition) std::abort();
}

}  // namespace

int FuzzOne(const std::uint8_t* data, std::size_t size) {
    const std::string_view raw(reinterpret_cast<const char*>(data), size);
    static const LoopGuard kGuard{"kesu.example.com", "kesu-fuzz", {"kefu@example.com"}};
    const domain::Result<domain::InboundMail> mail = ParseInboundMail(raw, kGuard);
    if (!mail) return 0;
    for (std::string_view text : {std::string_view(mail->subject), std::string_view(mail->text),
                                  std::string_view(mail->from_name), std::string_view(mail->from_address),
                                  std::string_view(mail->message_id), std::string_view(mail->kind_reason)})
        Require(IsValidUtf8(text));
    for (const std::string& reference : mail->references) Require(IsValidUtf8(reference));
    std::size_t total = 0;
    for (const domain::InboundAttachment& attachment : mail->attachments) {
        Require(IsValidUtf8(attachment.filename));
        Require(attachment.Size() == static_cast<std::int64_t>(attachment.content.size()));
        total += attachment.content.size();
    }
    // Decoding never makes more than a few times the input (base64 and QP shrink; a charset conversion at most
    // triples a byte; an attached message is written out again).
    Require(total <= 4 * size + 4096);
    Require(mail->subject_number.empty() || mail->subject_number.size() >= 18);
    return 0;
}

}  // namespace kesu::channels
