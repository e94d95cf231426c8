// Signing in and out, and turning a request's credentials (session cookie or API token) into an Actor.
// Sessions live in the database (any node can serve any request). Failed sign-ins are throttled per client
// address (a fixed window) and per user name and address (exponential backoff); never per user name alone, so
// an attacker elsewhere cannot lock the real user out.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "domain/account.hpp"
#include "use_cases/context.hpp"

namespace kesu::use_cases {

struct LoginResult {
    std::string session_token;  // the cookie value; only its digest is stored
    std::string csrf_token;
    domain::User user;
    domain::Instant expires_at;
};

domain::Result<LoginResult> Login(const Dependencies& deps, const RequestContext& context, const std::string& username,
                                  const std::string& password);

domain::Result<void> Logout(const Dependencies& deps, const RequestContext& context, const std::string& session_token);

struct Authenticated {
    domain::Actor actor;
    domain::User user;
    bool via_session = false;  // cookie sessions need CSRF protection on writes; tokens do not
    std::string csrf_token;
    std::vector<domain::TokenScope> token_scopes;  // what an API token was given (a session may use every route)

    bool Allows(domain::TokenScope scope) const {
        return via_session || std::ranges::find(token_scopes, scope) != token_scopes.end();
    }
};

// Returns kUnauthenticated for unknown, expired or revoked credentials, or a deactivated user. `touch`: extend an
// idle session's life (a request by its user), which a background re-check of an open WebSocket must not do.
domain::Result<Authenticated> AuthenticateSession(const Dependencies& deps, const std::string& session_token,
                                                  bool touch = true);
domain::Result<Authenticated> AuthenticateToken(const Dependencies& deps, const std::string& api_token);

}  // namespace kesu::use_cases
