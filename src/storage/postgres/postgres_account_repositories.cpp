#include "storage/postgres/postgres_account_repositories.hpp"

namespace kesu::storage::postgres {

using domain::ErrorCode;
using domain::Fail;

namespace {

constexpr const char* kUserColumns =
    "SELECT id, username, display_name, email, password_hash, role, department_id, active, pii_grant, created_at, "
    "version FROM users";

domain::User ReadUser(const Row& row) {
    domain::User u;
    u.id = row.Int(0);
    u.username = row.Text(1);
    u.display_name = row.Text(2);
    u.email = row.Text(3);
    u.password_hash = row.Text(4);
    u.role = domain::ParseRole(row.Text(5)).value_or(domain::Role::kAgent);
    u.department_id = row.OptionalInt(6);
    u.active = row.Bool(7);
    u.pii_grant = row.Bool(8);
    u.created_at = domain::FromMillis(row.Int(9));
    u.version = static_cast<int>(row.Int(10));
    return u;
}

domain::Department ReadDepartment(const Row& row) {
    return domain::Department{row.Int(0), row.Text(1), row.OptionalInt(2), row.Bool(3), static_cast<int>(row.Int(4))};
}

domain::Session ReadSession(const Row& row) {
    return domain::Session{row.Text(0),
                           row.Int(1),
                           row.Text(2),
                           domain::FromMillis(row.Int(3)),
                           domain::FromMillis(row.Int(4)),
                           domain::FromMillis(row.Int(5)),
                           row.Text(6)};
}

domain::ApiToken ReadToken(const Row& row) {
    domain::ApiToken t;
    t.id = row.Int(0);
    t.user_id = row.Int(1);
    t.name = row.Text(2);
    t.digest = row.Text(3);
    t.prefix = row.Text(4);
    t.created_at = domain::FromMillis(row.Int(5));
    if (auto at = row.OptionalInt(6)) t.expires_at = domain::FromMillis(*at);
    t.revoked = row.Bool(7);
    t.scopes = domain::ParseScopes(row.Text(8));
    return t;
}

// An INSERT ... ON CONFLICT DO NOTHING RETURNING id: no row means the unique value was taken (no error is
// raised, so the transaction stays usable).
domain::Result<std::int64_t> InsertedId(domain::Result<QueryResult> result, const std::string& what) {
    if (!result) return std::unexpected(result.error());
    if (result->Rows() == 0) return Fail(ErrorCode::kConflict, what + " is already taken");
    return result->At(0).Int(0);
}

domain::Result<void> Versioned(domain::Result<QueryResult> result, const std::string& stale_message) {
    if (!result) {
        if (result.error().code == ErrorCode::kConflict) return Fail(ErrorCode::kConflict, "the name is already taken");
        return std::unexpected(result.error());
    }
    if (result->Affected() == 0) return Fail(ErrorCode::kStaleVersion, stale_message);
    return {};
}

}  // namespace

domain::Result<domain::User> PostgresUserRepository::Get(std::int64_t id) {
    return FirstRow<domain::User>(connection_.Query(std::string(kUserColumns) + " WHERE id = ?", id), ReadUser,
                                  "user " + std::to_string(id) + " does not exist");
}

domain::Result<domain::User> PostgresUserRepository::GetByUsername(std::string_view username) {
    return FirstRow<domain::User>(connection_.Query(std::string(kUserColumns) + " WHERE username = ?", username),
                                  ReadUser, "user " + std::string(username) + " does not exist");
}

domain::Result<std::vector<domain::User>> PostgresUserRepository::List() {
    return CollectRows<domain::User>(connection_.Query(std::string(kUserColumns) + " ORDER BY id"), ReadUser);
}

domain::Result<void> PostgresUserRepository::Insert(domain::User& u) {
    auto id = InsertedId(
        connection_.Query("INSERT INTO users (username, display_name, email, password_hash, role, department_id, "
                          "active, pii_grant, created_at, version) VALUES (?,?,?,?,?,?,?,?,?,?) "
                          "ON CONFLICT DO NOTHING RETURNING id",
                          u.username, u.display_name, u.email, u.password_hash, domain::RoleName(u.role),
                          u.department_id, u.active, u.pii_grant, domain::ToMillis(u.created_at), u.version),
        "username '" + u.username + "'");
    if (!id) return std::unexpected(id.error());
    u.id = *id;
    return {};
}

domain::Result<void> PostgresUserRepository::Update(const domain::User& u, int expected_version) {
    return Versioned(
        connection_.Query("UPDATE users SET display_name = ?, email = ?, password_hash = ?, role = ?, "
                          "department_id = ?, active = ?, pii_grant = ?, version = ? WHERE id = ? AND version = ?",
                          u.display_name, u.email, u.password_hash, domain::RoleName(u.role), u.department_id, u.active,
                          u.pii_grant, u.version, u.id, expected_version),
        "user " + u.username + " was changed by someone else; reload");
}

domain::Result<std::int64_t> PostgresUserRepository::Count() {
    return FirstRow<std::int64_t>(connection_.Query("SELECT COUNT(*) FROM users"),
                                  [](const Row& row) { return row.Int(0); }, "no count");
}

domain::Result<domain::Department> PostgresDepartmentRepository::Get(std::int64_t id) {
    return FirstRow<domain::Department>(
        connection_.Query("SELECT id, name, parent_id, active, version FROM departments WHERE id = ?", id),
        ReadDepartment, "department " + std::to_string(id) + " does not exist");
}

domain::Result<std::vector<domain::Department>> PostgresDepartmentRepository::List() {
    return CollectRows<domain::Department>(
        connection_.Query("SELECT id, name, parent_id, active, version FROM departments ORDER BY id"), ReadDepartment);
}

domain::Result<void> PostgresDepartmentRepository::Insert(domain::Department& d) {
    auto id = InsertedId(connection_.Query("INSERT INTO departments (name, parent_id, active, version) "
                                           "VALUES (?,?,?,?) ON CONFLICT DO NOTHING RETURNING id",
                                           d.name, d.parent_id, d.active, d.version),
                         "department name '" + d.name + "'");
    if (!id) return std::unexpected(id.error());
    d.id = *id;
    return {};
}

domain::Result<void> PostgresDepartmentRepository::Update(const domain::Department& d, int expected_version) {
    auto done = Versioned(
        connection_.QueryGuarded(
            "UPDATE departments SET name = ?, parent_id = ?, active = ?, version = ? WHERE id = ? AND version = ?",
            d.name, d.parent_id, d.active, d.version, d.id, expected_version),
        "department " + d.name + " was changed by someone else; reload");
    if (!done && done.error().code == ErrorCode::kConflict)
        return Fail(ErrorCode::kConflict, "department name '" + d.name + "' is already taken");
    return done;
}

domain::Result<void> PostgresSessionRepository::Insert(const domain::Session& s) {
    auto done = connection_.Query(
        "INSERT INTO sessions (id_digest, user_id, csrf_token, created_at, last_seen_at, expires_at, ip) "
        "VALUES (?,?,?,?,?,?,?)",
        s.id_digest, s.user_id, s.csrf_token, domain::ToMillis(s.created_at), domain::ToMillis(s.last_seen_at),
        domain::ToMillis(s.expires_at), s.ip);
    if (!done) return std::unexpected(done.error());
    return {};
}

domain::Result<domain::Session> PostgresSessionRepository::Get(std::string_view id_digest) {
    return FirstRow<domain::Session>(
        connection_.Query("SELECT id_digest, user_id, csrf_token, created_at, last_seen_at, expires_at, ip FROM "
                          "sessions WHERE id_digest = ?",
                          id_digest),
        ReadSession, "no such session");
}

domain::Result<void> PostgresSessionRepository::Touch(std::string_view id_digest, domain::Instant last_seen_at,
                                                      domain::Instant expires_at) {
    auto done = connection_.Query("UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_digest = ?",
                                  domain::ToMillis(last_seen_at), domain::ToMillis(expires_at), id_digest);
    if (!done) return std::unexpected(done.error());
    return {};
}

domain::Result<void> PostgresSessionRepository::Delete(std::string_view id_digest) {
    auto done = connection_.Query("DELETE FROM sessions WHERE id_digest = ?", id_digest);
    if (!done) return std::unexpected(done.error());
    return {};
}

domain::Result<void> PostgresSessionRepository::DeleteForUser(std::int64_t user_id) {
    auto done = connection_.Query("DELETE FROM sessions WHERE user_id = ?", user_id);
    if (!done) return std::unexpected(done.error());
    return {};
}

domain::Result<std::int64_t> PostgresSessionRepository::DeleteExpired(domain::Instant now) {
    return AffectedRows(connection_.Query("DELETE FROM sessions WHERE expires_at <= ?", domain::ToMillis(now)));
}

domain::Result<void> PostgresApiTokenRepository::Insert(domain::ApiToken& t) {
    std::optional<std::int64_t> expires;
    if (t.expires_at) expires = domain::ToMillis(*t.expires_at);
    auto id = FirstRow<std::int64_t>(
        connection_.Query(
            "INSERT INTO api_tokens (user_id, name, digest, prefix, created_at, expires_at, revoked, scopes) "
            "VALUES (?,?,?,?,?,?,?,?) RETURNING id",
            t.user_id, t.name, t.digest, t.prefix, domain::ToMillis(t.created_at), expires, t.revoked,
            domain::JoinScopes(t.scopes)),
        [](const Row& row) { return row.Int(0); }, "no id");
    if (!id) return std::unexpected(id.error());
    t.id = *id;
    return {};
}

domain::Result<domain::ApiToken> PostgresApiTokenRepository::GetByDigest(std::string_view digest) {
    return FirstRow<domain::ApiToken>(
        connection_.Query(
            "SELECT id, user_id, name, digest, prefix, created_at, expires_at, revoked, scopes FROM api_tokens "
                          "WHERE digest = ?",
                          digest),
        ReadToken, "no such API token");
}

domain::Result<std::vector<domain::ApiToken>> PostgresApiTokenRepository::ListForUser(std::int64_t user_id) {
    return CollectRows<domain::ApiToken>(
        connection_.Query(
            "SELECT id, user_id, name, digest, prefix, created_at, expires_at, revoked, scopes FROM api_tokens "
                          "WHERE user_id = ? ORDER BY id",
                          user_id),
        ReadToken);
}

domain::Result<void> PostgresApiTokenRepository::Revoke(std::int64_t token_id) {
    auto changed = AffectedRows(connection_.Query("UPDATE api_tokens SET revoked = true WHERE id = ?", token_id));
    if (!changed) return std::unexpected(changed.error());
    if (*changed == 0) return Fail(ErrorCode::kNotFound, "API token does not exist");
    return {};
}

}  // namespace kesu::storage::postgres
