#include "crypto/sodium_token_service.hpp"

#include <sodium.h>

#include <vector>

#include "crypto/digest.hpp"

namespace kesu::crypto {

SodiumTokenService::SodiumTokenService() { EnsureSodium(); }

std::string SodiumTokenService::NewSecret(std::size_t bytes) const {
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    std::string text(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(text.data(), text.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    text.resize(text.find('\0'));
    return text;
}

std::string SodiumTokenService::NewAccessCode(std::size_t length) const {
    static constexpr char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    constexpr std::uint32_t kSize = sizeof kAlphabet - 1;
    std::string code(length, '\0');
    for (auto& c : code) c = kAlphabet[randombytes_uniform(kSize)];
    return code;
}

std::string SodiumTokenService::Digest(std::string_view secret) const { return Sha256Hex(secret); }

}  // namespace kesu::crypto
