// Signing in and out, throttling, tokens, CSRF, and account changes that end sessions.
#include "api/staffed_server.hpp"

namespace kesu::api_test {
namespace {

using nlohmann::json;

class Accounts : public StaffedServer {};

TEST_F(Accounts, TheSessionCookieIsHttpOnlyAndSameSite) {
    auto client = Anonymous();
    HttpResult login = client->Login("agent1", KesuProcess::kPassword);
    ASSERT_EQ(login.status, 200);
    std::string cookie = login.Header("set-cookie");
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_EQ(login.body.find("password"), std::string::npos);
    EXPECT_EQ(client->Get("/api/v1/auth/me").Json()["user"]["username"], "agent1");
    EXPECT_EQ(client->Post("/api/v1/auth/logout", json::object()).status, 204);
    EXPECT_EQ(client->Get("/api/v1/auth/me").status, 401);
}

TEST_F(Accounts, RepeatedWrongPasswordsFromOneAddressMakeItWait) {
    auto client = Anonymous();
    for (int i = 0; i < 5; ++i) EXPECT_EQ(client->Login("leader1", "wrong-password").status, 401);
    HttpResult locked = client->Login("leader1", KesuProcess::kPassword);
    EXPECT_EQ(locked.status, 429);
    EXPECT_FALSE(locked.Header("retry-after").empty());
    EXPECT_EQ(locked.Header("content-type"), "application/problem+json");
}

TEST_F(Accounts, UnknownUsersAndWrongPasswordsGetTheSameAnswer) {
    HttpResult unknown = Anonymous()->Login("nobody", "whatever-123");
    HttpResult wrong = Anonymous()->Login("spec1", "whatever-123");
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(unknown.Json()["detail"], wrong.Json()["detail"]);
}

TEST_F(Accounts, ApiTokensWorkWithoutCsrfAndStopWhenRevoked) {
    std::int64_t agent_id = UserId("agent1");
    HttpResult issued = As("agent1").Post("/api/v1/users/" + std::to_string(agent_id) + "/tokens", {{"name", "微信小程序"}});
    ASSERT_EQ(issued.status, 201);
    std::string token = issued.Json()["token"];
    EXPECT_TRUE(token.starts_with("kesu_"));
    ApiClient integration(server_->BaseUrl());
    integration.UseToken(token);
    HttpResult created = integration.Post("/api/v1/complaints",
                                          {{"channel", "mini_program"}, {"subject", "小程序投诉"}, {"description", "d"},
                                           {"complainant", {{"name", "n"}, {"phone", "13800000000"}}}});
    EXPECT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(As("agent2").Get("/api/v1/users/" + std::to_string(agent_id) + "/tokens").status, 403);
    std::int64_t token_id = issued.Json()["id"];
    EXPECT_EQ(As("agent1").Delete("/api/v1/users/" + std::to_string(agent_id) + "/tokens/" + std::to_string(token_id)).status, 204);
    EXPECT_EQ(integration.Get("/api/v1/complaints").status, 401);
}

TEST_F(Accounts, DeactivatingAUserEndsTheirSessions) {
    HttpResult created = As("admin1").Post("/api/v1/users", {{"username", "temp.staff"}, {"display_name", "临时"},
                                                            {"password", "Passw0rd!23"}, {"role", "agent"}});
    ASSERT_EQ(created.status, 201) << created.body;
    auto temp = Anonymous();
    ASSERT_EQ(temp->Login("temp.staff", "Passw0rd!23").status, 200);
    ASSERT_EQ(temp->Get("/api/v1/auth/me").status, 200);
    HttpResult deactivated = As("admin1").Patch("/api/v1/users/" + std::to_string(created.Json()["id"].get<std::int64_t>()),
                                                {{"version", 1}, {"active", false}});
    ASSERT_EQ(deactivated.status, 200) << deactivated.body;
    EXPECT_EQ(temp->Get("/api/v1/auth/me").status, 401);
    EXPECT_EQ(temp->Login("temp.staff", "Passw0rd!23").status, 401);
    json events = As("auditor1").Get("/api/v1/audit/events?limit=20").Json()["items"];
    bool audited = false;
    for (const auto& event : events)
        for (const auto& change : event["changes"]) audited = audited || (change["field"] == "user.active" && change["after"] == "false");
    EXPECT_TRUE(audited) << "permission changes are audited";
}

TEST_F(Accounts, WeakPasswordsAreRefused) {
    HttpResult result = As("admin1").Post("/api/v1/users", {{"username", "weak.pw"}, {"display_name", "弱"},
                                                           {"password", "short"}, {"role", "agent"}});
    EXPECT_EQ(result.status, 400);
    EXPECT_EQ(result.Json()["field"], "password");
}

TEST_F(Accounts, ATokenDoesOnlyWhatItsScopesAllow) {
    std::int64_t agent_id = UserId("agent1");
    HttpResult issued = As("agent1").Post("/api/v1/users/" + std::to_string(agent_id) + "/tokens",
                                          {{"name", "只读看板"}, {"scopes", {"read"}}, {"expires_in_days", 30}});
    ASSERT_EQ(issued.status, 201) << issued.body;
    EXPECT_EQ(issued.Json()["scopes"], json::array({"read"}));
    EXPECT_FALSE(issued.Json()["expires_at"].is_null());
    ApiClient dashboard(server_->BaseUrl());
    dashboard.UseToken(issued.Json()["token"]);
    EXPECT_EQ(dashboard.Get("/api/v1/complaints").status, 200);
    HttpResult write =
        dashboard.Post("/api/v1/complaints", {{"channel", "app"},
                                              {"subject", "s"},
                                              {"description", "d"},
                                              {"complainant", {{"name", "n"}, {"phone", "13800000000"}}}});
    EXPECT_EQ(write.status, 403);
    EXPECT_NE(write.Json()["detail"].get<std::string>().find("write"), std::string::npos) << write.body;
    json complaint = RegisterByPhone("令牌范围");
    EXPECT_EQ(dashboard
                  .Post("/api/v1/complaints/" + std::to_string(complaint["id"].get<std::int64_t>()) + "/reveal",
                        json::object())
                  .status,
              403)
        << "unmasking needs reveal_pii even for an agent's token";

    HttpResult forever = As("agent1").Post("/api/v1/users/" + std::to_string(agent_id) + "/tokens",
                                           {{"name", "永久"}, {"expires_in_days", 3650}});
    EXPECT_EQ(forever.status, 400);
    HttpResult unknown = As("agent1").Post("/api/v1/users/" + std::to_string(agent_id) + "/tokens",
                                           {{"name", "x"}, {"scopes", {"everything"}}});
    EXPECT_EQ(unknown.status, 400);
    EXPECT_EQ(unknown.Json()["field"], "scopes");
}

TEST_F(Accounts, NobodyButTheUserMakesATokenThatActsAsThem) {
    std::int64_t agent_id = UserId("agent1");
    EXPECT_EQ(As("admin1").Post("/api/v1/users/" + std::to_string(agent_id) + "/tokens", {{"name", "冒充"}}).status,
              403);
    HttpResult own = As("agent1").Post("/api/v1/users/" + std::to_string(agent_id) + "/tokens", {{"name", "自己"}});
    ASSERT_EQ(own.status, 201);
    ApiClient integration(server_->BaseUrl());
    integration.UseToken(own.Json()["token"]);
    EXPECT_EQ(integration.Post("/api/v1/users/" + std::to_string(agent_id) + "/tokens", {{"name", "再生"}}).status, 403)
        << "a token cannot make another that would outlive it";
}

TEST_F(Accounts, ANewPasswordSignsOutEveryOtherSessionAndRevokesTokens) {
    HttpResult created = As("admin1").Post(
        "/api/v1/users",
        {{"username", "pw.changer"}, {"display_name", "改密"}, {"password", "Passw0rd!23"}, {"role", "agent"}});
    ASSERT_EQ(created.status, 201) << created.body;
    std::int64_t id = created.Json()["id"];
    auto here = Anonymous();
    auto elsewhere = Anonymous();
    ASSERT_EQ(here->Login("pw.changer", "Passw0rd!23").status, 200);
    ASSERT_EQ(elsewhere->Login("pw.changer", "Passw0rd!23").status, 200);
    HttpResult token = here->Post("/api/v1/users/" + std::to_string(id) + "/tokens", {{"name", "集成"}});
    ASSERT_EQ(token.status, 201);
    ApiClient integration(server_->BaseUrl());
    integration.UseToken(token.Json()["token"]);
    ASSERT_EQ(integration.Get("/api/v1/auth/me").status, 200);

    ASSERT_EQ(
        here->Post("/api/v1/auth/password", {{"current_password", "Passw0rd!23"}, {"new_password", "N3w-Passw0rd!"}})
            .status,
        204);
    EXPECT_EQ(here->Get("/api/v1/auth/me").status, 200);
    EXPECT_EQ(elsewhere->Get("/api/v1/auth/me").status, 401);
    EXPECT_EQ(integration.Get("/api/v1/auth/me").status, 401);
}

TEST_F(Accounts, ReactivatingAUserDoesNotReviveTheirTokens) {
    HttpResult created = As("admin1").Post(
        "/api/v1/users",
        {{"username", "returning"}, {"display_name", "回来"}, {"password", "Passw0rd!23"}, {"role", "agent"}});
    ASSERT_EQ(created.status, 201) << created.body;
    std::int64_t id = created.Json()["id"];
    auto user = Anonymous();
    ASSERT_EQ(user->Login("returning", "Passw0rd!23").status, 200);
    HttpResult token = user->Post("/api/v1/users/" + std::to_string(id) + "/tokens", {{"name", "集成"}});
    ASSERT_EQ(token.status, 201);
    ApiClient integration(server_->BaseUrl());
    integration.UseToken(token.Json()["token"]);
    std::string path = "/api/v1/users/" + std::to_string(id);
    ASSERT_EQ(As("admin1").Patch(path, {{"version", 1}, {"active", false}}).status, 200);
    ASSERT_EQ(As("admin1").Patch(path, {{"version", 2}, {"active", true}}).status, 200);
    EXPECT_EQ(integration.Get("/api/v1/auth/me").status, 401);
    json tokens = user->Login("returning", "Passw0rd!23").status == 200 ? user->Get(path + "/tokens").Json()["items"]
                                                                        : json::array();
    ASSERT_EQ(tokens.size(), 1u);
    EXPECT_TRUE(tokens[0]["revoked"].get<bool>());
}

// Behind a reverse proxy (docs/operations.md): the proxy's forwarding header names the client, so throttles count
// per real client; from a peer that is not a configured proxy the header is ignored.
HttpResult LoginFrom(ApiClient& client, const std::string& address, const std::string& username,
                     const std::string& password) {
    return client.Post("/api/v1/auth/login", {{"username", username}, {"password", password}},
                       {{"X-Forwarded-For", "10.9.9.9, " + address}});
}

TEST(ClientAddress, BehindATrustedProxyAnAttackerIsThrottledAndTheRealUserSignsIn) {
    KesuProcess server;
    server.CreateUser("admin1", "admin");
    server.Start({"--trusted-proxy", "127.0.0.1", "--portal-submissions-per-hour", "2"});
    ApiClient client(server.BaseUrl());
    for (int i = 0; i < 5; ++i) EXPECT_EQ(LoginFrom(client, "198.51.100.66", "admin1", "wrong-password").status, 401);
    HttpResult throttled = LoginFrom(client, "198.51.100.66", "admin1", KesuProcess::kPassword);
    EXPECT_EQ(throttled.status, 429);
    EXPECT_FALSE(throttled.Header("retry-after").empty());
    EXPECT_EQ(LoginFrom(client, "203.0.113.5", "admin1", KesuProcess::kPassword).status, 200)
        << "the real user at another address is not locked out";

    // Portal submissions are counted per customer, not for everyone behind the proxy.
    json body{{"subject", "代理"}, {"description", "d"}, {"complainant", {{"name", "n"}, {"phone", "13800000000"}}},
              {"privacy_consent", true}};
    for (const char* customer : {"198.51.100.1", "198.51.100.2"}) {
        for (int i = 0; i < 2; ++i)
            EXPECT_EQ(client.Post("/api/v1/portal/complaints", body, {{"X-Forwarded-For", customer}}).status, 201);
        EXPECT_EQ(client.Post("/api/v1/portal/complaints", body, {{"X-Forwarded-For", customer}}).status, 429);
    }
}

TEST(ClientAddress, FromAnUntrustedPeerTheForwardingHeaderIsIgnored) {
    KesuProcess server;
    server.CreateUser("admin1", "admin");
    server.Start({"--trusted-proxy", "10.0.0.0/8"});  // the test connects from 127.0.0.1: not a proxy
    ApiClient client(server.BaseUrl());
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(LoginFrom(client, "198.51.100." + std::to_string(i), "admin1", "wrong-password").status, 401);
    EXPECT_EQ(LoginFrom(client, "198.51.100.99", "admin1", "wrong-password").status, 429)
        << "a client cannot escape its throttle by writing another address into the header";
}

TEST(ClientAddress, AnInvalidTrustedProxyIsAUsageError) {
    KesuProcess server;
    EXPECT_EQ(server.Run({"serve", "--port", "0", "--trusted-proxy", "10.0.0.0/99"}).exit_code, 2);
}

}  // namespace
}  // namespace kesu::api_test
