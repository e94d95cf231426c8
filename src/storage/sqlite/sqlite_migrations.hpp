// Versioned schema migrations for SQLite, applied in order on start and by `kesu migrate`. Each migration runs
// in its own transaction and is recorded in schema_migrations; the SQL lives beside this file in migrations/.
#pragma once

#include <string>
#include <vector>

#include "domain/error.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace kesu::storage::sqlite {

struct Migration {
    int version;
    std::string name;
    std::string sql;
};

const std::vector<Migration>& SqliteMigrations();  // generated from migrations/*.sql at build time

struct MigrationReport {
    int from_version = 0;
    int to_version = 0;
};

domain::Result<MigrationReport> ApplyMigrations(Connection& connection);

}  // namespace kesu::storage::sqlite
