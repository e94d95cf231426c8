// kesu: the composition root. Parses the command line (flags, KESU_* environment variables, an optional
// config file) and runs one command.

#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "app/build_info.hpp"
#include "app/commands.hpp"
#include "http/client_address.hpp"

namespace {

// The database options, on the program (before the command, or top-level keys of the config file) and on every
// command (after it, or keys of its config section).
void AddDatabaseOptions(CLI::App& app, kesu::app::Settings& settings) {
    app.add_option("--db", settings.database_url,
                   "PostgreSQL instead of SQLite under --data: postgres://user@host:5432/kesu. Several nodes may share "
                   "it (each needs the same KESU_PII_KEY and the same --data attachments); failover: "
                   "postgres://h1,h2/kesu?target_session_attrs=read-write")
        ->envname("KESU_DB");
    app.add_option("--db-pool-size", settings.database_pool_size, "PostgreSQL read connections per node")
        ->envname("KESU_DB_POOL_SIZE")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
}

void AddStorageOptions(CLI::App& command, kesu::app::Settings& settings) {
    command.add_option("--data", settings.data_directory, "Directory holding the database, keys and attachments")
        ->envname("KESU_DATA")
        ->capture_default_str();
    AddDatabaseOptions(command, settings);
    command
        .add_option("--pii-key", settings.pii_key,
                    "Key of the personal data, base64 of 32 bytes (default: DATA/keys/pii.key, created on first "
                    "start). Give it through KESU_PII_KEY or the config file: a command line is visible to every "
                    "local user")
        ->envname("KESU_PII_KEY");
    command.add_option("--sql-slow-ms", settings.sql_slow_ms, "Log SQLite statements slower than this (0: none)")
        ->envname("KESU_SQL_SLOW_MS")
        ->check(CLI::Range(0, 3600000))
        ->capture_default_str();
}

}  // namespace

// jemalloc's settings (kesu is linked with it, src/CMakeLists.txt): two arenas for two cores (each thread also keeps
// a small cache of its own), and freed pages handed back to the system within a second rather than ten, which keeps
// the 1 M benchmark's peak under 300 MB (docs/performance.md). Read by jemalloc at start; unused without it.
extern "C" {
const char* malloc_conf = "narenas:2,dirty_decay_ms:1000,muzzy_decay_ms:0";
}

