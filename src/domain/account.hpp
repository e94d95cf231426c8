// Staff accounts, departments, sessions and API tokens. Secrets (passwords, session ids, tokens) are never
// held here in clear: only their hashes / digests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/role.hpp"
#include "domain/time.hpp"

namespace kesu::domain {

struct Department {
    std::int64_t id = 0;
    std::string name;
    std::optional<std::int64_t> parent_id;
    bool active = true;
    int version = 1;
};

struct User {
    std::int64_t id = 0;
    std::string username;
    std::string display_name;
    std::string email;
    std::string password_hash;  // argon2id encoded string
    Role role = Role::kAgent;
    std::optional<std::int64_t> department_id;
    bool active = true;
    bool pii_grant = false;
    Instant created_at;
    int version = 1;
};

Actor ActorOf(const User& user);

struct Session {
    std::string id_digest;  // SHA-256 of the cookie value
    std::int64_t user_id = 0;
    std::string csrf_token;
    Instant created_at;
    Instant last_seen_at;
    Instant expires_at;
    std::string ip;
};

struct ApiToken {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string name;
    std::string digest;  // SHA-256 of the token
    std::string prefix;  // first characters, to recognise it in lists
    Instant created_at;
    std::optional<Instant> expires_at;
    bool revoked = false;
};

}  // namespace kesu::domain
