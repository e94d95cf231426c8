#include "channels/sms_gateway.hpp"

#include <nlohmann/json.hpp>

#include "channels/http_post.hpp"
#include "channels/webhook_signature.hpp"

namespace kesu::channels {

namespace {

using domain::DeliveryError;
using domain::DeliveryFailure;
using nlohmann::json;

std::unexpected<DeliveryError> Refuse(std::string code, std::string message) {
    return std::unexpected(DeliveryError{DeliveryFailure::kPermanent, std::move(code), std::move(message), 0});
}

// The value at a JSON pointer as text (strings as they are, numbers written out); empty if absent or invalid.
std::string TextAt(const json& document, const std::string& pointer) {
    if (pointer.empty()) return {};
    try {
        const json& value = document.at(json::json_pointer(pointer));
        if (value.is_string()) return value.get<std::string>();
        if (value.is_number() || value.is_boolean()) return value.dump();
    } catch (const json::exception&) {
    }
    return {};
}

}  // namespace

HttpSmsGateway::HttpSmsGateway(SmsGatewaySettings settings, const domain::Clock& clock)
    : settings_(std::move(settings)), clock_(clock) {}

domain::DeliveryResult HttpSmsGateway::Send(const domain::OutgoingMessage& message) {
    const std::optional<std::string> phone = NormalizeMobile(message.recipient);
    if (!phone) return Refuse("invalid_recipient", "SMS: the recipient is not a mobile number");
    json base{{"phone", *phone}, {"sign_name", settings_.signature}, {"kind", message.kind}};

    if (!message.template_id.empty()) {
        json body = base;
        body["template_id"] = message.template_id;
        json params = json::object();
        json list = json::array();
        for (const auto& [name, value] : message.template_params) {
            params[name] = value;
            list.push_back(value);
        }
        body["template_params"] = std::move(params);
        body["template_param_list"] = std::move(list);
        body["out_id"] = message.message_key;
        return Post(body.dump(-1, ' ', false, json::error_handler_t::replace));
    }

    const std::size_t length = SmsLength(WithSignature(message.text_body, settings_.signature));
    if (message.text_body.empty()) return Refuse("invalid_message", "SMS: the text is empty");
    if (length > settings_.limits.maximum)
        return Refuse("sms_too_long", "SMS: " + std::to_string(length) + " characters with the signature, over the " +
                                          std::to_string(settings_.limits.maximum) + " the gateway takes");
    std::vector<std::string> texts;
    if (settings_.split_long_text && !message.text_body.starts_with("【")) {
        texts = SplitSms(message.text_body, settings_.signature, settings_.limits);
        if (texts.empty()) return Refuse("sms_too_long", "SMS: the signature leaves no room for text");
    } else {
        texts.push_back(WithSignature(message.text_body, settings_.signature));
    }
    domain::DeliveryReceipt receipt;
    receipt.parts = 0;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        json body = base;
        body["content"] = texts[i];
        // Each part is its own request; a retry of the whole message sends the same out ids again.
        body["out_id"] = texts.size() == 1 ? message.message_key : message.message_key + "-" + std::to_string(i + 1);
        domain::DeliveryResult sent = Post(body.dump(-1, ' ', false, json::error_handler_t::replace));
        if (!sent) return sent;
        if (!receipt.provider_message_id.empty()) receipt.provider_message_id += ',';
        receipt.provider_message_id += sent->provider_message_id;
        receipt.detail = sent->detail;
        receipt.parts += texts.size() == 1 ? SmsParts(SmsLength(texts[i]), settings_.limits) : 1;
    }
    return receipt;
}

domain::DeliveryResult HttpSmsGateway::Post(const std::string& body) {
    HttpPost post;
    post.url = settings_.url;
    post.body = body;
    if (settings_.auth == SmsAuth::kBearerToken) {
        post.headers.push_back("Authorization: Bearer " + settings_.secret);
    } else if (settings_.auth == SmsAuth::kHmacSha256) {
        const auto timestamp =
            std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
        post.headers.push_back("X-Kesu-Key-Id: " + settings_.key_id);
        post.headers.push_back("X-Kesu-Signature: " + WebhookSignature(settings_.secret, timestamp, body));
    }
    auto answer = PostJson(pool_, settings_.transport, post, "SMS gateway");
    if (!answer) return std::unexpected(answer.error());
    if (!IsSuccess(*answer)) return std::unexpected(HttpStatusError(*answer, "SMS gateway"));
    const json document = json::parse(answer->body, nullptr, false);
    if (!settings_.result_code_pointer.empty()) {
        const std::string code = TextAt(document, settings_.result_code_pointer);
        if (code != settings_.success_code) {
            const bool retryable = std::find(settings_.retryable_codes.begin(), settings_.retryable_codes.end(),
                                             code) != settings_.retryable_codes.end();
            return std::unexpected(DeliveryError{retryable ? DeliveryFailure::kTemporary : DeliveryFailure::kPermanent,
                                                 "sms_" + code.substr(0, 60),
                                                 "SMS gateway refused the message: " + code.substr(0, 200), 0});
        }
    }
    domain::DeliveryReceipt receipt;
    receipt.provider_message_id = TextAt(document, settings_.message_id_pointer);
    receipt.detail = "HTTP " + std::to_string(answer->status);
    return receipt;
}

}  // namespace kesu::channels
