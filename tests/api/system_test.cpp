// Health, metrics, the OpenAPI document and the portal's rate limits.
#include "api/staffed_server.hpp"

#include <chrono>
#include <cstdio>

namespace kesu::api_test {
namespace {

using nlohmann::json;

class System : public StaffedServer {};

TEST_F(System, HealthAndOpenApiAnswer) {
    EXPECT_EQ(Anonymous()->Get("/healthz").Json()["status"], "ok");
    json openapi = Anonymous()->Get("/api/v1/openapi.json").Json();
    EXPECT_TRUE(openapi["openapi"].get<std::string>().starts_with("3."));
}

TEST_F(System, MetricsCountRequestsComplaintsAndCommitBatches) {
    RegisterByPhone("指标");
    std::string metrics = Anonymous()->Get("/metrics").body;
    EXPECT_NE(metrics.find("kesu_http_requests_total{route=\"complaints.create\",method=\"POST\",status=\"201\"}"), std::string::npos);
    EXPECT_NE(metrics.find("kesu_http_request_duration_seconds_bucket{route=\"complaints.create\""), std::string::npos);
    EXPECT_NE(metrics.find("kesu_complaints{status=\"acknowledged\"}"), std::string::npos);
    EXPECT_NE(metrics.find("kesu_commit_batch_size_count"), std::string::npos);
}

TEST_F(System, MetricsDescribeTheBuildAndTheProcess) {
    std::string metrics = Anonymous()->Get("/metrics").body;
    EXPECT_NE(metrics.find("\nkesu_build_info{version=\""), std::string::npos) << metrics;
    for (const char* name : {"process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds",
                             "process_max_fds", "process_start_time_seconds"})
        EXPECT_NE(metrics.find(std::string("\n") + name + " "), std::string::npos) << name;
    auto at = metrics.find("\nprocess_open_fds ");
    ASSERT_NE(at, std::string::npos);
    EXPECT_GT(std::stod(metrics.substr(at + 18)), 3);  // at least the standard streams and the listening socket
}

TEST_F(System, EveryResponseCarriesARequestId) {
    HttpResult result = Anonymous()->Send("GET", "/api/v1/complaints", "", {{"X-Request-Id", "trace-123"}});
    EXPECT_EQ(result.status, 401);
    EXPECT_EQ(result.Header("x-request-id"), "trace-123");
    EXPECT_EQ(result.Json()["request_id"], "trace-123");
}

TEST_F(System, UnknownPathsAndMethodsAreProblems) {
    EXPECT_EQ(Anonymous()->Get("/api/v1/nothing-here").status, 404);
    EXPECT_EQ(Anonymous()->Send("PUT", "/api/v1/portal/track", "{}", {{"Content-Type", "application/json"}}).status, 405);
}

TEST_F(System, TheBankPresetCanBeInstalledAndGivesComplaintsA15DayDecisionClock) {
    EXPECT_EQ(Anonymous()->Get("/api/v1/sla/presets").status, 401);
    json presets = As("agent1").Get("/api/v1/sla/presets").Json();
    json bank, standard;
    for (const auto& preset : presets["items"]) {
        if (preset["name"] == "bank_insurer") bank = preset["policy"];
        if (preset["name"] == "default") standard = preset["policy"];
    }
    ASSERT_TRUE(bank.is_object());
    ASSERT_TRUE(standard.is_object());
    EXPECT_EQ(As("agent1").Put("/api/v1/sla/policy", bank).status, 403);  // installing needs manage_process
    ASSERT_EQ(As("admin1").Put("/api/v1/sla/policy", bank).status, 200);

    json filed = RegisterByPhone("理赔迟迟没有处理决定", "13700001111");
    json complaint = As("agent1").Get("/api/v1/complaints/" + std::to_string(filed["id"].get<std::int64_t>())).Json();
    json decision;
    for (const auto& clock : complaint["clocks"])
        if (clock["target"] == "decision") decision = clock;
    ASSERT_TRUE(decision.is_object()) << complaint["clocks"].dump();
    EXPECT_EQ(decision["clock_type"], "calendar_days");
    EXPECT_EQ(decision["limit"], 15);
    // 15 calendar days (docs/sla.md): 24:00 Beijing time at the end of the 15th day after the day of receipt, or
    // of the next working day when that one is a holiday or weekend.
    auto beijing = [](const std::string& text) {
        int y = 0, mo = 0, d = 0, h = 0, mi = 0;
        EXPECT_EQ(std::sscanf(text.c_str(), "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi), 5) << text;
        EXPECT_TRUE(text.ends_with("Z")) << text;
        return std::chrono::sys_days{std::chrono::year{y} / mo / d} + std::chrono::hours{h + 8} + std::chrono::minutes{mi};
    };
    auto received = beijing(decision["started_at"]);
    auto due = beijing(decision["due_at"]);
    EXPECT_EQ(due, std::chrono::floor<std::chrono::days>(due)) << "due at midnight, Beijing time";
    auto days = (std::chrono::floor<std::chrono::days>(due) - std::chrono::floor<std::chrono::days>(received)).count();
    EXPECT_GE(days, 16);
    EXPECT_LE(days, 16 + 9);  // at most the longest run of closed days (Spring Festival)

    // Back to the default: new complaints get no decision clock.
    ASSERT_EQ(As("admin1").Put("/api/v1/sla/policy", standard).status, 200);
    json plain = RegisterByPhone("普通投诉", "13700002222");
    json later = As("agent1").Get("/api/v1/complaints/" + std::to_string(plain["id"].get<std::int64_t>())).Json();
    for (const auto& clock : later["clocks"]) EXPECT_NE(clock["target"], "decision");
}

TEST(PortalLimits, WrongAccessCodesAndTooManySubmissionsAreThrottled) {
    KesuProcess server;
    server.CreateUser("admin1", "admin");
    server.Start({"--portal-submissions-per-hour", "3"});
    ApiClient customer(server.BaseUrl());
    json body{{"subject", "限流"}, {"description", "d"}, {"complainant", {{"name", "n"}, {"phone", "13800000000"}}},
              {"privacy_consent", true}};
    std::string number;
    for (int i = 0; i < 3; ++i) {
        HttpResult accepted = customer.Post("/api/v1/portal/complaints", body);
        ASSERT_EQ(accepted.status, 201) << accepted.body;
        number = accepted.Json()["number"];
    }
    HttpResult limited = customer.Post("/api/v1/portal/complaints", body);
    EXPECT_EQ(limited.status, 429);
    EXPECT_FALSE(limited.Header("retry-after").empty());
    int unauthorized = 0;
    long last = 0;
    for (int i = 0; i < 70; ++i) {
        last = customer.Post("/api/v1/portal/track", {{"number", number}, {"access_code", "GUESS" + std::to_string(i)}}).status;
        if (last == 401) ++unauthorized;
    }
    EXPECT_EQ(unauthorized, 60);
    EXPECT_EQ(last, 429);
}

}  // namespace
}  // namespace kesu::api_test
