// Versioned schema migrations for PostgreSQL, applied in order on start and by `kesu migrate`. Each runs in its
// own transaction and is recorded in schema_migrations; a session advisory lock makes nodes that start together
// take turns, so only the first migrates. The SQL lives beside this file in migrations/.
#pragma once

#include <string>
#include <vector>

#include "domain/error.hpp"
#include "storage/postgres/postgres_connection.hpp"

namespace kesu::storage::postgres {

struct Migration {
    int version;
    std::string name;
    std::string sql;
};

const std::vector<Migration>& PostgresMigrations();  // generated from migrations/*.sql at build time

struct MigrationReport {
    int from_version = 0;
    int to_version = 0;
};

// Requires: `lock_key` identifies this database (and schema); `connection` is outside any transaction.
domain::Result<MigrationReport> ApplyMigrations(Connection& connection, std::int64_t lock_key);
// The version migrations brought the schema to (0 when never migrated).
domain::Result<int> CurrentSchemaVersion(Connection& connection);

}  // namespace kesu::storage::postgres
