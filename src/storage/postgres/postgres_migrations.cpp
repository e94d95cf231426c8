#include "storage/postgres/postgres_migrations.hpp"

namespace kesu::storage::postgres {

namespace {

// Advisory lock class for migrations (the second key is the database's lock key).
constexpr int kMigrationLockClass = 0x6b657375;  // "kesu"

domain::Result<int> ReadVersion(Connection& connection) {
    return FirstRow<int>(connection.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"),
                         [](const Row& row) { return static_cast<int>(row.Int(0)); }, "no version");
}

}  // namespace

domain::Result<int> CurrentSchemaVersion(Connection& connection) {
    auto exists = FirstRow<bool>(connection.Query("SELECT to_regclass('schema_migrations') IS NOT NULL"),
                                 [](const Row& row) { return row.Bool(0); }, "no answer");
    if (!exists) return std::unexpected(exists.error());
    if (!*exists) return 0;
    return ReadVersion(connection);
}

domain::Result<MigrationReport> ApplyMigrations(Connection& connection, std::int64_t lock_key) {
    const std::string lock_arguments = std::to_string(kMigrationLockClass) + ", " + std::to_string(lock_key);
    if (auto locked = connection.Exec("SELECT pg_advisory_lock(" + lock_arguments + ")"); !locked)
        return std::unexpected(locked.error());
    auto migrate = [&]() -> domain::Result<MigrationReport> {
        if (auto created = connection.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
                                           "name text NOT NULL, applied_at bigint NOT NULL)");
            !created)
            return std::unexpected(created.error());
        auto current = ReadVersion(connection);
        if (!current) return std::unexpected(current.error());
        MigrationReport report{*current, *current};
        for (const Migration& migration : PostgresMigrations()) {
            if (migration.version <= report.from_version) continue;
            auto applied = connection.Exec("BEGIN");
            if (applied) applied = connection.Exec(migration.sql);
            if (applied) {
                auto recorded = connection.Query(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES "
                    "(?, ?, (extract(epoch FROM now()) * 1000)::bigint)",
                    migration.version, migration.name);
                if (!recorded) applied = std::unexpected(recorded.error());
            }
            if (applied) applied = connection.Exec("COMMIT");
            if (!applied) {
                (void)connection.Exec("ROLLBACK");
                domain::Error error = applied.error();
                error.message = "migration " + std::to_string(migration.version) + " (" + migration.name +
                                ") failed: " + error.message;
                return std::unexpected(error);
            }
            report.to_version = migration.version;
        }
        return report;
    };
    auto report = migrate();
    (void)connection.Exec("SELECT pg_advisory_unlock(" + lock_arguments + ")");
    return report;
}

}  // namespace kesu::storage::postgres
