// The composition root's parts: settings gathered from flags, environment and config file, and the adapters
// built from them (clock, crypto, database). Only main.cpp and app/ see concrete adapters.
#pragma once

#include <spdlog/logger.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/pii_cipher.hpp"
#include "crypto/sha256_audit_hasher.hpp"
#include "crypto/sodium_password_hasher.hpp"
#include "crypto/sodium_token_service.hpp"
#include "domain/time.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "use_cases/context.hpp"
#include "use_cases/sla_config.hpp"

namespace kesu::app {

struct Settings {
    std::string data_directory = "./data";  // keys and attachments; the SQLite database unless database_url is set
    // postgres://… or postgresql://… (libpq URL, several hosts allowed): PostgreSQL instead of SQLite. Nodes sharing
    // one database must share the personal-data key (KESU_PII_KEY, or the same --data directory) and see the
    // same attachments (--data on storage every node can read).
    std::string database_url;
    int database_pool_size = 8;
    std::string listen_address = "127.0.0.1";
    int port = 8080;
    std::string web_root;  // empty: look for web/dist beside the binary's source tree
    int io_threads = 2;
    int worker_threads = 64;
    std::string log_level = "info";
    std::string log_format = "text";  // text (logfmt) or json (one object per line)
    bool secure_cookies = false;
    std::uint64_t max_upload_mb = 50;
    int max_connections = 0;  // client connections served at once; 0: derived from RLIMIT_NOFILE (descriptor_limit.hpp)
    int max_uploads = 16;     // uploads streamed at once
    std::optional<std::string> admin_password;  // first start only
    int portal_submissions_per_hour = 10;
    // Reverse proxies (addresses or CIDR blocks) whose forwarding header names the client; from any other peer
    // the header is ignored. forwarded_header: x-forwarded-for (nginx, HAProxy) or forwarded (RFC 7239).
    std::vector<std::string> trusted_proxies;
    std::string forwarded_header = "x-forwarded-for";
    int login_failures_before_backoff = 5;
    // The personal-data key, base64 of 32 bytes (KESU_PII_KEY); empty: <data>/keys/pii.key, created on first use.
    std::string pii_key;
    int sql_slow_ms = 0;  // SQLite statements slower than this are logged (0: none)
};

class SystemClock final : public domain::Clock {
public:
    domain::Instant Now() const override {
        return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    }
};

// Everything a command needs, built once. Thread-safety: the members are safe to share across threads.
struct Runtime {
    int SchemaVersion() const;
    // Reports the size of each commit batch (both backends group commits).
    void ObserveCommits(std::function<void(std::size_t)> observer);
    // Stops delivering complaint changes to the listeners subscribed to `changes` (before they are destroyed:
    // on PostgreSQL, other nodes' changes keep arriving).
    void StopChangeFeed();
    // Where the data lives, for messages: the SQLite file or the PostgreSQL URL without its password.
    std::string DatabaseName() const;

    Settings settings;
    std::shared_ptr<spdlog::logger> logger;
    SystemClock clock;
    crypto::SodiumPasswordHasher passwords;
    std::optional<crypto::SodiumTokenService> tokens;  // keyed from the personal-data key (access codes)
    crypto::Sha256AuditHasher audit_hasher;
    std::optional<crypto::PiiCipher> cipher;
    std::unique_ptr<domain::Database> database;
    storage::sqlite::SqliteDatabase* sqlite = nullptr;        // the same object, when on SQLite (backups)
    storage::postgres::PostgresDatabase* postgres = nullptr;  // the same object, when on PostgreSQL
    domain::ChangeFeed* changes = nullptr;                    // committed complaint changes (either backend)
    use_cases::SlaConfigCache sla_cache;
    std::optional<use_cases::Dependencies> deps;
};

// True for postgres:// and postgresql:// URLs.
bool IsPostgresUrl(std::string_view url);
// The URL with any password replaced by "***".
std::string RedactedUrl(std::string_view url);

// Opens (and migrates, unless told not to) the database: PostgreSQL at settings.database_url when it is a
// PostgreSQL URL, else SQLite in settings.data_directory.
// `serving`: background work that belongs to a running server (the SQLite search indexer) is started.
domain::Result<std::unique_ptr<Runtime>> OpenRuntime(const Settings& settings, bool apply_migrations,
                                                     bool serving = false);

}  // namespace kesu::app
