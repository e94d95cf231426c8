// The hash-chained audit trail in PostgreSQL. Append reads the chain head and links to it. Requires: it runs in a
// transaction holding PostgresDatabase's write lock (every Write does), so appends from all nodes are strictly
// sequential and the chain never forks.
#pragma once

#include "domain/audit_event.hpp"
#include "domain/audit_repository.hpp"
#include "storage/postgres/postgres_connection.hpp"

namespace kesu::storage::postgres {

class PostgresAuditRepository final : public domain::AuditRepository {
public:
    PostgresAuditRepository(Connection& connection, const domain::AuditHasher& hasher)
        : connection_(connection), hasher_(hasher) {}

    domain::Result<void> Append(domain::AuditEvent& event) override;
    domain::Result<std::vector<domain::AuditEvent>> ListForComplaint(std::int64_t complaint_id) override;
    domain::Result<std::vector<domain::AuditEvent>> ListAfter(std::int64_t after_seq, int limit) override;
    domain::Result<std::vector<domain::AuditEvent>> Search(std::optional<std::int64_t> actor_id,
                                                           std::optional<std::int64_t> before_seq, int limit) override;

private:
    static domain::Result<std::vector<domain::AuditEvent>> Collect(domain::Result<QueryResult> rows);

    Connection& connection_;
    const domain::AuditHasher& hasher_;
};

}  // namespace kesu::storage::postgres
