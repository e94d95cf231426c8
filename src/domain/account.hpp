// Staff accounts, departments, sessions and API tokens. Secrets (passwords, session ids, tokens) are never
// held here in clear: only their hashes / digests.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/enum_names.hpp"
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

// What an API token may be used for, beyond what its user's role allows. A session (a person signed in) may do
// everything the role allows; a token only what it was given, so a token leaked from an integration exposes little.
enum class TokenScope {
    kRead,       // read what the user may see (GET)
    kWrite,      // register and work complaints: actions, edits, messages, attachments, clocks
    kRevealPii,  // unmask personal data (each reveal audited as always)
    kAudit,      // read and verify the audit trail
    kAdmin,      // change users, departments, categories, settings, calendars, policies, templates
};
std::span<const EnumName<TokenScope>> TokenScopeNames();
inline std::string_view NameOf(TokenScope scope) {
    return NameIn(TokenScopeNames(), scope);
}
// Stored as space-separated names; unknown names are dropped.
std::string JoinScopes(const std::vector<TokenScope>& scopes);
std::vector<TokenScope> ParseScopes(std::string_view text);

// A token's life when its creator does not choose one, and the longest it may choose.
inline constexpr std::chrono::days kDefaultTokenLifetime{90};
inline constexpr std::chrono::days kMaxTokenLifetime{365};

struct ApiToken {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string name;
    std::string digest;  // SHA-256 of the token
    std::string prefix;  // first characters, to recognise it in lists
    Instant created_at;
    std::optional<Instant> expires_at;  // always set for tokens made since scopes exist
    bool revoked = false;
    std::vector<TokenScope> scopes;

    bool Allows(TokenScope scope) const;
};

}  // namespace kesu::domain
