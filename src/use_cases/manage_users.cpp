#include "use_cases/manage_users.hpp"

#include <algorithm>

#include "domain/validation.hpp"

namespace kesu::use_cases {

using domain::ErrorCode;
using domain::Fail;

namespace {

bool IsUsernameCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

domain::Result<void> CheckDepartment(domain::Transaction& tx, std::optional<std::int64_t> department_id) {
    if (!department_id) return {};
    auto department = tx.Departments().Get(*department_id);
    if (!department || !department->active)
        return domain::FailField(ErrorCode::kInvalidArgument, "department_id", "no such active department");
    return {};
}

domain::Result<void> RequireSelfOrAdmin(const domain::Actor& actor, std::int64_t user_id) {
    if (actor.user_id == user_id || actor.Has(domain::Permission::kManageUsers)) return {};
    return Fail(ErrorCode::kForbidden, "you may only manage your own API tokens");
}

std::string Optional(std::optional<std::int64_t> id) { return id ? std::to_string(*id) : ""; }

// Revokes every live API token of the user; returns how many.
domain::Result<int> RevokeAllTokens(domain::Transaction& tx, std::int64_t user_id) {
    auto tokens = tx.ApiTokens().ListForUser(user_id);
    if (!tokens) return std::unexpected(tokens.error());
    int revoked = 0;
    for (const auto& token : *tokens) {
        if (token.revoked) continue;
        if (auto done = tx.ApiTokens().Revoke(token.id); !done) return std::unexpected(done.error());
        ++revoked;
    }
    return revoked;
}

// Every grant or revocation of the right to see personal data reaches the auditors (finding 8).
domain::Result<void> TellAuditorsOfPiiGrant(domain::Transaction& tx, const RequestContext& context,
                                            const domain::User& user, domain::Instant now) {
    std::string body = context.actor.display_name + " (user " + std::to_string(context.actor.user_id) + ") " +
                       (user.pii_grant ? "granted" : "revoked") + " the right to see personal data " +
                       (user.pii_grant ? "to " : "of ") + user.username + " (user " + std::to_string(user.id) + ")";
    return NotifyAuditors(
        tx, user.pii_grant ? "pii_grant_granted" : "pii_grant_revoked",
        user.pii_grant ? "个人信息查看权限已授予 / PII access granted" : "个人信息查看权限已撤销 / PII access revoked",
        std::move(body), now);
}

}  // namespace

std::vector<domain::FieldError> ValidatePassword(const std::string& password, const std::string& username) {
    std::vector<domain::FieldError> errors;
    if (domain::CountCodePoints(password) < 10) errors.push_back({"password", "must have at least 10 characters"});
    else if (password.size() > 256) errors.push_back({"password", "must have at most 256 bytes"});
    else if (password == username) errors.push_back({"password", "must not be the username"});
    return errors;
}

domain::Result<domain::User> CreateUser(const Dependencies& deps, const RequestContext& context, const NewUser& input) {
    if (auto allowed = Require(context.actor, domain::Permission::kManageUsers); !allowed)
        return std::unexpected(allowed.error());
    std::vector<domain::FieldError> errors;
    if (input.username.size() < 2 || input.username.size() > 64 || !std::ranges::all_of(input.username, IsUsernameCharacter))
        errors.push_back({"username", "2 to 64 characters: lower-case letters, digits, '.', '_' or '-'"});
    domain::CheckText(errors, "display_name", input.display_name, true, domain::kMaxShortText);
    if (!input.email.empty() && !domain::IsPlausibleEmail(input.email)) errors.push_back({"email", "is not an email address"});
    if (input.role == domain::Role::kCustomer) errors.push_back({"role", "customers do not have accounts"});
    for (auto& error : ValidatePassword(input.password, input.username)) errors.push_back(error);
    if (!errors.empty()) return domain::FailFields(errors);

    std::string hash = deps.passwords.Hash(input.password);
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::User>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::User> {
        if (auto checked = CheckDepartment(tx, input.department_id); !checked) return std::unexpected(checked.error());
        domain::User user{0, input.username, input.display_name, input.email, hash, input.role, input.department_id,
                          true, input.pii_grant, now, 1};
        if (auto inserted = tx.Users().Insert(user); !inserted) {
            if (inserted.error().code == ErrorCode::kConflict)
                return domain::FailField(ErrorCode::kConflict, "username", "is already taken");
            return std::unexpected(inserted.error());
        }
        domain::AuditEvent event = NewEvent(context, now, "user_created");
        event.changes = {{"user.username", "", user.username},
                         {"user.role", "", std::string(domain::RoleName(user.role))},
                         {"user.department_id", "", Optional(user.department_id)},
                         {"user.pii_grant", "", user.pii_grant ? "true" : "false"}};
        event.text = "user " + std::to_string(user.id);
        if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
        if (user.pii_grant) {
            if (auto told = TellAuditorsOfPiiGrant(tx, context, user, now); !told) return std::unexpected(told.error());
        }
        return user;
    });
}

