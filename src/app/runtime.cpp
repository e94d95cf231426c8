#include "app/runtime.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "logging/log_format.hpp"

namespace kesu::app {

namespace {

// Every node of one PostgreSQL database must seal personal data with the same key, or what one node wrote
// another cannot read: the first node records a check value of its key, the others compare.
domain::Result<void> CheckSharedKey(domain::Database& database, const crypto::PiiCipher& cipher) {
    constexpr const char* kKeyCheck = "pii.key_check";
    const std::string mine = cipher.BlindIndex("key-check", "kesu");
    return database.Write([&](domain::Transaction& tx) -> domain::Result<void> {
        auto stored = tx.Settings().Get(kKeyCheck);
        if (!stored) return std::unexpected(stored.error());
        if (!*stored) return tx.Settings().Put(kKeyCheck, mine);
        if (**stored == mine) return {};
        return domain::Fail(domain::ErrorCode::kInvalidArgument,
                            "this node's personal-data key is not the one the database was written with: give every "
                            "node the same key (KESU_PII_KEY, or the keys/pii.key of a shared --data directory)");
    });
}

// A data directory made by an older kesu (or by hand) may be readable by others: the directory becomes 0700 and
// the database files 0600 (SQLite gives its log the database file's mode). New files are 0600 anyway (main.cpp).
void ProtectDataDirectory(const std::string& directory) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::permissions(directory, fs::perms::owner_all, fs::perm_options::replace, ec);
    for (const char* name :
         {"kesu.db", "kesu.db-wal", "kesu.db-shm", "kesu.search.db", "kesu.search.db-wal", "kesu.search.db-shm"}) {
        fs::path file = fs::path(directory) / name;
        if (fs::exists(file, ec))
            fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
    }
}

}  // namespace

bool IsPostgresUrl(std::string_view url) { return url.starts_with("postgres://") || url.starts_with("postgresql://"); }

std::string RedactedUrl(std::string_view url) {
    std::size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) return std::string(url);
    std::size_t at = url.find('@', scheme + 3);
    std::size_t slash = url.find('/', scheme + 3);
    if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at)) return std::string(url);
    std::size_t colon = url.find(':', scheme + 3);
    if (colon == std::string_view::npos || colon > at) return std::string(url);
    return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

int Runtime::SchemaVersion() const { return postgres ? postgres->SchemaVersion() : sqlite->SchemaVersion(); }

void Runtime::ObserveCommits(std::function<void(std::size_t)> observer) {
    if (postgres) postgres->SetCommitObserver(std::move(observer));
    else sqlite->SetCommitObserver(std::move(observer));
}

void Runtime::StopChangeFeed() {
    if (postgres) postgres->StopChangeFeed();
}

std::string Runtime::DatabaseName() const {
    return postgres ? RedactedUrl(settings.database_url) : settings.data_directory + "/kesu.db";
}

domain::Result<std::unique_ptr<Runtime>> OpenRuntime(const Settings& settings, bool apply_migrations, bool serving) {
    auto runtime = std::make_unique<Runtime>();
    runtime->settings = settings;
    runtime->logger = logging::MakeLogger(logging::ParseFormat(settings.log_format).value_or(logging::Format::kText),
                                          spdlog::level::from_str(settings.log_level));

    std::error_code ec;
    std::filesystem::create_directories(settings.data_directory, ec);
    if (ec) return domain::Fail(domain::ErrorCode::kUnavailable, "cannot create " + settings.data_directory + ": " + ec.message());
    ProtectDataDirectory(settings.data_directory);

    if (!settings.pii_key.empty()) {
        auto cipher = crypto::PiiCipher::FromBase64(settings.pii_key);
        if (!cipher) return std::unexpected(cipher.error());
        runtime->cipher.emplace(std::move(*cipher));
    } else {
        auto cipher = crypto::PiiCipher::FromKeyFile(settings.data_directory + "/keys/pii.key");
        if (!cipher) return std::unexpected(cipher.error());
        runtime->cipher.emplace(std::move(*cipher));
    }

    // Access codes are derived and digested with a key every node of one database shares, like personal data.
    runtime->tokens.emplace(runtime->cipher->DeriveKey("kesu access codes"));

    if (IsPostgresUrl(settings.database_url)) {
        storage::postgres::PostgresOptions options;
        options.url = settings.database_url;
        options.pool_size = settings.database_pool_size;
        options.apply_migrations = apply_migrations;
        auto database = storage::postgres::PostgresDatabase::Open(options, *runtime->cipher, runtime->audit_hasher);
        if (!database) return std::unexpected(database.error());
        runtime->postgres = database->get();
        runtime->changes = database->get();
        runtime->database = std::move(*database);
        if (runtime->postgres->SchemaVersion() > 0) {
            if (auto same_key = CheckSharedKey(*runtime->database, *runtime->cipher); !same_key)
                return std::unexpected(same_key.error());
        }
    } else if (!settings.database_url.empty()) {
        return domain::Fail(domain::ErrorCode::kInvalidArgument,
                            "--db must be a postgres:// or postgresql:// URL (leave it out for SQLite under --data)");
    } else {
        storage::sqlite::SqliteOptions options;
        options.path = settings.data_directory + "/kesu.db";
        options.apply_migrations = apply_migrations;
        options.search_indexer = serving;
        options.logger = runtime->logger;
        options.slow_statement = std::chrono::milliseconds{settings.sql_slow_ms};
        auto database = storage::sqlite::SqliteDatabase::Open(options, *runtime->cipher, runtime->audit_hasher);
        if (!database) return std::unexpected(database.error());
        runtime->sqlite = database->get();
        runtime->changes = database->get();
        runtime->database = std::move(*database);
    }

    use_cases::Limits limits;
    limits.portal_submissions_per_hour = settings.portal_submissions_per_hour;
    limits.login_failures_before_backoff = settings.login_failures_before_backoff;
    runtime->deps.emplace(use_cases::Dependencies{*runtime->database, runtime->clock, runtime->passwords,
                                                  *runtime->tokens, runtime->sla_cache, limits});
    return runtime;
}

}  // namespace kesu::app
