// Random secrets from libsodium's CSPRNG and their SHA-256 digests; access codes derived and digested with a
// secret key (keyed BLAKE2b) that lives outside the database.
#pragma once

#include <string>

#include "domain/credentials.hpp"

namespace kesu::crypto {

class SodiumTokenService final : public domain::TokenService {
public:
    // `secret_key`: 32 bytes shared by every node of one database (kesu derives it from the personal-data key);
    // empty: a random key of this process (tests, and commands that never issue access codes).
    explicit SodiumTokenService(std::string secret_key = "");
    std::string NewSecret(std::size_t bytes) const override;
    std::string NewAccessCode(std::size_t length) const override;
    std::string DeriveAccessCode(std::string_view context, std::size_t length) const override;
    std::string Digest(std::string_view secret) const override;
    std::string AccessCodeDigest(std::string_view code) const override;
    bool AccessCodeMatches(std::string_view stored_digest, std::string_view code) const override;

private:
    std::string derive_key_;  // for DeriveAccessCode
    std::string digest_key_;  // for AccessCodeDigest
};

}  // namespace kesu::crypto
