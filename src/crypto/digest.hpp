// SHA-256 and HMAC-SHA-256 helpers over libsodium, hex-encoded.
#pragma once

#include <string>
#include <string_view>

namespace kesu::crypto {

// Initialises libsodium once; every crypto class calls it from its constructor. Aborts if it cannot.
void EnsureSodium();
std::string Sha256Hex(std::string_view data);
std::string HmacSha256Hex(std::string_view key, std::string_view data);
std::string ToHex(std::string_view bytes);

}  // namespace kesu::crypto