domain::Result<domain::User> UpdateUser(const Dependencies& deps, const RequestContext& context, std::int64_t user_id,
                                        const UserPatch& patch) {
    if (auto allowed = Require(context.actor, domain::Permission::kManageUsers); !allowed)
        return std::unexpected(allowed.error());
    std::vector<domain::FieldError> errors;
    if (patch.display_name) domain::CheckText(errors, "display_name", *patch.display_name, true, domain::kMaxShortText);
    if (patch.email && !patch.email->empty() && !domain::IsPlausibleEmail(*patch.email))
        errors.push_back({"email", "is not an email address"});
    if (patch.role == domain::Role::kCustomer) errors.push_back({"role", "customers do not have accounts"});
    if (patch.password)
        for (auto& error : ValidatePassword(*patch.password, "")) errors.push_back(error);
    if (user_id == context.actor.user_id && ((patch.active && !*patch.active) ||
                                             (patch.role && *patch.role != context.actor.role)))
        errors.push_back({"role", "you cannot demote or deactivate yourself"});
    if (!errors.empty()) return domain::FailFields(errors);
    std::optional<std::string> hash;
    if (patch.password) hash = deps.passwords.Hash(*patch.password);
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::User>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::User> {
        auto current = tx.Users().Get(user_id);
        if (!current) return current;
        if (current->version != patch.expected_version)
            return Fail(ErrorCode::kStaleVersion, "user " + current->username + " was changed by someone else; reload");
        domain::User next = *current;
        if (patch.display_name) next.display_name = *patch.display_name;
        if (patch.email) next.email = *patch.email;
        if (hash) next.password_hash = *hash;
        if (patch.role) next.role = *patch.role;
        if (patch.department_id) next.department_id = *patch.department_id;
        if (patch.active) next.active = *patch.active;
        if (patch.pii_grant) next.pii_grant = *patch.pii_grant;
        if (next.pii_grant != current->pii_grant && !domain::MayChangePiiGrant(context.actor, user_id))
            return domain::FailField(ErrorCode::kForbidden, "pii_grant",
                                     "segregation of duties: nobody grants or revokes their own right to see personal "
                                     "data; another admin does");
        if (auto checked = CheckDepartment(tx, next.department_id); !checked && next.department_id != current->department_id)
            return std::unexpected(checked.error());
        next.version = current->version + 1;
        if (auto updated = tx.Users().Update(next, current->version); !updated) return std::unexpected(updated.error());

        domain::AuditEvent event = NewEvent(context, now, "user_updated");
        event.text = "user " + std::to_string(user_id) + " (" + current->username + ")";
        auto note = [&](const char* field, std::string before, std::string after) {
            if (before != after) event.changes.push_back({field, std::move(before), std::move(after)});
        };
        note("user.display_name", current->display_name, next.display_name);
        note("user.email", current->email, next.email);
        note("user.role", std::string(domain::RoleName(current->role)), std::string(domain::RoleName(next.role)));
        note("user.department_id", Optional(current->department_id), Optional(next.department_id));
        note("user.active", current->active ? "true" : "false", next.active ? "true" : "false");
        note("user.pii_grant", current->pii_grant ? "true" : "false", next.pii_grant ? "true" : "false");
        if (hash) event.changes.push_back({"user.password", "", "changed"});
        if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
        if (next.pii_grant != current->pii_grant) {
            if (auto told = TellAuditorsOfPiiGrant(tx, context, next, now); !told) return std::unexpected(told.error());
        }
        bool access_changed = next.role != current->role || !next.active || next.department_id != current->department_id ||
                              next.pii_grant != current->pii_grant || hash.has_value();
        if (access_changed) {
            if (auto ended = tx.Sessions().DeleteForUser(user_id); !ended) return std::unexpected(ended.error());
        }
        if (!next.active || hash) {
            auto revoked = RevokeAllTokens(tx, user_id);
            if (!revoked) return std::unexpected(revoked.error());
            if (*revoked > 0) {
                domain::AuditEvent tokens_event = NewEvent(context, now, "api_tokens_revoked");
                tokens_event.text = std::to_string(*revoked) + " token(s) of user " + std::to_string(user_id) +
                                    (hash ? " (password set)" : " (deactivated)");
                if (auto appended = tx.Audit().Append(tokens_event); !appended) return std::unexpected(appended.error());
            }
        }
        return next;
    });
}

