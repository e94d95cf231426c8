#include "crypto/pii_cipher.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <cassert>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "crypto/digest.hpp"

namespace kesu::crypto {

using domain::ErrorCode;
using domain::Fail;

PiiCipher::PiiCipher(std::string key) : key_(std::move(key)) {
    EnsureSodium();
    assert(key_.size() == crypto_secretbox_KEYBYTES);
}

domain::Result<PiiCipher> PiiCipher::FromKeyFile(const std::string& key_file) {
    EnsureSodium();
    std::error_code ec;
    if (!std::filesystem::exists(key_file, ec)) {
        std::string key(crypto_secretbox_KEYBYTES, '\0');
        randombytes_buf(key.data(), key.size());
        std::filesystem::create_directories(std::filesystem::path(key_file).parent_path(), ec);
        std::ofstream out(key_file, std::ios::binary | std::ios::trunc);
        out.write(key.data(), static_cast<std::streamsize>(key.size()));
        out.close();
        if (!out) return Fail(ErrorCode::kUnavailable, "cannot write the key file " + key_file);
        ::chmod(key_file.c_str(), 0600);
        return PiiCipher(std::move(key));
    }
    std::ifstream in(key_file, std::ios::binary);
    std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (key.size() != crypto_secretbox_KEYBYTES)
        return Fail(ErrorCode::kInvalidArgument, "the key file " + key_file + " is not a 32-byte key");
    return PiiCipher(std::move(key));
}

domain::Result<PiiCipher> PiiCipher::FromBase64(std::string_view encoded) {
    EnsureSodium();
    std::string key(crypto_secretbox_KEYBYTES, '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(key.data()), key.size(), encoded.data(), encoded.size(),
                          nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        length != crypto_secretbox_KEYBYTES)
        return Fail(ErrorCode::kInvalidArgument, "KESU_PII_KEY must be 32 bytes, base64-encoded");
    return PiiCipher(std::move(key));
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
