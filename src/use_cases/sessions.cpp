#include "use_cases/sessions.hpp"

namespace kesu::use_cases {

using domain::ErrorCode;
using domain::Fail;

namespace {

// A fixed argon2id hash verified for unknown usernames, so timing does not tell which usernames exist.
constexpr const char* kDecoyHash =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Y1VYxWRu0pTU2sCTaaR1eAgBCiWwM+bmk0Ghl2vDIiI";

constexpr auto kTouchEvery = std::chrono::minutes{5};

domain::Instant WindowStart(domain::Instant now, std::chrono::minutes window) {
    auto length = std::chrono::duration_cast<std::chrono::milliseconds>(window).count();
    return domain::FromMillis(domain::ToMillis(now) / length * length);
}

domain::Error Locked(domain::Instant now, domain::Instant window_start, std::chrono::minutes window) {
    auto retry = std::chrono::duration_cast<std::chrono::seconds>(window_start + window - now).count();
    return domain::Error{ErrorCode::kRateLimited, "too many failed sign-ins; try again later", {}, static_cast<int>(retry)};
}

}  // namespace

domain::Result<LoginResult> Login(const Dependencies& deps, const RequestContext& context, const std::string& username,
                                  const std::string& password) {
    if (username.empty() || username.size() > 64)
        return domain::FailField(ErrorCode::kInvalidArgument, "username", "is required (at most 64 characters)");
    if (password.empty() || password.size() > 256)
        return domain::FailField(ErrorCode::kInvalidArgument, "password", "is required (at most 256 characters)");
    domain::Instant now = deps.clock.Now();
    domain::Instant window = WindowStart(now, deps.limits.login_window);
    std::string user_key = "login-user:" + username;
    std::string address_key = "login-address:" + context.client_address;

    struct Lookup {
        std::optional<domain::User> user;
        bool locked = false;
    };
    auto lookup = domain::ReadValue<Lookup>(deps.database, [&](domain::Transaction& tx) -> domain::Result<Lookup> {
        auto user_failures = tx.Throttle().Count(user_key, window);
        auto address_failures = tx.Throttle().Count(address_key, window);
        if (!user_failures) return std::unexpected(user_failures.error());
        if (!address_failures) return std::unexpected(address_failures.error());
        Lookup result;
        result.locked = *user_failures >= deps.limits.login_failures_per_user ||
                        *address_failures >= deps.limits.login_failures_per_address;
        auto user = tx.Users().GetByUsername(username);
        if (user) result.user = std::move(*user);
        else if (user.error().code != ErrorCode::kNotFound) return std::unexpected(user.error());
        return result;
    });
    if (!lookup) return std::unexpected(lookup.error());
    if (lookup->locked) return std::unexpected(Locked(now, window, deps.limits.login_window));

    // The slow, memory-hard check runs outside any transaction so it never holds up the writer.
    bool valid = deps.passwords.Verify(lookup->user ? lookup->user->password_hash : kDecoyHash, password) &&
                 lookup->user && lookup->user->active;

    std::string token = deps.tokens.NewSecret(32);
    std::string csrf = deps.tokens.NewSecret(24);
    auto result = domain::WriteValue<bool>(deps.database, [&](domain::Transaction& tx) -> domain::Result<bool> {
        RequestContext audit_context = context;
        if (lookup->user) audit_context.actor = domain::ActorOf(*lookup->user);
        domain::AuditEvent event = NewEvent(audit_context, now, valid ? "login" : "login_failed");
        event.text = "username " + username + " from " + context.client_address;
        if (!valid) {
            if (auto hit = tx.Throttle().Hit(user_key, window); !hit) return std::unexpected(hit.error());
            if (auto hit = tx.Throttle().Hit(address_key, window); !hit) return std::unexpected(hit.error());
            if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
            return false;
        }
        domain::Session session{deps.tokens.Digest(token), lookup->user->id, csrf, now, now,
                                now + deps.limits.session_idle, context.client_address};
        if (auto inserted = tx.Sessions().Insert(session); !inserted) return std::unexpected(inserted.error());
        if (auto cleared = tx.Throttle().Clear(user_key); !cleared) return std::unexpected(cleared.error());
        if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
        return true;
    });
    if (!result) return std::unexpected(result.error());
    if (!*result) return Fail(ErrorCode::kUnauthenticated, "wrong username or password");
    return LoginResult{token, csrf, *lookup->user, now + deps.limits.session_idle};
}

domain::Result<void> Logout(const Dependencies& deps, const RequestContext& context, const std::string& session_token) {
    domain::Instant now = deps.clock.Now();
    return deps.database.Write([&](domain::Transaction& tx) -> domain::Result<void> {
        if (auto deleted = tx.Sessions().Delete(deps.tokens.Digest(session_token)); !deleted) return deleted;
        domain::AuditEvent event = NewEvent(context, now, "logout");
        return tx.Audit().Append(event);
    });
}

domain::Result<Authenticated> AuthenticateSession(const Dependencies& deps, const std::string& session_token,
                                                  bool touch_allowed) {
    domain::Instant now = deps.clock.Now();
    std::string digest = deps.tokens.Digest(session_token);
    bool touch = false;
    auto authenticated = domain::ReadValue<Authenticated>(deps.database, [&](domain::Transaction& tx) -> domain::Result<Authenticated> {
        auto session = tx.Sessions().Get(digest);
        if (!session || session->expires_at <= now ||
            session->created_at + deps.limits.session_absolute <= now)
            return Fail(ErrorCode::kUnauthenticated, "your session has ended; please sign in");
        auto user = tx.Users().Get(session->user_id);
        if (!user || !user->active) return Fail(ErrorCode::kUnauthenticated, "your account is not active");
        touch = now - session->last_seen_at >= kTouchEvery;
        return Authenticated{domain::ActorOf(*user), *user, true, session->csrf_token, {}};
    });
    if (authenticated && touch && touch_allowed) {
        // Sliding expiry, written at most every few minutes per session rather than on every request.
        (void)deps.database.Write([&](domain::Transaction& tx) {
            return tx.Sessions().Touch(digest, now, now + deps.limits.session_idle);
        });
    }
    return authenticated;
}

domain::Result<Authenticated> AuthenticateToken(const Dependencies& deps, const std::string& api_token) {
    domain::Instant now = deps.clock.Now();
    return domain::ReadValue<Authenticated>(deps.database, [&](domain::Transaction& tx) -> domain::Result<Authenticated> {
        auto token = tx.ApiTokens().GetByDigest(deps.tokens.Digest(api_token));
        if (!token || token->revoked || (token->expires_at && *token->expires_at <= now))
            return Fail(ErrorCode::kUnauthenticated, "the API token is unknown, expired or revoked");
        auto user = tx.Users().Get(token->user_id);
        if (!user || !user->active) return Fail(ErrorCode::kUnauthenticated, "the token's account is not active");
        return Authenticated{domain::ActorOf(*user), *user, false, "", token->scopes};
    });
}

}  // namespace kesu::use_cases
