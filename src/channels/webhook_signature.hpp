// Signed webhooks. Every delivery carries
//     Kesu-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
// so a receiver can prove the body came from kesu and is fresh: it recomputes the HMAC over the timestamp, a dot
// and the raw body with its subscription's secret, compares in constant time, and refuses timestamps outside its
// replay window. Several v1 entries may appear (while a secret is being rotated); one match is enough.
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "domain/time.hpp"

namespace kesu::channels {

inline constexpr std::string_view kWebhookSignatureHeader = "Kesu-Signature";
inline constexpr std::chrono::seconds kWebhookReplayWindow{300};

// The header value for `body` sent at `timestamp` (unix seconds).
std::string WebhookSignature(std::string_view secret, std::int64_t timestamp, std::string_view body);

enum class SignatureCheck {
    kValid,
    kMalformed,      // no t= or no v1=, or not numbers/hex
    kMismatch,       // no v1 matches any of the secrets
    kOutsideWindow,  // signed, but longer ago (or further ahead) than the window
};

// What a receiver does (kesu's own receivers and the example in docs/api.md): any of `secrets` may match.
SignatureCheck VerifyWebhookSignature(std::string_view header, std::string_view body,
                                      std::span<const std::string> secrets, domain::Instant now,
                                      std::chrono::seconds window = kWebhookReplayWindow);

}  // namespace kesu::channels