domain::Result<std::vector<domain::User>> ListUsers(const Dependencies& deps, const RequestContext& context) {
    if (context.actor.role == domain::Role::kCustomer) return Fail(ErrorCode::kForbidden, "staff only");
    return domain::ReadValue<std::vector<domain::User>>(deps.database, [&](domain::Transaction& tx) {
        return tx.Users().List();
    });
}

domain::Result<void> ChangeOwnPassword(const Dependencies& deps, const RequestContext& context,
                                       const std::string& current_password, const std::string& new_password,
                                       const std::optional<std::string>& current_session_token) {
    auto user = domain::ReadValue<domain::User>(deps.database, [&](domain::Transaction& tx) {
        return tx.Users().Get(context.actor.user_id);
    });
    if (!user) return std::unexpected(user.error());
    if (!deps.passwords.Verify(user->password_hash, current_password))
        return domain::FailField(ErrorCode::kInvalidArgument, "current_password", "is wrong");
    if (auto errors = ValidatePassword(new_password, user->username); !errors.empty()) return domain::FailFields(errors);
    std::string hash = deps.passwords.Hash(new_password);
    domain::Instant now = deps.clock.Now();
    return deps.database.Write([&](domain::Transaction& tx) -> domain::Result<void> {
        domain::User next = *user;
        next.password_hash = hash;
        next.version = user->version + 1;
        if (auto updated = tx.Users().Update(next, user->version); !updated) return updated;
        // Whoever else knew the old password is signed out: every other session ends, every token is revoked.
        std::optional<domain::Session> kept;
        if (current_session_token) {
            auto session = tx.Sessions().Get(deps.tokens.Digest(*current_session_token));
            if (session && session->user_id == user->id) kept = *session;
        }
        if (auto ended = tx.Sessions().DeleteForUser(user->id); !ended) return ended;
        if (kept) {
            if (auto restored = tx.Sessions().Insert(*kept); !restored) return restored;
        }
        auto revoked = RevokeAllTokens(tx, user->id);
        if (!revoked) return std::unexpected(revoked.error());
        domain::AuditEvent event = NewEvent(context, now, "password_changed");
        event.text = "user " + std::to_string(user->id) + "; other sessions ended, " + std::to_string(*revoked) +
                     " API token(s) revoked";
        return tx.Audit().Append(event);
    });
}

