// Health, metrics, the OpenAPI document and the portal's rate limits.
#include "api/staffed_server.hpp"

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
