// Ports for secrets: password hashing and random tokens with their digests. Implemented with libsodium in
// src/crypto; use cases never see a cryptographic library.
#pragma once

#include <string>
#include <string_view>

namespace kesu::domain {

// Thread-safety: safe from any thread; Hash/Verify may limit how many run at once (they are memory-hard).
class PasswordHasher {
public:
    virtual ~PasswordHasher() = default;
    virtual std::string Hash(std::string_view password) const = 0;
    virtual bool Verify(std::string_view encoded_hash, std::string_view password) const = 0;
};

class TokenService {
public:
    virtual ~TokenService() = default;
    // A new random secret of `bytes` bytes as URL-safe text, e.g. for session ids and API tokens.
    virtual std::string NewSecret(std::size_t bytes) const = 0;
    // A short code a customer can type: `length` characters from an alphabet without 0/O/1/I/L.
    virtual std::string NewAccessCode(std::size_t length) const = 0;
    // The same kind of code, derived from `context` with a secret key kept outside the database: the same context
    // always gives the same code, so a retried request can be answered with the code it was first given without
    // the database ever holding that code.
    virtual std::string DeriveAccessCode(std::string_view context, std::size_t length) const = 0;
    // SHA-256 hex digest: what is stored instead of a high-entropy secret (session ids, API tokens).
    virtual std::string Digest(std::string_view secret) const = 0;
    // What is stored instead of an access code: keyed with the secret key, because a code of a few characters
    // could be found from a plain digest by trying them all (a copy of the database must not give them away).
    virtual std::string AccessCodeDigest(std::string_view code) const = 0;
    // Whether `code` is the one `stored_digest` was made from (in constant time; digests stored before access codes
    // were keyed are plain SHA-256 and still match).
    virtual bool AccessCodeMatches(std::string_view stored_digest, std::string_view code) const = 0;
};

}  // namespace kesu::domain