domain::Result<IssuedToken> CreateApiToken(const Dependencies& deps, const RequestContext& context,
                                           std::int64_t user_id, const NewApiToken& input) {
    // A token acts as its user: made for someone else, it would let its maker act (and reveal personal data) as them.
    if (context.actor.user_id != user_id)
        return Fail(ErrorCode::kForbidden, "an API token can only be created by the user it acts as");
    const std::string& name = input.name;
    const int max_days = static_cast<int>(domain::kMaxTokenLifetime.count());
    int days = input.expires_in_days.value_or(static_cast<int>(domain::kDefaultTokenLifetime.count()));
    std::vector<domain::FieldError> errors;
    domain::CheckText(errors, "name", name, true, domain::kMaxShortText);
    if (days < 1 || days > max_days) errors.push_back({"expires_in_days", "must be 1 to " + std::to_string(max_days)});
    std::vector<domain::TokenScope> scopes =
        input.scopes.value_or(std::vector<domain::TokenScope>{domain::TokenScope::kRead, domain::TokenScope::kWrite});
    if (scopes.empty()) errors.push_back({"scopes", "give at least one scope"});
    if (!errors.empty()) return domain::FailFields(errors);
    std::string secret = "kesu_" + deps.tokens.NewSecret(32);
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<IssuedToken>(deps.database, [&](domain::Transaction& tx) -> domain::Result<IssuedToken> {
        auto user = tx.Users().Get(user_id);
        if (!user) return std::unexpected(user.error());
        domain::ApiToken token;
        token.user_id = user_id;
        token.name = name;
        token.digest = deps.tokens.Digest(secret);
        token.prefix = secret.substr(0, 12);
        token.created_at = now;
        token.expires_at = now + std::chrono::days{days};
        token.scopes = scopes;
        if (auto inserted = tx.ApiTokens().Insert(token); !inserted) return std::unexpected(inserted.error());
        domain::AuditEvent event = NewEvent(context, now, "api_token_created");
        event.text = "token " + token.prefix + "… '" + name + "' for user " + std::to_string(user_id) + ", scopes " +
                     domain::JoinScopes(scopes) + ", expires " + domain::FormatInstant(*token.expires_at);
        if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
        return IssuedToken{token, secret};
    });
}

domain::Result<std::vector<domain::ApiToken>> ListApiTokens(const Dependencies& deps, const RequestContext& context,
                                                            std::int64_t user_id) {
    if (auto allowed = RequireSelfOrAdmin(context.actor, user_id); !allowed) return std::unexpected(allowed.error());
    return domain::ReadValue<std::vector<domain::ApiToken>>(deps.database, [&](domain::Transaction& tx) {
        return tx.ApiTokens().ListForUser(user_id);
    });
}

domain::Result<void> RevokeApiToken(const Dependencies& deps, const RequestContext& context, std::int64_t user_id,
                                    std::int64_t token_id) {
    if (auto allowed = RequireSelfOrAdmin(context.actor, user_id); !allowed) return allowed;
    domain::Instant now = deps.clock.Now();
    return deps.database.Write([&](domain::Transaction& tx) -> domain::Result<void> {
        auto tokens = tx.ApiTokens().ListForUser(user_id);
        if (!tokens) return std::unexpected(tokens.error());
        if (std::ranges::none_of(*tokens, [&](const domain::ApiToken& t) { return t.id == token_id; }))
            return Fail(ErrorCode::kNotFound, "API token " + std::to_string(token_id) + " does not exist");
        if (auto revoked = tx.ApiTokens().Revoke(token_id); !revoked) return revoked;
        domain::AuditEvent event = NewEvent(context, now, "api_token_revoked");
        event.text = "token " + std::to_string(token_id) + " of user " + std::to_string(user_id);
        return tx.Audit().Append(event);
    });
}

}  // namespace kesu::use_cases
