#include "crypto/digest.hpp"

#include <sodium.h>

#include <cstdlib>

namespace kesu::crypto {

void EnsureSodium() {
    if (sodium_init() < 0) std::abort();  // no randomness source: nothing secure can run
}

std::string ToHex(std::string_view bytes) {
    std::string hex(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    hex.pop_back();
    return hex;
}

std::string Sha256Hex(std::string_view data) {
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return ToHex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    unsigned char out[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_final(&state, out);
    return ToHex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

}  // namespace kesu::crypto
