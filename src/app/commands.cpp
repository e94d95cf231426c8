#include "app/commands.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <thread>
#include <vector>

#include "app/descriptor_limit.hpp"
#include "app/process_metrics.hpp"
#include "http/api.hpp"
#include "http/metrics.hpp"
#include "http/server.hpp"
#include "jobs/scheduler.hpp"
#include "logging/log_format.hpp"
#include "storage/files/file_store.hpp"
#include "use_cases/audit_trail.hpp"
#include "use_cases/manage_catalog.hpp"
#include "use_cases/manage_users.hpp"
#include "use_cases/seed_defaults.hpp"

namespace kesu::app {

namespace {

void PrintError(const std::string& what, const domain::Error& error) {
    std::fprintf(stderr, "kesu: %s: %s\n", what.c_str(), error.message.c_str());
    for (const auto& field : error.fields) std::fprintf(stderr, "  %s: %s\n", field.field.c_str(), field.reason.c_str());
}

// --web-root; else the UI installed beside the binary (PREFIX/bin/kesu and PREFIX/share/kesu/web, as `cmake --install`
// and the .deb lay them out); else web/dist of a source tree kesu is run from.
std::string FindWebRoot(const Settings& settings) {
    if (!settings.web_root.empty()) return settings.web_root;
    std::error_code ec;
    std::filesystem::path binary = std::filesystem::read_symlink("/proc/self/exe", ec);
    std::vector<std::filesystem::path> candidates;
    if (!ec) candidates.push_back(binary.parent_path().parent_path() / "share/kesu/web");
    for (const char* relative : {"web/dist", "../web/dist", "../../web/dist"}) candidates.emplace_back(relative);
    for (const auto& candidate : candidates)
        if (std::filesystem::exists(candidate / "index.html", ec))
            return std::filesystem::canonical(candidate, ec).string();
    return {};
}

use_cases::RequestContext CliContext() { return {use_cases::SystemActor(), "cli", "local"}; }

// The password of `user create`: given, or the one line of a file or of standard input (its line end dropped).
std::optional<std::string> ReadPassword(const UserSpec& spec) {
    if (spec.password_file.empty() && !spec.password_stdin) return spec.password;
    std::string text;
    if (spec.password_stdin) {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        std::ifstream in(spec.password_file, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "kesu: --password-file: cannot read %s\n", spec.password_file.c_str());
            return std::nullopt;
        }
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const char* source = spec.password_stdin ? "standard input" : spec.password_file.c_str();
    if (text.ends_with('\n')) text.pop_back();
    if (text.ends_with('\r')) text.pop_back();
    if (text.empty() || text.find_first_of("\r\n") != std::string::npos) {
        std::fprintf(stderr, "kesu: the password must be one non-empty line of %s\n", source);
        return std::nullopt;
    }
    return text;
}

}  // namespace

int Serve(const Settings& settings) {
    // Signals are taken by one thread with sigwait, so they must be blocked before any other thread starts.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    const std::uint64_t descriptor_limit = RaiseDescriptorLimit();

    auto trusted_proxies = http::TrustedProxies::Parse(
        settings.trusted_proxies,
        settings.forwarded_header == "forwarded" ? http::ForwardingHeader::kForwarded : http::ForwardingHeader::kXForwardedFor);
    if (!trusted_proxies) {  // each entry was checked as the command line was read (src/main.cpp)
        PrintError("--trusted-proxy", trusted_proxies.error());
        return 2;
    }

    auto runtime = OpenRuntime(settings, true, true);
    if (!runtime) {
        PrintError("cannot open the database", runtime.error());
        return 1;
    }
    Runtime& rt = **runtime;
    auto seeded = use_cases::SeedDefaults(*rt.deps, settings.admin_password);
    if (!seeded) {
        PrintError("cannot prepare the database", seeded.error());
        return 1;
    }

    http::Metrics metrics;
    rt.ObserveCommits([&metrics](std::size_t batch) { metrics.ObserveCommit(batch); });
    metrics.AddSource(ProcessMetricsText);
    metrics.AddSource([] { return BuildInfoMetricText(CurrentBuild()); });
    if (rt.sqlite) {
        storage::sqlite::SqliteDatabase* sqlite = rt.sqlite;
        metrics.AddGauge("kesu_search_index_backlog", "Committed changes not yet in the full-text index.",
                         [sqlite] { return static_cast<double>(sqlite->SearchBacklog()); });
        metrics.AddGauge("kesu_search_index_rebuild_remaining", "Complaints a rebuild of the full-text index has still to add.",
                         [sqlite] { return static_cast<double>(sqlite->SearchRebuildRemaining()); });
        metrics.AddGauge("kesu_search_wait_timeouts",
                         "Searches since the start whose wait for the full-text index timed out (answered marked "
                         "incomplete).",
                         [sqlite] { return static_cast<double>(sqlite->SearchWaitTimeouts()); });
    }
    domain::Database* database = rt.database.get();
    metrics.AddGauge("kesu_write_path_refusing",
                     "1 while every write is refused until kesu restarts (a failed log sync; /healthz names the "
                     "reason), else 0.",
                     [database] { return database->WriteRefusal().empty() ? 0.0 : 1.0; });
    storage::files::FileStore files(settings.data_directory + "/attachments");
    http::ApiOptions api_options;
    api_options.web_root = FindWebRoot(settings);
    api_options.secure_cookies = settings.secure_cookies;
    api_options.max_upload_bytes = settings.max_upload_mb << 20;
    http::Api api(*rt.deps, files, metrics, rt.audit_hasher, rt.logger, api_options, rt.changes);

    http::ServerOptions server_options;
    server_options.address = settings.listen_address;
    server_options.port = static_cast<std::uint16_t>(settings.port);
    server_options.io_threads = settings.io_threads;
    server_options.worker_threads = settings.worker_threads;
    server_options.max_upload_bytes = api_options.max_upload_bytes;
    server_options.upload_directory = files.StagingDirectory();
    server_options.max_connections = settings.max_connections > 0
                                         ? settings.max_connections
                                         : DefaultMaxConnections(descriptor_limit, settings.worker_threads);
    server_options.max_uploads = settings.max_uploads;
    server_options.trusted_proxies = std::move(*trusted_proxies);
    server_options.report_error = [logger = rt.logger](const std::string& message) {
        logger->error("server error={}", logging::Quote(message));
    };
    http::Server server(server_options, api);
    metrics.AddSource([&server, limits = server_options] {
        http::ServerStats stats = server.Stats();
        auto family = [](const char* name, const char* type, const char* help, std::int64_t value) {
            return std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " +
                   std::to_string(value) + "\n";
        };
        return family("kesu_http_connections", "gauge", "Client connections open (WebSockets included).",
                      stats.connections) +
               family("kesu_http_connections_limit", "gauge", "Connections served at once (--max-connections).",
                      limits.max_connections) +
               family("kesu_http_connections_refused_total", "counter",
                      "Connections answered 503 because --max-connections were open.", stats.connections_refused) +
               family("kesu_http_uploads", "gauge", "Uploads being admitted or streamed.", stats.uploads) +
               family("kesu_http_uploads_limit", "gauge", "Uploads streamed at once (--max-uploads).",
                      limits.max_uploads) +
               family("kesu_http_uploads_refused_total", "counter",
                      "Uploads answered 503 because --max-uploads were in progress.", stats.uploads_refused);
    });
    std::string error;
    if (!server.Listen(error)) {
        std::fprintf(stderr, "kesu: %s\n", error.c_str());
        return 1;
    }
    std::string url = "http://" + settings.listen_address + ":" + std::to_string(server.BoundPort()) + "/";
    if (settings.admin_password && !seeded->admin_password) {
        std::fprintf(stderr, "kesu: --admin-password ignored: accounts exist already (it only sets the first "
                             "administrator's password)\n");
    }
    if (seeded->admin_password) {
        std::printf("kesu: created the administrator account.\n"
                    "      Sign in at %s as user 'admin' with password '%s' and change it afterwards.\n",
                    url.c_str(), seeded->admin_password->c_str());
    }
    std::printf("kesu %s listening on %s (database %s, files in %s, web UI %s)\n", KESU_VERSION, url.c_str(),
                rt.DatabaseName().c_str(), settings.data_directory.c_str(),
                api_options.web_root.empty() ? "not built" : api_options.web_root.c_str());
    std::fflush(stdout);
    rt.logger->info("serving url={} schema_version={} max_connections={} descriptor_limit={}", logging::Quote(url),
                    rt.SchemaVersion(), server_options.max_connections, descriptor_limit);

    char host[256] = "kesu";
    ::gethostname(host, sizeof host - 1);
    jobs::Scheduler scheduler(*rt.deps, std::string(host) + ":" + std::to_string(::getpid()) + ":" + rt.tokens->NewSecret(4),
                              rt.logger);
    scheduler.Start();

    std::thread signal_waiter([&] {
        int received = 0;
        sigwait(&signals, &received);
        rt.logger->info("stopping signal={}", received);
        server.Stop();
    });
    server.Run();
    scheduler.Stop();
    rt.StopChangeFeed();  // the Api's live hub goes away first
    pthread_kill(signal_waiter.native_handle(), SIGTERM);  // wakes the waiter if Run ended another way
    signal_waiter.join();
    return 0;
}

int Migrate(const Settings& settings) {
    auto runtime = OpenRuntime(settings, true);
    if (!runtime) {
        PrintError("migration failed", runtime.error());
        return 1;
    }
    std::printf("kesu: database %s is at schema version %d\n", (*runtime)->DatabaseName().c_str(),
                (*runtime)->SchemaVersion());
    return 0;
}

int CreateUserCommand(const Settings& settings, const UserSpec& spec) {
    std::optional<std::string> password = ReadPassword(spec);
    if (!password) return 2;
    auto runtime = OpenRuntime(settings, true);
    if (!runtime) {
        PrintError("cannot open the database", runtime.error());
        return 1;
    }
    Runtime& rt = **runtime;
    if (auto seeded = use_cases::SeedDefaults(*rt.deps, std::nullopt, false); !seeded) {
        PrintError("cannot prepare the database", seeded.error());
        return 1;
    }
    auto role = domain::ParseRole(spec.role);
    if (!role || *role == domain::Role::kCustomer) {
        std::fprintf(stderr, "kesu: --role must be one of agent, specialist, manager, department, leader, auditor, admin\n");
        return 2;
    }
    use_cases::NewUser user;
    user.username = spec.username;
    user.password = *password;
    user.role = *role;
    user.display_name = spec.display_name.empty() ? spec.username : spec.display_name;
    if (!spec.department.empty()) {
        auto departments = use_cases::ListDepartments(*rt.deps, CliContext());
        if (!departments) {
            PrintError("cannot read departments", departments.error());
            return 1;
        }
        for (const auto& department : *departments)
            if (department.name == spec.department) user.department_id = department.id;
        if (!user.department_id) {
            auto created = use_cases::CreateDepartment(*rt.deps, CliContext(), spec.department, std::nullopt);
            if (!created) {
                PrintError("cannot create the department", created.error());
                return 1;
            }
            user.department_id = created->id;
        }
    }
    auto created = use_cases::CreateUser(*rt.deps, CliContext(), user);
    if (!created) {
        PrintError("cannot create the user", created.error());
        return 1;
    }
    std::printf("kesu: created user %s (id %lld, role %s)\n", created->username.c_str(),
                static_cast<long long>(created->id), spec.role.c_str());
    return 0;
}

int VerifyAudit(const Settings& settings) {
    auto runtime = OpenRuntime(settings, false);
    if (!runtime) {
        PrintError("cannot open the database", runtime.error());
        return 1;
    }
    auto report = use_cases::VerifyAuditChain(*(*runtime)->database, (*runtime)->audit_hasher);
    if (!report) {
        PrintError("cannot read the audit trail", report.error());
        return 1;
    }
    if (report->Intact()) {
        std::printf("audit trail intact: %lld events, head hash %s\n", static_cast<long long>(report->events_checked),
                    report->head_hash.c_str());
        return 0;
    }
    std::printf("audit trail BROKEN at event %lld: %s (%lld events before it are intact)\n",
                static_cast<long long>(*report->first_broken_seq), report->problem.c_str(),
                static_cast<long long>(report->events_checked));
    return 3;
}

int Backup(const Settings& settings, const std::string& target) {
    if (IsPostgresUrl(settings.database_url)) {
        std::fprintf(stderr,
                     "kesu: backup copies the SQLite database; on PostgreSQL use the database's own tools, e.g.\n"
                     "  pg_dump --format=custom --file=kesu.dump '%s'\n"
                     "  (or continuous archiving / pg_basebackup), and copy %s/keys and %s/attachments too\n",
                     RedactedUrl(settings.database_url).c_str(), settings.data_directory.c_str(),
                     settings.data_directory.c_str());
        return 2;
    }
    auto runtime = OpenRuntime(settings, false);
    if (!runtime) {
        PrintError("cannot open the database", runtime.error());
        return 1;
    }
    std::error_code ec;
    if (std::filesystem::exists(target, ec)) {
        std::fprintf(stderr, "kesu: %s exists; choose a new file\n", target.c_str());
        return 2;
    }
    // The copy holds everything the database does: created for kesu's user alone before anything is written to it.
    int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        std::fprintf(stderr, "kesu: cannot create %s: %s\n", target.c_str(), std::strerror(errno));
        return 1;
    }
    ::close(fd);
    if (auto done = (*runtime)->sqlite->BackupTo(target); !done) {
        PrintError("backup failed", done.error());
        return 1;
    }
    std::printf("kesu: backed up the database to %s (copy %s/keys and %s/attachments too)\n", target.c_str(),
                settings.data_directory.c_str(), settings.data_directory.c_str());
    return 0;
}

}  // namespace kesu::app
