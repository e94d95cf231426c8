#include "channels/smtp_mailer.hpp"

#include <cstring>
#include <vector>

namespace kesu::channels {

namespace {

using domain::DeliveryError;
using domain::DeliveryFailure;

struct Upload {
    std::string_view data;
    std::size_t sent = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    const std::size_t length = std::min(size * count, upload->data.size() - upload->sent);
    std::memcpy(buffer, upload->data.data() + upload->sent, length);
    upload->sent += length;
    return length;
}

// The server's reply lines, to report what it said (libcurl keeps only the code).
int CollectReplies(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
    if (type != CURLINFO_HEADER_IN) return 0;
    auto* replies = static_cast<std::vector<std::string>*>(user);
    std::string line(data, size);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
    if (replies->size() >= 64) replies->erase(replies->begin());
    replies->push_back(std::move(line));
    return 0;
}

// The reply without the addresses it quotes: "550 5.1.1 <…>: Recipient address rejected: User unknown".
std::string WithoutAddresses(std::string_view reply) {
    std::string out;
    bool inside = false;
    for (char c : reply) {
        if (c == '<') {
            inside = true;
            out += "<…";
        } else if (c == '>') {
            inside = false;
            out += '>';
        } else if (!inside) {
            out += c;
        }
    }
    return out.substr(0, 300);
}

std::string LastReply(const std::vector<std::string>& replies) {
    for (auto it = replies.rbegin(); it != replies.rend(); ++it)
        if (it->size() >= 3 && (*it)[0] >= '2' && (*it)[0] <= '5') return WithoutAddresses(*it);
    return {};
}

DeliveryError ReplyError(long code, const std::string& reply, CURLcode curl_code) {
    const std::string message = "SMTP server answered " + (reply.empty() ? std::to_string(code) : reply);
    const std::string short_code = "smtp_" + std::to_string(code);
    if (code == 530 || code == 534 || code == 535 || code == 538 || curl_code == CURLE_LOGIN_DENIED)
        return {DeliveryFailure::kMisconfigured, short_code, message, 0};
    if (code >= 400 && code < 500) return {DeliveryFailure::kTemporary, short_code, message, 0};
    return {DeliveryFailure::kPermanent, short_code, message, 0};
}

}  // namespace

SmtpMailer::SmtpMailer(SmtpSettings settings, const domain::Clock& clock, const domain::AttachmentSource* attachments)
    : settings_(std::move(settings)), clock_(clock), attachments_(attachments) {
    const bool implicit = settings_.transport.tls == TlsMode::kImplicit;
    // The path names the EHLO domain; kesu's Message-ID domain is the name it goes by.
    url_ = std::string(implicit ? "smtps://" : "smtp://") + settings_.host + ":" + std::to_string(settings_.port) +
           "/" + settings_.identity.message_id_domain;
}

domain::DeliveryResult SmtpMailer::Send(const domain::OutgoingMessage& message) {
    domain::Result<ComposedMail> composed = ComposeMail(message, settings_.identity, attachments_, clock_.Now());
    if (!composed) {
        const auto& error = composed.error();
        if (error.code == domain::ErrorCode::kUnavailable)
            return std::unexpected(
                DeliveryError{DeliveryFailure::kTemporary, "attachment_unavailable", error.message, 0});
        const bool recipient = !error.fields.empty() && error.fields[0].field == "recipient";
        return std::unexpected(DeliveryError{DeliveryFailure::kPermanent,
                                             recipient ? "invalid_recipient" : "invalid_message", error.message, 0});
    }
    std::optional<CurlPool::Lease> lease = pool_.Acquire();
    if (!lease) return std::unexpected(DeliveryError{DeliveryFailure::kTemporary, "curl", "SMTP: out of memory", 0});
    CURL* curl = lease->get();

    ApplyTransport(curl, settings_.transport, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
    if (!settings_.username.empty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
    }
    const std::string& sender =
        settings_.envelope_from.empty() ? settings_.identity.from_address : settings_.envelope_from;
    const std::string mail_from = "<" + sender + ">";
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
    CurlList recipients = AppendToList(nullptr, "<" + message.recipient + ">");
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients.get());
    Upload upload{composed->data};
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(composed->data.size()));
    std::vector<std::string> replies;
    curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, CollectReplies);
    curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &replies);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);

    const CURLcode code = curl_easy_perform(curl);
    long reply_code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply_code);
    if (code == CURLE_OK) return domain::DeliveryReceipt{composed->message_id, LastReply(replies), 1};
    lease->Discard();
    // The server said no (a reply code past the greeting), or the exchange itself failed.
    if (reply_code >= 400 && code != CURLE_OPERATION_TIMEDOUT && code != CURLE_PEER_FAILED_VERIFICATION &&
        code != CURLE_SSL_CONNECT_ERROR && code != CURLE_USE_SSL_FAILED)
        return std::unexpected(ReplyError(reply_code, LastReply(replies), code));
    DeliveryError error = TransportError(code, "SMTP");
    if (code == CURLE_LOGIN_DENIED) error.code = "smtp_auth";
    return std::unexpected(std::move(error));
}

}  // namespace kesu::channels
