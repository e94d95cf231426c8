// Random secrets from libsodium's CSPRNG and their SHA-256 digests.
#pragma once

#include "domain/credentials.hpp"

namespace kesu::crypto {

class SodiumTokenService final : public domain::TokenService {
public:
    SodiumTokenService();
    std::string NewSecret(std::size_t bytes) const override;
    std::string NewAccessCode(std::size_t length) const override;
    std::string Digest(std::string_view secret) const override;
};

}  // namespace kesu::crypto