int main(int argc, char** argv) {
    // Everything kesu creates (the database and its log, backups, keys, attachments, their directories) is for
    // its own user only: files 0600, directories 0700.
    ::umask(0077);
    kesu::app::Settings settings;
    CLI::App app{"kesu (客诉) — complaint handling"};
    app.set_config("--config", "", "Read settings from this TOML/INI file (keys as the long flags)");
    // At most one command; a missing one is reported after parsing, and an unknown one is named (CLI11 would only say
    // that one is required).
    app.require_subcommand(0, 1);
    app.failure_message([](const CLI::App*, const CLI::Error& e) {
        return "kesu: " + std::string(e.what()) +
               "\n(kesu --help lists the commands, kesu COMMAND --help the options)\n";
    });
    AddDatabaseOptions(app, settings);

    CLI::App* serve = app.add_subcommand("serve", "Run the HTTP API and web UI");
    AddStorageOptions(*serve, settings);
    serve->add_option("--port", settings.port, "TCP port")
        ->envname("KESU_PORT")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    serve->add_option("--listen", settings.listen_address, "Address to listen on")
        ->envname("KESU_LISTEN")
        ->capture_default_str();
    serve
        ->add_option("--web-root", settings.web_root,
                     "Directory of the built web UI (default: PREFIX/share/kesu/web beside PREFIX/bin/kesu, else "
                     "web/dist)")
        ->envname("KESU_WEB_ROOT");
    serve->add_option("--io-threads", settings.io_threads, "Network threads")
        ->envname("KESU_IO_THREADS")
        ->check(CLI::Range(1, 64));
    serve->add_option("--workers", settings.worker_threads, "Request handler threads")
        ->envname("KESU_WORKERS")
        ->check(CLI::Range(1, 1024));
    serve->add_option("--log-level", settings.log_level, "trace, debug, info, warn, error")
        ->envname("KESU_LOG_LEVEL")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
    serve->add_option("--log-format", settings.log_format, "text (logfmt lines) or json (one JSON object per line)")
        ->envname("KESU_LOG_FORMAT")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    serve->add_flag("--secure-cookies", settings.secure_cookies, "Mark the session cookie Secure (behind HTTPS)")
        ->envname("KESU_SECURE_COOKIES");
    serve->add_option("--max-upload-mb", settings.max_upload_mb, "Largest attachment in MiB")
        ->envname("KESU_MAX_UPLOAD_MB")
        ->check(CLI::Range(1, 2048));
    serve
        ->add_option("--max-connections", settings.max_connections,
                     "Client connections served at once; one more is answered 503 (0: derived from the descriptor "
                     "limit, which kesu raises to its hard limit, leaving room for the database)")
        ->envname("KESU_MAX_CONNECTIONS")
        ->check(CLI::Range(0, 1000000))
        ->capture_default_str();
    serve
        ->add_option("--max-uploads", settings.max_uploads,
                     "Attachment uploads streamed at once; one more is answered 503")
        ->envname("KESU_MAX_UPLOADS")
        ->check(CLI::Range(1, 10000))
        ->capture_default_str();
    serve
        ->add_option("--admin-password", settings.admin_password,
                     "Password of the admin account created on first start")
        ->envname("KESU_ADMIN_PASSWORD");
    serve
        ->add_option("--portal-submissions-per-hour", settings.portal_submissions_per_hour,
                     "Portal submissions allowed per client address per hour")
        ->envname("KESU_PORTAL_SUBMISSIONS_PER_HOUR")
        ->check(CLI::Range(1, 1000000));
    serve
        ->add_option("--trusted-proxy", settings.trusted_proxies,
                     "Reverse proxy address or CIDR block whose forwarding header names the client (repeatable; "
                     "KESU_TRUSTED_PROXIES takes a comma-separated list). Without one the TCP peer is the client")
        ->envname("KESU_TRUSTED_PROXIES")
        ->delimiter(',')
        ->check(CLI::Validator(
            [](std::string& entry) {
                auto parsed = kesu::http::TrustedProxies::Parse({entry}, kesu::http::ForwardingHeader::kXForwardedFor);
                if (parsed) return std::string();
                const auto& error = parsed.error();
                return error.fields.empty() ? error.message : error.fields.front().reason;
            },
            "ADDRESS|CIDR"));
    serve
        ->add_option("--forwarded-header", settings.forwarded_header,
                     "The header the trusted proxies write: x-forwarded-for or forwarded (RFC 7239)")
        ->envname("KESU_FORWARDED_HEADER")
        ->check(CLI::IsMember({"x-forwarded-for", "forwarded"}))
        ->capture_default_str();

    CLI::App* migrate = app.add_subcommand("migrate", "Create or upgrade the database schema");
    AddStorageOptions(*migrate, settings);

    CLI::App* user = app.add_subcommand("user", "Manage staff accounts");
    user->require_subcommand(0, 1);
    CLI::App* user_create = user->add_subcommand("create", "Create a staff account");
    AddStorageOptions(*user_create, settings);
    kesu::app::UserSpec spec;
    user_create->add_option("--username", spec.username, "Login name (lower-case letters, digits, . _ -)")->required();
    // Exactly one source of the password; the two that keep it off the command line come first.
    CLI::Option_group* password = user_create->add_option_group("password", "The password (one of these)");
    password->add_option("--password-file", spec.password_file, "Read it from this file (one line)");
    password->add_flag("--password-stdin", spec.password_stdin, "Read it from standard input (one line)");
    password->add_option("--password", spec.password,
                         "The password itself, at least 10 characters (it stays in the shell's history and is "
                         "visible to other users while kesu runs)");
    password->require_option(1);
    user_create->add_option("--role", spec.role, "agent, specialist, manager, department, leader, auditor or admin")
        ->required();
    user_create->add_option("--display-name", spec.display_name, "Name shown to colleagues");
    user_create->add_option("--department", spec.department, "Department name (created when new)");

    CLI::App* audit = app.add_subcommand("audit", "Audit trail tools");
    audit->require_subcommand(0, 1);
    CLI::App* audit_verify = audit->add_subcommand("verify", "Check the hash chain and name the first broken link");
    AddStorageOptions(*audit_verify, settings);

    CLI::App* backup = app.add_subcommand("backup", "Write a consistent copy of the database (safe while serving)");
    AddStorageOptions(*backup, settings);
    std::string backup_target;
    backup->add_option("--to", backup_target, "New file to write")->required();

    app.add_subcommand("version", "Print the version");
    const kesu::app::BuildInfo build = kesu::app::CurrentBuild();
    const std::string version = "kesu " + std::string(build.version) + " (commit " + std::string(build.commit) + ")";
    app.set_version_flag("--version", version);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version end here with status 0; a usage error (an unknown command or option, a bad or missing
        // value) is reported with what was wrong and ends with status 2, as other command-line tools do.
        return app.exit(e) == 0 ? 0 : 2;
    }
    if (app.get_subcommands().empty() || (user->parsed() && !user_create->parsed()) ||
        (audit->parsed() && !audit_verify->parsed())) {
        std::fprintf(stderr,
                     "kesu: a command is required: serve, migrate, user create, audit verify, backup or version\n"
                     "(kesu --help lists them)\n");
        return 2;
    }

    if (serve->parsed()) return kesu::app::Serve(settings);
    if (migrate->parsed()) return kesu::app::Migrate(settings);
    if (user_create->parsed()) return kesu::app::CreateUserCommand(settings, spec);
    if (audit_verify->parsed()) return kesu::app::VerifyAudit(settings);
    if (backup->parsed()) return kesu::app::Backup(settings, backup_target);
    std::printf("%s\n", version.c_str());
    return 0;
}
