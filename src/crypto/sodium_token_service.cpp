#include "crypto/sodium_token_service.hpp"

#include <sodium.h>

#include <vector>

#include "crypto/digest.hpp"
#include "crypto/key_file.hpp"

namespace kesu::crypto {

namespace {

constexpr std::string_view kKeyedDigest = "k1:";  // marks a keyed access-code digest

bool SameText(std::string_view a, std::string_view b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

constexpr char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr std::uint32_t kAlphabetSize = sizeof kAlphabet - 1;

}  // namespace

SodiumTokenService::SodiumTokenService(std::string secret_key) {
    EnsureSodium();
    if (secret_key.empty()) {
        secret_key.assign(32, '\0');
        randombytes_buf(secret_key.data(), secret_key.size());
    }
    derive_key_ = DeriveSubkey(secret_key, "kesu access code derivation");
    digest_key_ = DeriveSubkey(secret_key, "kesu access code digest");
}

std::string SodiumTokenService::NewSecret(std::size_t bytes) const {
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    std::string text(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(text.data(), text.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    text.resize(text.find('\0'));
    return text;
}

std::string SodiumTokenService::NewAccessCode(std::size_t length) const {
    std::string code(length, '\0');
    for (auto& c : code) c = kAlphabet[randombytes_uniform(kAlphabetSize)];
    return code;
}

std::string SodiumTokenService::DeriveAccessCode(std::string_view context, std::size_t length) const {
    // A keyed stream of bytes; those past the largest multiple of the alphabet's size are skipped so every
    // character is equally likely (as randombytes_uniform does).
    constexpr unsigned kLimit = 256 / kAlphabetSize * kAlphabetSize;
    std::string code;
    for (std::uint32_t block = 0; code.size() < length; ++block) {
        std::string input(context);
        input += '\0';
        input += std::to_string(block);
        unsigned char bytes[64];
        crypto_generichash(bytes, sizeof bytes, reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                           reinterpret_cast<const unsigned char*>(derive_key_.data()), derive_key_.size());
        for (unsigned char byte : bytes)
            if (byte < kLimit && code.size() < length) code += kAlphabet[byte % kAlphabetSize];
    }
    return code;
}

std::string SodiumTokenService::Digest(std::string_view secret) const { return Sha256Hex(secret); }

std::string SodiumTokenService::AccessCodeDigest(std::string_view code) const {
    unsigned char out[32];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(code.data()), code.size(),
                       reinterpret_cast<const unsigned char*>(digest_key_.data()), digest_key_.size());
    return std::string(kKeyedDigest) + ToHex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

bool SodiumTokenService::AccessCodeMatches(std::string_view stored_digest, std::string_view code) const {
    if (stored_digest.starts_with(kKeyedDigest)) return SameText(AccessCodeDigest(code), stored_digest);
    return SameText(Digest(code), stored_digest);
}

}  // namespace kesu::crypto
