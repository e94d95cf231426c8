// Encryption at rest for personal data (XChaCha20-Poly1305, libsodium secretbox) and keyed blind indexes
// (HMAC-SHA-256) so storage can find "the same phone number" without keeping it in clear.
// The 32-byte key comes from the data directory's key file or KESU_PII_KEY; losing it loses the data.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace kesu::crypto {

class PiiCipher {
public:
    // Requires: key is exactly 32 bytes.
    explicit PiiCipher(std::string key);

    // Loads the key from `key_file`, creating it (mode 0600) with a random key if it does not exist.
    static domain::Result<PiiCipher> FromKeyFile(const std::string& key_file);
    // Decodes a base64 key (for KESU_PII_KEY, when several nodes share one database).
    static domain::Result<PiiCipher> FromBase64(std::string_view encoded);

    std::string Encrypt(std::string_view plaintext) const;  // nonce || ciphertext, binary
    domain::Result<std::string> Decrypt(std::string_view sealed) const;
    // A stable keyed digest of a normalised value ("" for an empty value).
    std::string BlindIndex(std::string_view purpose, std::string_view value) const;
    // A 32-byte key for another purpose, derived from this one (nodes sharing the personal-data key share it).
    std::string DeriveKey(std::string_view purpose) const;

private:
    std::string key_;
};

}  // namespace kesu::crypto
