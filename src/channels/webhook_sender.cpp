#include "channels/webhook_sender.hpp"

#include <nlohmann/json.hpp>

#include "channels/http_post.hpp"
#include "channels/webhook_signature.hpp"

namespace kesu::channels {

namespace {

using domain::DeliveryError;
using domain::DeliveryFailure;

bool IsToken(std::string_view text) {
    if (text.empty() || text.size() > 100) return false;
    for (char c : text)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.'))
            return false;
    return true;
}

// Headers the sender sets itself or that would change how the request is framed.
bool IsReservedHeader(std::string_view name) {
    std::string lower(name);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lower.starts_with("kesu-") || lower.starts_with("content-") || lower == "host" ||
           lower == "transfer-encoding" || lower == "expect" || lower == "connection" || lower == "user-agent";
}

bool IsHeaderValue(std::string_view text) {
    for (char c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
    return true;
}

std::unexpected<DeliveryError> Refuse(std::string code, std::string message) {
    return std::unexpected(DeliveryError{DeliveryFailure::kPermanent, std::move(code), std::move(message), 0});
}

}  // namespace

HttpWebhookSender::HttpWebhookSender(WebhookSettings settings, const domain::Clock& clock)
    : settings_(std::move(settings)), clock_(clock) {}

domain::DeliveryResult HttpWebhookSender::Send(const domain::OutgoingMessage& message) {
    if (!IsToken(message.message_key)) return Refuse("invalid_message", "webhook: the message key is not a token");
    if (!message.kind.empty() && !IsToken(message.kind))
        return Refuse("invalid_message", "webhook: the kind is not a token");
    if (!nlohmann::json::accept(message.text_body)) return Refuse("invalid_message", "webhook: the body is not JSON");
    if (settings_.secret.empty())
        return std::unexpected(
            DeliveryError{DeliveryFailure::kMisconfigured, "settings", "webhook: no signing secret", 0});
    const auto timestamp = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
    HttpPost post;
    post.url = message.recipient;
    post.body = message.text_body;
    post.allow_private_networks = settings_.allow_private_networks;
    post.headers.push_back(std::string(kWebhookSignatureHeader) + ": " +
                           WebhookSignature(settings_.secret, timestamp, message.text_body));
    post.headers.push_back("Kesu-Delivery: " + message.message_key);
    if (!message.kind.empty()) post.headers.push_back("Kesu-Event: " + message.kind);
    post.headers.push_back("User-Agent: kesu-webhooks/1");
    for (const auto& [name, value] : message.headers) {
        if (!IsToken(name) || IsReservedHeader(name) || !IsHeaderValue(value))
            return Refuse("invalid_message", "webhook: a header is malformed or reserved: " + name.substr(0, 100));
        post.headers.push_back(name + ": " + value);
    }
    auto answer = PostJson(pool_, settings_.transport, post, "webhook receiver");
    if (!answer) return std::unexpected(answer.error());
    if (!IsSuccess(*answer)) return std::unexpected(HttpStatusError(*answer, "webhook receiver"));
    return domain::DeliveryReceipt{message.message_key, "HTTP " + std::to_string(answer->status), 1};
}

}  // namespace kesu::channels
