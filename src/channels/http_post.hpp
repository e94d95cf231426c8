// One JSON POST over libcurl for the SMS gateway and the webhook sender: no redirects followed, only http/https,
// the answer's status, body (capped) and Retry-After, and one mapping from HTTP statuses to delivery failures.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "channels/curl_session.hpp"
#include "domain/delivery_channel.hpp"

namespace kesu::channels {

struct HttpAnswer {
    long status = 0;
    std::string body;             // the first 64 KiB
    int retry_after_seconds = 0;  // from Retry-After in seconds, else 0
};

struct HttpPost {
    std::string url;
    std::vector<std::string> headers;  // "Name: value"
    std::string_view body;
    bool allow_private_networks = true;  // false: connecting to loopback, private or link-local addresses fails
};

// A transport failure (connection, TLS, timeout, refused address) as a DeliveryError named after `what`; any HTTP
// answer, whatever its status, is a value.
std::expected<HttpAnswer, domain::DeliveryError> PostJson(CurlPool& pool, const TransportSettings& transport,
                                                          const HttpPost& post, std::string_view what);

// The failure an HTTP status means: 408, 425, 429 and 5xx temporary; 401, 403, 404, 405 and 3xx misconfigured (the
// URL or the credentials); 410 and the other 4xx permanent.
domain::DeliveryError HttpStatusError(const HttpAnswer& answer, std::string_view what);

bool IsSuccess(const HttpAnswer& answer);

}  // namespace kesu::channels
