// The hash-chained audit trail in SQLite. Append reads the chain head and links to it; because all writes go
// through the single writer connection, the chain is strictly sequential.
#pragma once

#include "domain/audit_event.hpp"
#include "domain/audit_repository.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace kesu::storage::sqlite {

class SqliteAuditRepository final : public domain::AuditRepository {
public:
    SqliteAuditRepository(Connection& connection, const domain::AuditHasher& hasher)
        : connection_(connection), hasher_(hasher) {}

    domain::Result<void> Append(domain::AuditEvent& event) override;
    domain::Result<std::vector<domain::AuditEvent>> ListForComplaint(std::int64_t complaint_id) override;
    domain::Result<std::vector<domain::AuditEvent>> ListAfter(std::int64_t after_seq, int limit) override;
    domain::Result<std::vector<domain::AuditEvent>> Search(std::optional<std::int64_t> actor_id,
                                                           std::optional<std::int64_t> before_seq, int limit) override;

private:
    domain::Result<std::vector<domain::AuditEvent>> Collect(Statement& statement);

    Connection& connection_;
    const domain::AuditHasher& hasher_;
};

}  // namespace kesu::storage::sqlite
