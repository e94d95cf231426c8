#include "channels/webhook_signature.hpp"

#include <sodium.h>

#include <charconv>
#include <vector>

#include "crypto/digest.hpp"

namespace kesu::channels {

namespace {

std::string SignedPayload(std::int64_t timestamp, std::string_view body) {
    std::string payload = std::to_string(timestamp);
    payload += '.';
    payload += body;
    return payload;
}

bool IsLowerHex(std::string_view text) {
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace

std::string WebhookSignature(std::string_view secret, std::int64_t timestamp, std::string_view body) {
    return "t=" + std::to_string(timestamp) + ",v1=" + crypto::HmacSha256Hex(secret, SignedPayload(timestamp, body));
}

SignatureCheck VerifyWebhookSignature(std::string_view header, std::string_view body,
                                      std::span<const std::string> secrets, domain::Instant now,
                                      std::chrono::seconds window) {
    std::optional<std::int64_t> timestamp;
    std::vector<std::string_view> signatures;
    while (!header.empty()) {
        const std::size_t comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.starts_with("t=")) {
            std::int64_t value = 0;
            const std::string_view digits = item.substr(2);
            const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
            if (error != std::errc{} || end != digits.data() + digits.size()) return SignatureCheck::kMalformed;
            timestamp = value;
        } else if (item.starts_with("v1=")) {
            const std::string_view hex = item.substr(3);
            if (hex.size() != 2 * crypto_auth_hmacsha256_BYTES || !IsLowerHex(hex)) return SignatureCheck::kMalformed;
            signatures.push_back(hex);
        }
    }
    if (!timestamp || signatures.empty()) return SignatureCheck::kMalformed;
    const std::string payload = SignedPayload(*timestamp, body);
    bool matched = false;
    for (const std::string& secret : secrets) {
        const std::string expected = crypto::HmacSha256Hex(secret, payload);
        for (std::string_view signature : signatures)
            if (sodium_memcmp(expected.data(), signature.data(), expected.size()) == 0) matched = true;
    }
    if (!matched) return SignatureCheck::kMismatch;
    const auto now_seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    const std::int64_t age = now_seconds - *timestamp;
    if (age > window.count() || -age > window.count()) return SignatureCheck::kOutsideWindow;
    return SignatureCheck::kValid;
}

}  // namespace kesu::channels
