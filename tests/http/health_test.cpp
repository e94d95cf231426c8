// GET /healthz names a write path that refuses (issue 13, finding 2): a database that answers reads but refuses every
// write until a restart is not healthy, and the answer says why.
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "crypto/sha256_audit_hasher.hpp"
#include "crypto/sodium_password_hasher.hpp"
#include "crypto/sodium_token_service.hpp"
#include "http/api.hpp"
#include "use_cases/sla_config.hpp"

namespace kesu::http {
namespace {

// Answers every read (the health check's read finds nothing to do) and refuses writes once told why.
class RefusingDatabase final : public domain::Database {
public:
    domain::Result<void> Read(const domain::TransactionWork&) override { return {}; }
    domain::Result<void> Write(const domain::TransactionWork&) override {
        if (refusal.empty()) return {};
        return domain::Fail(domain::ErrorCode::kUnavailable, "the database log could not be synced; restart kesu");
    }
    std::string WriteRefusal() override { return refusal; }

    std::string refusal;
};

class FixedClock final : public domain::Clock {
public:
    domain::Instant Now() const override { return domain::Instant{std::chrono::milliseconds{1'790'000'000'000}}; }
};

TEST(Health, AWritePathThatRefusesIsNotHealthyAndSaysWhy) {
    RefusingDatabase database;
    FixedClock clock;
    crypto::SodiumPasswordHasher passwords;
    crypto::SodiumTokenService tokens;
    use_cases::SlaConfigCache sla;
    use_cases::Dependencies deps{database, clock, passwords, tokens, sla, {}};
    storage::files::FileStore files((std::filesystem::temp_directory_path() / "kesu-health-test").string());
    Metrics metrics;
    crypto::Sha256AuditHasher hasher;
    Api api(deps, files, metrics, hasher,
            std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>()), ApiOptions{});
    auto health = [&] {
        Request request;
        request.method = "GET";
        request.target = request.path = "/healthz";
        request.headers = {{"x-request-id", "health-1"}};
        return api.Handle(request);
    };

    Response ok = health();
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(nlohmann::json::parse(ok.body)["status"], "ok");

    database.refusal = "log_sync_failed";
    Response refusing = health();
    EXPECT_EQ(refusing.status, 503);
    auto body = nlohmann::json::parse(refusing.body);
    EXPECT_EQ(body["type"], "https://kesu.dev/problems/writes_refused");
    EXPECT_EQ(body["reason"], "log_sync_failed");
    EXPECT_EQ(body["request_id"], "health-1");
    bool problem = false;
    for (const auto& [name, value] : refusing.headers) problem = problem || value == "application/problem+json";
    EXPECT_TRUE(problem);
}

}  // namespace
}  // namespace kesu::http
