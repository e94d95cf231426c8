#include "use_cases/sessions.hpp"

#include <algorithm>

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

domain::Error TooMany(std::string message, std::chrono::milliseconds wait) {
    auto seconds = std::chrono::ceil<std::chrono::seconds>(wait).count();
    return domain::Error{ErrorCode::kRateLimited, std::move(message), {}, static_cast<int>(std::max<std::int64_t>(seconds, 1))};
}

// How long a (user name, address) pair waits after `failures` consecutive wrong passwords: nothing for the first
// few, then a delay that doubles with every further failure, up to a ceiling.
std::chrono::milliseconds BackoffAfter(const Limits& limits, std::int64_t failures) {
    if (failures < limits.login_failures_before_backoff) return std::chrono::milliseconds{0};
    std::int64_t doublings = std::min<std::int64_t>(failures - limits.login_failures_before_backoff, 30);
    auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(limits.login_backoff_first) * (std::int64_t{1} << doublings);
    return std::min(delay, std::chrono::duration_cast<std::chrono::milliseconds>(limits.login_backoff_max));
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
    // Throttles count per address (one address guessing many accounts) and per account *and* address (one
    // address guessing one account, with backoff). Nothing counts per account alone: an attacker elsewhere can
    // slow only their own attempts, never lock the real user out.
    std::string address_key = "login-address:" + context.client_address;
    std::string pair_key = "login-backoff:" + context.client_address + "|" + username;

    // Check and record in one write transaction: the attempt is counted as a failure before the password is
    // verified and taken back if it was right. Write transactions are serialised (across nodes too), so however
    // many attempts arrive at once, each sees the ones before it and no more than the limit are ever verified.
    auto user = domain::WriteValue<std::optional<domain::User>>(
        deps.database, [&](domain::Transaction& tx) -> domain::Result<std::optional<domain::User>> {
            auto address_attempts = tx.Throttle().Hit(address_key, window);
            if (!address_attempts) return std::unexpected(address_attempts.error());
            if (*address_attempts > deps.limits.login_failures_per_address)
                return std::unexpected(TooMany("too many failed sign-ins from your address; try again later",
                                               window + deps.limits.login_window - now));
            auto backoff = tx.Throttle().GetBackoff(pair_key);
            if (!backoff) return std::unexpected(backoff.error());
            domain::Instant allowed_at = backoff->last_failure_at + BackoffAfter(deps.limits, backoff->failures);
            if (now < allowed_at)
                return std::unexpected(TooMany("too many failed sign-ins; wait before trying again", allowed_at - now));
            if (auto put = tx.Throttle().PutBackoff(pair_key, {backoff->failures + 1, now}); !put)
                return std::unexpected(put.error());
            auto found = tx.Users().GetByUsername(username);
            if (found) return std::optional(std::move(*found));
            if (found.error().code != ErrorCode::kNotFound) return std::unexpected(found.error());
            return std::optional<domain::User>();
        });
    if (!user) return std::unexpected(user.error());

    // The slow, memory-hard check runs outside any transaction so it never holds up the writer.
    bool valid = deps.passwords.Verify(*user ? (*user)->password_hash : kDecoyHash, password) && *user &&
                 (*user)->active;

    std::string token = deps.tokens.NewSecret(32);
    std::string csrf = deps.tokens.NewSecret(24);
    auto result = domain::WriteValue<bool>(deps.database, [&](domain::Transaction& tx) -> domain::Result<bool> {
        RequestContext audit_context = context;
        if (*user) audit_context.actor = domain::ActorOf(**user);
        domain::AuditEvent event = NewEvent(audit_context, now, valid ? "login" : "login_failed");
        event.text = "username " + username + " from " + context.client_address;
        if (!valid) {
            if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
            return false;
        }
        domain::Session session{deps.tokens.Digest(token), (*user)->id, csrf, now, now,
                                now + deps.limits.session_idle, context.client_address};
        if (auto inserted = tx.Sessions().Insert(session); !inserted) return std::unexpected(inserted.error());
        if (auto cleared = tx.Throttle().Clear(pair_key); !cleared) return std::unexpected(cleared.error());
        if (auto released = tx.Throttle().Release(address_key, window); !released)
            return std::unexpected(released.error());
        if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
        return true;
    });
    if (!result) return std::unexpected(result.error());
    if (!*result) return Fail(ErrorCode::kUnauthenticated, "wrong username or password");
    return LoginResult{token, csrf, **user, now + deps.limits.session_idle};
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
