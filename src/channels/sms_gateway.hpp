// The SMS DeliveryChannel for an HTTP gateway in the shape of the common Chinese SMS APIs (Aliyun, Tencent Cloud,
// and the in-house SMS platforms companies run in front of them): one JSON POST per message to a configured URL,
// carrying the mobile number, the signature (签名) and either the finished text or a registered template's id and
// parameters, plus the message key as out_id for the gateway's de-duplication:
//     {"phone":"13812345678","sign_name":"某某公司","content":"【某某公司】您的投诉…","out_id":"outbox-42",
//      "kind":"acknowledgement"}
//     {"phone":"…","sign_name":"…","template_id":"SMS_123","template_params":{"number":"TS-…"},
//      "template_param_list":["TS-…"],"out_id":"…","kind":"…"}
// Authentication: none, a bearer token, or an HMAC-SHA256 request signature over timestamp + "." + body (the same
// scheme as kesu's webhooks) with the key id. The gateway's answer decides: HTTP status first, then an optional
// result code inside its JSON (e.g. Aliyun's "Code":"OK"); its message id is read from a JSON pointer.
// Text messages are checked against the length limits: the signature counts, over `maximum` is refused; a gateway
// without long messages gets numbered parts, one request each.
// Thread-safety: Send may be called from several threads at once.
#pragma once

#include <string>
#include <vector>

#include "channels/curl_session.hpp"
#include "channels/sms_text.hpp"
#include "domain/delivery_channel.hpp"
#include "domain/time.hpp"

namespace kesu::channels {

enum class SmsAuth { kNone, kBearerToken, kHmacSha256 };

struct SmsGatewaySettings {
    std::string url;  // https://sms.example.com/api/send
    TransportSettings transport{
        TlsMode::kImplicit, {}, true, std::chrono::milliseconds{5'000}, std::chrono::milliseconds{15'000}};
    SmsAuth auth = SmsAuth::kNone;
    std::string key_id;     // kHmacSha256: sent as X-Kesu-Key-Id
    std::string secret;     // the bearer token or the HMAC key; never logged
    std::string signature;  // the company's registered signature, without 【】 (e.g. 某某公司)
    SmsLimits limits;
    bool split_long_text = false;              // the gateway sends no long messages: send numbered parts instead
    std::string result_code_pointer;           // JSON pointer to the gateway's result code ("/Code"); empty: none
    std::string success_code = "OK";           // the result code that means accepted
    std::vector<std::string> retryable_codes;  // result codes that mean "throttled, try later"
    std::string message_id_pointer;            // JSON pointer to the gateway's message id ("/BizId"); empty: none
};

class HttpSmsGateway final : public domain::DeliveryChannel {
public:
    HttpSmsGateway(SmsGatewaySettings settings, const domain::Clock& clock);

    domain::DeliveryChannelKind Kind() const override { return domain::DeliveryChannelKind::kSms; }
    domain::DeliveryResult Send(const domain::OutgoingMessage& message) override;

private:
    domain::DeliveryResult Post(const std::string& body);

    SmsGatewaySettings settings_;
    const domain::Clock& clock_;
    CurlPool pool_;
};

}  // namespace kesu::channels
