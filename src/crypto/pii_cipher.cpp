#include "crypto/pii_cipher.hpp"

#include <sodium.h>

#include <cassert>

#include "crypto/digest.hpp"
#include "crypto/key_file.hpp"

namespace kesu::crypto {

using domain::ErrorCode;
using domain::Fail;

PiiCipher::PiiCipher(std::string key) : key_(std::move(key)) {
    EnsureSodium();
    assert(key_.size() == crypto_secretbox_KEYBYTES);
}

domain::Result<PiiCipher> PiiCipher::FromKeyFile(const std::string& key_file) {
    auto key = LoadOrCreateKeyFile(key_file, crypto_secretbox_KEYBYTES);
    if (!key) return std::unexpected(key.error());
    return PiiCipher(std::move(*key));
}

domain::Result<PiiCipher> PiiCipher::FromBase64(std::string_view encoded) {
    auto key = DecodeBase64Key(encoded, crypto_secretbox_KEYBYTES, "KESU_PII_KEY");
    if (!key) return std::unexpected(key.error());
    return PiiCipher(std::move(*key));
}

std::string PiiCipher::DeriveKey(std::string_view purpose) const {
    return DeriveSubkey(key_, purpose);
}

std::string PiiCipher::Encrypt(std::string_view plaintext) const {
    std::string sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
    auto* out = reinterpret_cast<unsigned char*>(sealed.data());
    randombytes_buf(out, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plaintext.data()),
                          plaintext.size(), out, reinterpret_cast<const unsigned char*>(key_.data()));
    return sealed;
}

domain::Result<std::string> PiiCipher::Decrypt(std::string_view sealed) const {
    if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return Fail(ErrorCode::kInternal, "encrypted personal data is truncated");
    std::string plaintext(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
    const auto* in = reinterpret_cast<const unsigned char*>(sealed.data());
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plaintext.data()), in + crypto_secretbox_NONCEBYTES,
                                   sealed.size() - crypto_secretbox_NONCEBYTES, in,
                                   reinterpret_cast<const unsigned char*>(key_.data())) != 0)
        return Fail(ErrorCode::kInternal, "personal data cannot be decrypted with this key");
    return plaintext;
}

std::string PiiCipher::BlindIndex(std::string_view purpose, std::string_view value) const {
    if (value.empty()) return {};
    std::string message(purpose);
    message += '\0';
    message += value;
    return HmacSha256Hex(key_, message).substr(0, 32);
}

}  // namespace kesu::crypto
