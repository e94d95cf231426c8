// Users, departments, sessions and API tokens in PostgreSQL.
#pragma once

#include "domain/account_repositories.hpp"
#include "storage/postgres/postgres_connection.hpp"

namespace kesu::storage::postgres {

class PostgresUserRepository final : public domain::UserRepository {
public:
    explicit PostgresUserRepository(Connection& connection) : connection_(connection) {}
    domain::Result<domain::User> Get(std::int64_t id) override;
    domain::Result<domain::User> GetByUsername(std::string_view username) override;
    domain::Result<std::vector<domain::User>> List() override;
    domain::Result<void> Insert(domain::User& user) override;
    domain::Result<void> Update(const domain::User& user, int expected_version) override;
    domain::Result<std::int64_t> Count() override;

private:
    Connection& connection_;
};

class PostgresDepartmentRepository final : public domain::DepartmentRepository {
public:
    explicit PostgresDepartmentRepository(Connection& connection) : connection_(connection) {}
    domain::Result<domain::Department> Get(std::int64_t id) override;
    domain::Result<std::vector<domain::Department>> List() override;
    domain::Result<void> Insert(domain::Department& department) override;
    domain::Result<void> Update(const domain::Department& department, int expected_version) override;

private:
    Connection& connection_;
};

class PostgresSessionRepository final : public domain::SessionRepository {
public:
    explicit PostgresSessionRepository(Connection& connection) : connection_(connection) {}
    domain::Result<void> Insert(const domain::Session& session) override;
    domain::Result<domain::Session> Get(std::string_view id_digest) override;
    domain::Result<void> Touch(std::string_view id_digest, domain::Instant last_seen_at,
                               domain::Instant expires_at) override;
    domain::Result<void> Delete(std::string_view id_digest) override;
    domain::Result<void> DeleteForUser(std::int64_t user_id) override;
    domain::Result<std::int64_t> DeleteExpired(domain::Instant now) override;

private:
    Connection& connection_;
};

class PostgresApiTokenRepository final : public domain::ApiTokenRepository {
public:
    explicit PostgresApiTokenRepository(Connection& connection) : connection_(connection) {}
    domain::Result<void> Insert(domain::ApiToken& token) override;
    domain::Result<domain::ApiToken> GetByDigest(std::string_view digest) override;
    domain::Result<std::vector<domain::ApiToken>> ListForUser(std::int64_t user_id) override;
    domain::Result<void> Revoke(std::int64_t token_id) override;

private:
    Connection& connection_;
};

}  // namespace kesu::storage::postgres
