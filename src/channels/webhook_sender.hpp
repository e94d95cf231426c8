// The webhook DeliveryChannel: POSTs the message's JSON document (text_body) to the subscriber's URL (recipient),
// signed with the subscription's secret (webhook_signature.hpp), with Kesu-Event (the kind) and Kesu-Delivery (the
// message key, the same on every retry, so a receiver can drop duplicates). A 2xx answer is delivery; 408, 429 and
// 5xx are retried (Retry-After honoured); 401/403/404 mean the subscription is misconfigured; other 4xx are
// permanent. Redirects are not followed, and unless allowed, URLs that resolve to loopback, private or link-local
// addresses are refused (an administrator's URL must not reach into the company's network).
// One sender per subscription (its secret); senders may share nothing else.
// Thread-safety: Send may be called from several threads at once.
#pragma once

#include <string>

#include "channels/curl_session.hpp"
#include "domain/delivery_channel.hpp"
#include "domain/time.hpp"

namespace kesu::channels {

struct WebhookSettings {
    std::string secret;  // the subscription's signing secret; never logged
    TransportSettings transport{
        TlsMode::kImplicit, {}, true, std::chrono::milliseconds{5'000}, std::chrono::milliseconds{10'000}};
    bool allow_private_networks = false;
};

class HttpWebhookSender final : public domain::DeliveryChannel {
public:
    HttpWebhookSender(WebhookSettings settings, const domain::Clock& clock);

    domain::DeliveryChannelKind Kind() const override { return domain::DeliveryChannelKind::kWebhook; }
    domain::DeliveryResult Send(const domain::OutgoingMessage& message) override;

private:
    WebhookSettings settings_;
    const domain::Clock& clock_;
    CurlPool pool_;
};

}  // namespace kesu::channels
