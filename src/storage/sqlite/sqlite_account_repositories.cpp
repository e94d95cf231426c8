#include "storage/sqlite/sqlite_account_repositories.hpp"

namespace kesu::storage::sqlite {

using domain::ErrorCode;
using domain::Fail;

namespace {

constexpr const char* kUserColumns =
    "SELECT id, username, display_name, email, password_hash, role, department_id, active, pii_grant, created_at, "
    "version FROM users";

domain::User ReadUser(const Statement& row) {
    domain::User u;
    u.id = row.Int(0);
    u.username = row.Text(1);
    u.display_name = row.Text(2);
    u.email = row.Text(3);
    u.password_hash = row.Text(4);
    u.role = domain::ParseRole(row.Text(5)).value_or(domain::Role::kAgent);
    u.department_id = row.OptionalInt(6);
    u.active = row.Int(7) != 0;
    u.pii_grant = row.Int(8) != 0;
    u.created_at = domain::FromMillis(row.Int(9));
    u.version = static_cast<int>(row.Int(10));
    return u;
}

domain::Department ReadDepartment(const Statement& row) {
    return domain::Department{row.Int(0), row.Text(1), row.OptionalInt(2), row.Int(3) != 0,
                              static_cast<int>(row.Int(4))};
}

domain::Session ReadSession(const Statement& row) {
    return domain::Session{row.Text(0),
                           row.Int(1),
                           row.Text(2),
                           domain::FromMillis(row.Int(3)),
                           domain::FromMillis(row.Int(4)),
                           domain::FromMillis(row.Int(5)),
                           row.Text(6)};
}

domain::ApiToken ReadToken(const Statement& row) {
    domain::ApiToken t;
    t.id = row.Int(0);
    t.user_id = row.Int(1);
    t.name = row.Text(2);
    t.digest = row.Text(3);
    t.prefix = row.Text(4);
    t.created_at = domain::FromMillis(row.Int(5));
    if (auto at = row.OptionalInt(6)) t.expires_at = domain::FromMillis(*at);
    t.revoked = row.Int(7) != 0;
    t.scopes = domain::ParseScopes(row.Text(8));
    return t;
}

domain::Result<void> NameConflict(domain::Result<void> done, const std::string& what) {
    if (!done && done.error().code == ErrorCode::kConflict) return Fail(ErrorCode::kConflict, what + " is already taken");
    return done;
}

}  // namespace

domain::Result<domain::User> SqliteUserRepository::Get(std::int64_t id) {
    return FirstRow<domain::User>(connection_.Query(std::string(kUserColumns) + " WHERE id = ?", id), ReadUser,
                                  "user " + std::to_string(id) + " does not exist");
}

domain::Result<domain::User> SqliteUserRepository::GetByUsername(std::string_view username) {
    return FirstRow<domain::User>(connection_.Query(std::string(kUserColumns) + " WHERE username = ?", username),
                                  ReadUser, "user " + std::string(username) + " does not exist");
}

domain::Result<std::vector<domain::User>> SqliteUserRepository::List() {
    return CollectRows<domain::User>(connection_.Query(std::string(kUserColumns) + " ORDER BY id"), ReadUser);
}

domain::Result<void> SqliteUserRepository::Insert(domain::User& u) {
    auto done = connection_.Run(
        "INSERT INTO users (username, display_name, email, password_hash, role, department_id, active, pii_grant, "
        "created_at, version) VALUES (?,?,?,?,?,?,?,?,?,?)",
        u.username, u.display_name, u.email, u.password_hash, domain::RoleName(u.role), u.department_id, u.active,
        u.pii_grant, domain::ToMillis(u.created_at), u.version);
    if (!done) return NameConflict(done, "username '" + u.username + "'");
    u.id = connection_.LastInsertId();
    return {};
}

domain::Result<void> SqliteUserRepository::Update(const domain::User& u, int expected_version) {
    auto done = connection_.Run(
        "UPDATE users SET display_name = ?, email = ?, password_hash = ?, role = ?, department_id = ?, active = ?, "
        "pii_grant = ?, version = ? WHERE id = ? AND version = ?",
        u.display_name, u.email, u.password_hash, domain::RoleName(u.role), u.department_id, u.active, u.pii_grant,
        u.version, u.id, expected_version);
    if (!done) return done;
    if (connection_.Changes() == 0)
        return Fail(ErrorCode::kStaleVersion, "user " + u.username + " was changed by someone else; reload");
    return {};
}

domain::Result<std::int64_t> SqliteUserRepository::Count() {
    return FirstRow<std::int64_t>(connection_.Query("SELECT COUNT(*) FROM users"),
                                  [](const Statement& row) { return row.Int(0); }, "no count");
}

domain::Result<domain::Department> SqliteDepartmentRepository::Get(std::int64_t id) {
    return FirstRow<domain::Department>(
        connection_.Query("SELECT id, name, parent_id, active, version FROM departments WHERE id = ?", id),
        ReadDepartment, "department " + std::to_string(id) + " does not exist");
}

domain::Result<std::vector<domain::Department>> SqliteDepartmentRepository::List() {
    return CollectRows<domain::Department>(
        connection_.Query("SELECT id, name, parent_id, active, version FROM departments ORDER BY id"), ReadDepartment);
}

domain::Result<void> SqliteDepartmentRepository::Insert(domain::Department& d) {
    auto done = connection_.Run("INSERT INTO departments (name, parent_id, active, version) VALUES (?,?,?,?)", d.name,
                                d.parent_id, d.active, d.version);
    if (!done) return NameConflict(done, "department name '" + d.name + "'");
    d.id = connection_.LastInsertId();
    return {};
}

domain::Result<void> SqliteDepartmentRepository::Update(const domain::Department& d, int expected_version) {
    auto done = connection_.Run(
        "UPDATE departments SET name = ?, parent_id = ?, active = ?, version = ? WHERE id = ? AND version = ?", d.name,
        d.parent_id, d.active, d.version, d.id, expected_version);
    if (!done) return NameConflict(done, "department name '" + d.name + "'");
    if (connection_.Changes() == 0)
        return Fail(ErrorCode::kStaleVersion, "department " + d.name + " was changed by someone else; reload");
    return {};
}

domain::Result<void> SqliteSessionRepository::Insert(const domain::Session& s) {
    return connection_.Run(
        "INSERT INTO sessions (id_digest, user_id, csrf_token, created_at, last_seen_at, expires_at, ip) "
        "VALUES (?,?,?,?,?,?,?)",
        s.id_digest, s.user_id, s.csrf_token, domain::ToMillis(s.created_at), domain::ToMillis(s.last_seen_at),
        domain::ToMillis(s.expires_at), s.ip);
}

domain::Result<domain::Session> SqliteSessionRepository::Get(std::string_view id_digest) {
    return FirstRow<domain::Session>(
        connection_.Query("SELECT id_digest, user_id, csrf_token, created_at, last_seen_at, expires_at, ip FROM "
                          "sessions WHERE id_digest = ?",
                          id_digest),
        ReadSession, "no such session");
}

domain::Result<void> SqliteSessionRepository::Touch(std::string_view id_digest, domain::Instant last_seen_at,
                                                    domain::Instant expires_at) {
    return connection_.Run("UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_digest = ?",
                           domain::ToMillis(last_seen_at), domain::ToMillis(expires_at), id_digest);
}

domain::Result<void> SqliteSessionRepository::Delete(std::string_view id_digest) {
    return connection_.Run("DELETE FROM sessions WHERE id_digest = ?", id_digest);
}

domain::Result<void> SqliteSessionRepository::DeleteForUser(std::int64_t user_id) {
    return connection_.Run("DELETE FROM sessions WHERE user_id = ?", user_id);
}

domain::Result<std::int64_t> SqliteSessionRepository::DeleteExpired(domain::Instant now) {
    auto done = connection_.Run("DELETE FROM sessions WHERE expires_at <= ?", domain::ToMillis(now));
    if (!done) return std::unexpected(done.error());
    return connection_.Changes();
}

domain::Result<void> SqliteApiTokenRepository::Insert(domain::ApiToken& t) {
    std::optional<std::int64_t> expires;
    if (t.expires_at) expires = domain::ToMillis(*t.expires_at);
    auto done = connection_.Run(
        "INSERT INTO api_tokens (user_id, name, digest, prefix, created_at, expires_at, revoked, scopes) "
        "VALUES (?,?,?,?,?,?,?,?)",
        t.user_id, t.name, t.digest, t.prefix, domain::ToMillis(t.created_at), expires, t.revoked,
        domain::JoinScopes(t.scopes));
    if (!done) return done;
    t.id = connection_.LastInsertId();
    return {};
}

domain::Result<domain::ApiToken> SqliteApiTokenRepository::GetByDigest(std::string_view digest) {
    return FirstRow<domain::ApiToken>(
        connection_.Query(
            "SELECT id, user_id, name, digest, prefix, created_at, expires_at, revoked, scopes FROM api_tokens "
                          "WHERE digest = ?",
                          digest),
        ReadToken, "no such API token");
}

domain::Result<std::vector<domain::ApiToken>> SqliteApiTokenRepository::ListForUser(std::int64_t user_id) {
    return CollectRows<domain::ApiToken>(
        connection_.Query(
            "SELECT id, user_id, name, digest, prefix, created_at, expires_at, revoked, scopes FROM api_tokens "
                          "WHERE user_id = ? ORDER BY id",
                          user_id),
        ReadToken);
}

domain::Result<void> SqliteApiTokenRepository::Revoke(std::int64_t token_id) {
    auto done = connection_.Run("UPDATE api_tokens SET revoked = 1 WHERE id = ?", token_id);
    if (!done) return done;
    if (connection_.Changes() == 0) return Fail(ErrorCode::kNotFound, "API token does not exist");
    return {};
}

}  // namespace kesu::storage::sqlite
