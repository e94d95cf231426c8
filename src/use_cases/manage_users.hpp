// Staff accounts and API tokens. Creating users and changing roles, departments, activity or PII grants are
// admin work and audited as permission changes; a changed role or a deactivation ends the user's sessions.
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
domain::Result<void> ChangeOwnPassword(const Dependencies& deps, const RequestContext& context,
                                       const std::string& current_password, const std::string& new_password);

struct IssuedToken {
    domain::ApiToken token;
    std::string secret;  // shown once
};

// A token acting as `user_id` (oneself, or any user for an admin), optionally expiring after `days`.
domain::Result<IssuedToken> CreateApiToken(const Dependencies& deps, const RequestContext& context,
                                           std::int64_t user_id, const std::string& name, std::optional<int> days);
domain::Result<std::vector<domain::ApiToken>> ListApiTokens(const Dependencies& deps, const RequestContext& context,
                                                            std::int64_t user_id);
domain::Result<void> RevokeApiToken(const Dependencies& deps, const RequestContext& context, std::int64_t user_id,
                                    std::int64_t token_id);

}  // namespace kesu::use_cases
