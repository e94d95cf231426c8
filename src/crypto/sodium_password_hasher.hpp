// argon2id password hashes (libsodium crypto_pwhash_str). Parameters follow OWASP's argon2id minimum
// (19 MiB, 2 passes); at most `max_parallel` hashes run at once so a burst of logins cannot exhaust memory.
#pragma once

#include <condition_variable>
#include <mutex>

#include "domain/credentials.hpp"

namespace kesu::crypto {

class SodiumPasswordHasher final : public domain::PasswordHasher {
public:
    explicit SodiumPasswordHasher(int max_parallel = 2);
    std::string Hash(std::string_view password) const override;
    bool Verify(std::string_view encoded_hash, std::string_view password) const override;

private:
    void Acquire() const;
    void Release() const;

    mutable std::mutex mutex_;
    mutable std::condition_variable available_;
    mutable int free_slots_;
};

}  // namespace kesu::crypto
