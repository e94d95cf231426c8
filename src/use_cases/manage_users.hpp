// Staff accounts and API tokens. Creating users and changing roles, departments, activity or PII grants are
// admin work and audited as permission changes; a changed role or a deactivation ends the user's sessions. A new
// password (set by the user or an admin) and a deactivation also revoke the user's API tokens, so neither a
// leaked password's sessions nor a reactivation bring old credentials back.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/account.hpp"
#include "use_cases/context.hpp"

namespace kesu::use_cases {

struct NewUser {
    std::string username;
    std::string display_name;
    std::string email;
    std::string password;
    domain::Role role = domain::Role::kAgent;
    std::optional<std::int64_t> department_id;
    bool pii_grant = false;
};

struct UserPatch {
    int expected_version = 0;
    std::optional<std::string> display_name;
    std::optional<std::string> email;
    std::optional<std::string> password;
    std::optional<domain::Role> role;
    std::optional<std::optional<std::int64_t>> department_id;
    std::optional<bool> active;
    std::optional<bool> pii_grant;
};

std::vector<domain::FieldError> ValidatePassword(const std::string& password, const std::string& username);

domain::Result<domain::User> CreateUser(const Dependencies& deps, const RequestContext& context, const NewUser& input);
domain::Result<domain::User> UpdateUser(const Dependencies& deps, const RequestContext& context, std::int64_t user_id,
                                        const UserPatch& patch);
// Admins get every user; other staff get the directory (for assigning owners and reviewers).
domain::Result<std::vector<domain::User>> ListUsers(const Dependencies& deps, const RequestContext& context);
// Ends every other session of the user and revokes their API tokens; `current_session_token` (the cookie of the
// session asking, if it is one) stays signed in.
domain::Result<void> ChangeOwnPassword(const Dependencies& deps, const RequestContext& context,
                                       const std::string& current_password, const std::string& new_password,
                                       const std::optional<std::string>& current_session_token = std::nullopt);

struct IssuedToken {
    domain::ApiToken token;
    std::string secret;  // shown once
};

struct NewApiToken {
    std::string name;
    std::optional<int> expires_in_days;                     // default kDefaultTokenLifetime, at most kMaxTokenLifetime
    std::optional<std::vector<domain::TokenScope>> scopes;  // default read and write
};

// A token acting as `user_id`. Only that user may make it (an admin cannot mint a token to act as someone else).
domain::Result<IssuedToken> CreateApiToken(const Dependencies& deps, const RequestContext& context,
                                           std::int64_t user_id, const NewApiToken& input);
domain::Result<std::vector<domain::ApiToken>> ListApiTokens(const Dependencies& deps, const RequestContext& context,
                                                            std::int64_t user_id);
domain::Result<void> RevokeApiToken(const Dependencies& deps, const RequestContext& context, std::int64_t user_id,
                                    std::int64_t token_id);

}  // namespace kesu::use_cases
