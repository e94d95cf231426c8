#include "storage/sqlite/sqlite_migrations.hpp"

namespace kesu::storage::sqlite {

domain::Result<MigrationReport> ApplyMigrations(Connection& connection) {
    if (auto created = connection.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                                       "name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        !created)
        return std::unexpected(created.error());
    MigrationReport report;
    {  // reset before the migrations run: an active statement keeps tables from being dropped
        auto current = connection.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        if (!current) return std::unexpected(current.error());
        if (auto row = current->Step(); !row) return std::unexpected(row.error());
        report.from_version = static_cast<int>(current->Int(0));
    }
    report.to_version = report.from_version;
    for (const Migration& migration : SqliteMigrations()) {
        if (migration.version <= report.from_version) continue;
        if (auto begun = connection.Exec("BEGIN IMMEDIATE"); !begun) return std::unexpected(begun.error());
        auto applied = connection.Exec(migration.sql);
        if (applied) {
            auto record = connection.Prepare(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, "
                "CAST(strftime('%s','now') AS INTEGER) * 1000)");
            if (!record) {
                applied = std::unexpected(record.error());
            } else {
                applied = record->Bind(migration.version, migration.name).Run();
            }
        }
        if (!applied) {
            (void)connection.Exec("ROLLBACK");
            domain::Error error = applied.error();
            error.message = "migration " + std::to_string(migration.version) + " (" + migration.name +
                            ") failed: " + error.message;
            return std::unexpected(error);
        }
        if (auto committed = connection.Exec("COMMIT"); !committed) return std::unexpected(committed.error());
        report.to_version = migration.version;
    }
    return report;
}

}  // namespace kesu::storage::sqlite
