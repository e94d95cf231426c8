#include "app/runtime.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>

namespace kesu::app {

domain::Result<std::unique_ptr<Runtime>> OpenRuntime(const Settings& settings, bool apply_migrations) {
    auto runtime = std::make_unique<Runtime>();
    runtime->settings = settings;
    runtime->logger = std::make_shared<spdlog::logger>("kesu", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    runtime->logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z level=%l %v");
    runtime->logger->set_level(spdlog::level::from_str(settings.log_level));

    std::error_code ec;
    std::filesystem::create_directories(settings.data_directory, ec);
    if (ec) return domain::Fail(domain::ErrorCode::kUnavailable, "cannot create " + settings.data_directory + ": " + ec.message());

    if (const char* key = std::getenv("KESU_PII_KEY"); key != nullptr && *key != '\0') {
        auto cipher = crypto::PiiCipher::FromBase64(key);
        if (!cipher) return std::unexpected(cipher.error());
        runtime->cipher.emplace(std::move(*cipher));
    } else {
        auto cipher = crypto::PiiCipher::FromKeyFile(settings.data_directory + "/keys/pii.key");
        if (!cipher) return std::unexpected(cipher.error());
        runtime->cipher.emplace(std::move(*cipher));
    }

    storage::sqlite::SqliteOptions options;
    options.path = settings.data_directory + "/kesu.db";
    options.apply_migrations = apply_migrations;
    auto database = storage::sqlite::SqliteDatabase::Open(options, *runtime->cipher, runtime->audit_hasher);
    if (!database) return std::unexpected(database.error());
    runtime->database = std::move(*database);

    use_cases::Limits limits;
    limits.portal_submissions_per_hour = settings.portal_submissions_per_hour;
    limits.login_failures_per_user = settings.login_failures_per_user;
    runtime->deps.emplace(use_cases::Dependencies{*runtime->database, runtime->clock, runtime->passwords,
                                                  runtime->tokens, runtime->sla_cache, limits});
    return runtime;
}

}  // namespace kesu::app
