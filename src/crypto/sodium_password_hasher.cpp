#include "crypto/sodium_password_hasher.hpp"

#include <sodium.h>

#include <cstdlib>

#include "crypto/digest.hpp"

namespace kesu::crypto {
namespace {

constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimit = 19u * 1024u * 1024u;

}  // namespace

SodiumPasswordHasher::SodiumPasswordHasher(int max_parallel) : free_slots_(max_parallel) { EnsureSodium(); }

void SodiumPasswordHasher::Acquire() const {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return free_slots_ > 0; });
    --free_slots_;
}

void SodiumPasswordHasher::Release() const {
    {
        std::lock_guard lock(mutex_);
        ++free_slots_;
    }
    available_.notify_one();
}

std::string SodiumPasswordHasher::Hash(std::string_view password) const {
    char out[crypto_pwhash_STRBYTES];
    Acquire();
    int rc = crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit,
                                   crypto_pwhash_ALG_ARGON2ID13);
    Release();
    if (rc != 0) std::abort();  // out of memory: the process cannot continue sensibly
    return out;
}

bool SodiumPasswordHasher::Verify(std::string_view encoded_hash, std::string_view password) const {
    std::string hash(encoded_hash);
    Acquire();
    int rc = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size());
    Release();
    return rc == 0;
}

}  // namespace kesu::crypto
