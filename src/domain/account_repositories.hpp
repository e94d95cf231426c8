// Ports for users, departments, sessions and API tokens. Sessions and tokens live in the database so any
// kesu node can serve any request.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/account.hpp"
#include "domain/error.hpp"

namespace kesu::domain {

class UserRepository {
public:
    virtual ~UserRepository() = default;
    virtual Result<User> Get(std::int64_t id) = 0;
    virtual Result<User> GetByUsername(std::string_view username) = 0;
    virtual Result<std::vector<User>> List() = 0;
    virtual Result<void> Insert(User& user) = 0;  // kConflict when the username is taken
    virtual Result<void> Update(const User& user, int expected_version) = 0;
    virtual Result<std::int64_t> Count() = 0;
};

class DepartmentRepository {
public:
    virtual ~DepartmentRepository() = default;
    virtual Result<Department> Get(std::int64_t id) = 0;
    virtual Result<std::vector<Department>> List() = 0;
    virtual Result<void> Insert(Department& department) = 0;  // kConflict when the name is taken
    virtual Result<void> Update(const Department& department, int expected_version) = 0;
};

class SessionRepository {
public:
    virtual ~SessionRepository() = default;
    virtual Result<void> Insert(const Session& session) = 0;
    virtual Result<Session> Get(std::string_view id_digest) = 0;
    virtual Result<void> Touch(std::string_view id_digest, Instant last_seen_at, Instant expires_at) = 0;
    virtual Result<void> Delete(std::string_view id_digest) = 0;
    virtual Result<void> DeleteForUser(std::int64_t user_id) = 0;
    virtual Result<std::int64_t> DeleteExpired(Instant now) = 0;
};

class ApiTokenRepository {
public:
    virtual ~ApiTokenRepository() = default;
    virtual Result<void> Insert(ApiToken& token) = 0;
    virtual Result<ApiToken> GetByDigest(std::string_view digest) = 0;
    virtual Result<std::vector<ApiToken>> ListForUser(std::int64_t user_id) = 0;
    virtual Result<void> Revoke(std::int64_t token_id) = 0;
};

}  // namespace kesu::domain
