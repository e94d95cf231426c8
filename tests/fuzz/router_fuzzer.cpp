// The whole request pipeline behind the socket: ParseTarget as the server runs it, then the router (routes, 404
// and 405, authentication, every handler, the web UI's static files) over a real SQLite database in a temporary
// directory, signed in with an admin API token when the input asks for it. Promises: no request throws past the
// router or answers 500, every error is a problem document, and a static file served lies inside the web root.
//
// Input: "METHOD TARGET\n" then "name: value\n" headers, a blank line and the body. The header value "$TOKEN" is
// replaced by the admin's API token ("authorization: Bearer $TOKEN"); the seeds in seeds/router show the form.
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "crypto/pii_cipher.hpp"
#include "crypto/sha256_audit_hasher.hpp"
#include "crypto/sodium_password_hasher.hpp"
#include "crypto/sodium_token_service.hpp"
#include "fuzz/fuzz_check.hpp"
#include "http/api.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "use_cases/manage_users.hpp"
#include "use_cases/seed_defaults.hpp"
#include "use_cases/sla_config.hpp"

namespace {

namespace fs = std::filesystem;
using kesu::fuzz::Check;

// kesu as `serve` builds it, minus the socket. Built once per fuzzing process; the database grows as the fuzzer
// creates things, like a real one.
struct Kesu {
    Kesu() {
        directory = fs::temp_directory_path() / ("kesu-fuzz-router-" + std::to_string(::getpid()));
        fs::remove_all(directory);
        fs::create_directories(directory / "web/assets");
        std::ofstream(directory / "web/index.html") << "<!doctype html><title>kesu</title>";
        std::ofstream(directory / "web/assets/app.js") << "console.log('kesu')";
        std::ofstream(directory / "secret.txt") << "outside the web root";

        kesu::storage::sqlite::SqliteOptions options;
        options.path = (directory / "kesu.db").string();
        options.sync_log = [] { return kesu::domain::Result<void>{}; };  // durability is not under test here
        options.search_wait = std::chrono::milliseconds(2000);
        options.logger = logger;
        auto opened = kesu::storage::sqlite::SqliteDatabase::Open(options, cipher, hasher);
        Check(opened.has_value(), "the database opens");
        database = std::move(*opened);
        deps = std::make_unique<kesu::use_cases::Dependencies>(
            kesu::use_cases::Dependencies{*database, clock, passwords, tokens, sla, kesu::use_cases::Limits{}});
        Check(kesu::use_cases::SeedDefaults(*deps, std::string("Admin12345!")).has_value(), "the defaults are seeded");

        auto admin = kesu::domain::ReadValue<kesu::domain::User>(
            *database, [](kesu::domain::Transaction& tx) { return tx.Users().GetByUsername("admin"); });
        Check(admin.has_value(), "the admin exists");
        kesu::use_cases::RequestContext as_admin{kesu::domain::ActorOf(*admin), "fuzz", "127.0.0.1"};
        kesu::use_cases::NewApiToken wanted{
            "fuzz", std::nullopt,
            std::vector<kesu::domain::TokenScope>{kesu::domain::TokenScope::kRead, kesu::domain::TokenScope::kWrite,
                                                  kesu::domain::TokenScope::kRevealPii,
                                                  kesu::domain::TokenScope::kAudit, kesu::domain::TokenScope::kAdmin}};
        auto issued = kesu::use_cases::CreateApiToken(*deps, as_admin, admin->id, wanted);
        Check(issued.has_value(), "an admin token is issued");
        token = issued->secret;

        files = std::make_unique<kesu::storage::files::FileStore>((directory / "attachments").string());
        kesu::http::ApiOptions api_options;
        api_options.web_root = (directory / "web").string();
        api_options.max_upload_bytes = 1 << 20;
        web_root = fs::canonical(api_options.web_root).string();
        api = std::make_unique<kesu::http::Api>(*deps, *files, metrics, hasher, logger, api_options);
    }

    fs::path directory;
    std::string web_root;
    std::shared_ptr<spdlog::logger> logger =
        std::make_shared<spdlog::logger>("fuzz", std::make_shared<spdlog::sinks::null_sink_mt>());
    kesu::domain::FixedClock clock{*kesu::domain::ParseInstant("2026-02-13T18:30:00+08:00")};
    kesu::crypto::PiiCipher cipher{std::string(32, 'k')};
    kesu::crypto::Sha256AuditHasher hasher;
    kesu::crypto::SodiumPasswordHasher passwords;
    kesu::crypto::SodiumTokenService tokens;
    kesu::use_cases::SlaConfigCache sla;
    std::unique_ptr<kesu::storage::sqlite::SqliteDatabase> database;
    std::unique_ptr<kesu::use_cases::Dependencies> deps;
    std::unique_ptr<kesu::storage::files::FileStore> files;
    kesu::http::Metrics metrics;
    std::unique_ptr<kesu::http::Api> api;
    std::string token;
};

Kesu& TheKesu() {
    static Kesu* kesu = new Kesu();  // never destroyed: libFuzzer exits without unwinding
    return *kesu;
}

std::string_view NextLine(std::string_view& text) {
    auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    return line;
}

std::string LowerCase(std::string_view text) {
    std::string lower(text);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lower;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 64 * 1024) return -1;
    Kesu& kesu = TheKesu();
    std::string_view input = kesu::fuzz::AsText(data, size);

    std::string_view request_line = NextLine(input);
    auto space = request_line.find(' ');
    if (space == std::string_view::npos || space == 0) return 0;
    kesu::http::Request request;
    request.method = std::string(request_line.substr(0, space));
    request.target = std::string(request_line.substr(space + 1));
    // The server answers 400 before any handler when the target does not parse (server.cpp).
    auto target = kesu::http::ParseTarget(request.target);
    if (!target) return 0;
    request.path = std::move(target->path);
    request.query = std::move(target->query);
    for (std::string_view line = NextLine(input); !line.empty(); line = NextLine(input)) {
        auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string value(line.substr(colon + 1));
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        if (auto at = value.find("$TOKEN"); at != std::string::npos) value.replace(at, 6, kesu.token);
        request.headers.emplace_back(LowerCase(line.substr(0, colon)), std::move(value));
    }
    request.client_address = "127.0.0.1";
    if (kesu.api->StreamsBodyToFile(request.method, request.path)) {
        request.body_file = (kesu.directory / "upload.part").string();
        std::ofstream(request.body_file, std::ios::binary | std::ios::trunc) << input;
        request.body_size = input.size();
    } else {
        request.body = std::string(input);
        request.body_size = request.body.size();
    }

    kesu::http::Response response = kesu.api->Handle(request);

    if (response.status == 500)
        std::fprintf(stderr, "500 for %s %s: %s\n", request.method.c_str(), request.target.c_str(),
                     response.body.c_str());
    Check(response.status != 500, "no request answers 500");
    Check(response.status >= 200 && response.status <= 599, "the status is an HTTP status");
    if (response.status >= 400) Check(nlohmann::json::accept(response.body), "an error is a JSON problem document");
    if (!response.file_path.empty() && request.path.rfind("/api/", 0) != 0) {
        std::error_code ec;
        auto served = fs::canonical(response.file_path, ec).string();
        Check(!ec && served.starts_with(kesu.web_root + "/"), "a static file lies inside the web root");
    }
    if (!request.body_file.empty()) fs::remove(request.body_file);
    return 0;
}
