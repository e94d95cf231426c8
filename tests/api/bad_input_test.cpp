// Every malformed or invalid request gets a 4xx problem+json naming the field and the reason, and writes
// nothing: the number of complaints and of audit events is the same before and after.
#include "api/raw_http.hpp"
#include "api/staffed_server.hpp"

namespace kesu::api_test {
namespace {

using nlohmann::json;

class BadInput : public StaffedServer {
protected:
    void SetUp() override {
        for (const char* user : {"admin1", "agent1", "spec1", "auditor1"}) As(user);
        complaint_ = RegisterByPhone("坏输入基线");
        before_ = WrittenSoFar();
    }
    void TearDown() override { EXPECT_EQ(WrittenSoFar(), before_) << "a refused request must write nothing"; }

    static void ExpectProblem(const HttpResult& result, long status, const std::string& field = "") {
        EXPECT_EQ(result.status, status) << result.body;
        EXPECT_EQ(result.Header("content-type"), "application/problem+json") << result.body;
        json problem = result.Json();
        EXPECT_EQ(problem["status"], status);
        EXPECT_FALSE(problem["detail"].get<std::string>().empty());
        if (!field.empty()) {
            bool named = false;
            for (const auto& error : problem["errors"]) named = named || error["field"] == field;
            EXPECT_TRUE(named) << "field " << field << " not named in " << result.body;
        }
    }

    json complaint_;
    std::pair<std::size_t, std::int64_t> before_;
};

json Valid() {
    return {{"channel", "phone"}, {"subject", "正常标题"}, {"description", "正常描述"},
            {"complainant", {{"name", "周先生"}, {"phone", "13800001234"}}}};
}

TEST_F(BadInput, MalformedJsonIsRefusedWithItsPosition) {
    HttpResult result = As("agent1").Send("POST", "/api/v1/complaints", "{\"subject\": \"x\",", {{"Content-Type", "application/json"}});
    ExpectProblem(result, 400);
    EXPECT_NE(result.Json()["detail"].get<std::string>().find("malformed JSON at byte"), std::string::npos);
}

TEST_F(BadInput, ABodyThatIsNotAnObjectIsRefused) {
    ExpectProblem(As("agent1").Send("POST", "/api/v1/complaints", "[1,2]", {{"Content-Type", "application/json"}}), 400);
}

TEST_F(BadInput, UnknownFieldsAreNamed) {
    json body = Valid();
    body["priority"] = "high";
    ExpectProblem(As("agent1").Post("/api/v1/complaints", body), 400, "priority");
}

TEST_F(BadInput, WrongTypesAreNamed) {
    json body = Valid();
    body["subject"] = 42;
    ExpectProblem(As("agent1").Post("/api/v1/complaints", body), 400, "subject");
}

TEST_F(BadInput, OverLongValuesAreRefused) {
    json body = Valid();
    body["subject"] = std::string(201, 'a');
    ExpectProblem(As("agent1").Post("/api/v1/complaints", body), 400, "subject");
}

TEST_F(BadInput, AnImplausiblePhoneAndAMissingContactAreNamed) {
    json body = Valid();
    body["complainant"]["phone"] = "call me maybe";
    ExpectProblem(As("agent1").Post("/api/v1/complaints", body), 400, "complainant.phone");
    body["complainant"] = {{"name", "无联系方式"}};
    ExpectProblem(As("agent1").Post("/api/v1/complaints", body), 400, "complainant.phone");
}

TEST_F(BadInput, AmountsWithMoreThanTwoDecimalsAreRefused) {
    json body = Valid();
    body["amount"] = "12.345";
    ExpectProblem(As("agent1").Post("/api/v1/complaints", body), 400, "amount");
}

TEST_F(BadInput, TimesWithoutAnOffsetOrInTheFutureAreRefused) {
    json body = Valid();
    body["occurred_at"] = "2026-11-01 10:00";
    ExpectProblem(As("agent1").Post("/api/v1/complaints", body), 400, "occurred_at");
    body["occurred_at"] = "2099-01-01T00:00:00Z";
    ExpectProblem(As("agent1").Post("/api/v1/complaints", body), 400, "occurred_at");
}

TEST_F(BadInput, AnEnumOutsideItsValuesIsRefused) {
    json body = Valid();
    body["channel"] = "fax";
    ExpectProblem(As("agent1").Post("/api/v1/complaints", body), 400, "channel");
}

TEST_F(BadInput, DeeplyNestedJsonIsRefusedBeforeParsing) {
    std::string deep = "{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
    ExpectProblem(As("agent1").Send("POST", "/api/v1/complaints", deep, {{"Content-Type", "application/json"}}), 400);
}

TEST_F(BadInput, InvalidUtf8IsRefused) {
    std::string body = "{\"channel\":\"phone\",\"subject\":\"\xC0\xAF\",\"description\":\"d\",\"complainant\":{\"name\":\"n\",\"phone\":\"13800001234\"}}";
    ExpectProblem(As("agent1").Send("POST", "/api/v1/complaints", body, {{"Content-Type", "application/json"}}), 400);
}

TEST_F(BadInput, AnotherContentTypeIsRefused) {
    ExpectProblem(As("agent1").Send("POST", "/api/v1/complaints", Valid().dump(), {{"Content-Type", "text/plain"}}), 415);
}

TEST_F(BadInput, ABodyOverTheLimitIsRefused) {
    std::string huge = "{\"subject\":\"" + std::string(2u << 20, 'x') + "\"}";
    HttpResult result = As("agent1").Send("POST", "/api/v1/complaints", huge, {{"Content-Type", "application/json"}});
    EXPECT_EQ(result.status, 413);
}

TEST_F(BadInput, AnIllegalTransitionNamesTheActionAndTheStatus) {
    HttpResult result = Act("spec1", complaint_["id"], "reply", {{"message", "直接答复"}});
    ExpectProblem(result, 409);
    std::string detail = result.Json()["detail"];
    EXPECT_NE(detail.find("reply"), std::string::npos);
    EXPECT_NE(detail.find("acknowledged"), std::string::npos);
}

TEST_F(BadInput, AStaleVersionIsRefused) {
    HttpResult result = Act("spec1", complaint_["id"], "reject_invalid", {{"version", 1}, {"reason", "重复"}});
    ExpectProblem(result, 409);
    EXPECT_EQ(result.Json()["type"], "https://kesu.dev/problems/stale_version");
}

TEST_F(BadInput, AnActionMissingItsRequiredFieldsNamesThem) {
    HttpResult result = Act("spec1", complaint_["id"], "triage", {{"level", "urgent"}});
    ExpectProblem(result, 400, "category_id");
    ExpectProblem(result, 400, "level");
    ExpectProblem(Act("spec1", complaint_["id"], "reject_invalid"), 400, "reason");
}

TEST_F(BadInput, FieldsThatDoNotBelongToTheActionAreRefused) {
    ExpectProblem(Act("spec1", complaint_["id"], "acknowledge", {{"owner_id", 3}}), 400, "owner_id");
}

TEST_F(BadInput, UnknownActionsIdsAndQueryParametersAreRefused) {
    ExpectProblem(As("spec1").Post("/api/v1/complaints/1/actions/teleport", {{"version", 1}}), 404);
    ExpectProblem(As("spec1").Get("/api/v1/complaints/abc"), 400, "id");
    ExpectProblem(As("spec1").Get("/api/v1/complaints?colour=red"), 400, "colour");
    ExpectProblem(As("spec1").Get("/api/v1/complaints?limit=5000"), 400, "limit");
}

TEST_F(BadInput, CookieWritesWithoutTheCsrfTokenAreRefused) {
    ApiClient& agent = As("agent1");
    agent.SetCsrf("");
    HttpResult result = agent.Post("/api/v1/complaints", Valid());
    ExpectProblem(result, 403);
    HttpResult relogin = agent.Login("agent1", KesuProcess::kPassword);  // restores the token (and logs a login)
    ASSERT_EQ(relogin.status, 200);
    before_ = WrittenSoFar();
}

TEST_F(BadInput, AnIdempotencyKeyReusedForAnotherRequestIsRefused) {
    HttpResult first = As("agent1").Post("/api/v1/complaints", Valid(), {{"Idempotency-Key", "bad-input-key"}});
    ASSERT_EQ(first.status, 201);
    before_ = WrittenSoFar();
    HttpResult replay = As("agent1").Post("/api/v1/complaints", Valid(), {{"Idempotency-Key", "bad-input-key"}});
    EXPECT_EQ(replay.status, 201);
    EXPECT_EQ(replay.Header("idempotent-replayed"), "true");
    EXPECT_EQ(replay.Json()["complaint"]["id"], first.Json()["complaint"]["id"]);
    EXPECT_EQ(replay.Json()["access_code"], first.Json()["access_code"]);
    json other = Valid();
    other["subject"] = "不同的请求";
    ExpectProblem(As("agent1").Post("/api/v1/complaints", other, {{"Idempotency-Key", "bad-input-key"}}), 409);
}

TEST_F(BadInput, PortalSubmissionsNeedConsent) {
    json body{{"subject", "门户投诉"}, {"description", "描述"}, {"complainant", {{"name", "钱女士"}, {"phone", "13600001111"}}},
              {"privacy_consent", false}};
    ExpectProblem(Anonymous()->Post("/api/v1/portal/complaints", body), 400, "privacy_consent");
    body["channel"] = "phone";
    body["privacy_consent"] = true;
    ExpectProblem(Anonymous()->Post("/api/v1/portal/complaints", body), 400, "channel");
}

TEST_F(BadInput, ANumberBeyondADoubleIsA400NamingTheFieldOnStaffAndPortalRoutes) {
    std::string staff = R"({"channel":"phone","subject":"s","description":"d","amount":1e309,)"
                        R"("complainant":{"name":"n","phone":"13800001234"}})";
    ExpectProblem(As("agent1").Send("POST", "/api/v1/complaints", staff, {{"Content-Type", "application/json"}}), 400,
                  "amount");
    std::string portal = R"({"subject":"s","description":"d","complainant":{"name":"n","phone":"13800001234"},)"
                         R"("privacy_consent":true,"amount":-1e400})";
    ExpectProblem(Anonymous()->Send("POST", "/api/v1/portal/complaints", portal, {{"Content-Type", "application/json"}}),
                  400, "amount");
    ExpectProblem(Anonymous()->Send("POST", "/api/v1/portal/track", R"({"number":"TS","access_code":[1e999]})",
                                    {{"Content-Type", "application/json"}}),
                  400, "access_code[0]");
}

TEST_F(BadInput, ACalendarImportThatIsNotUtf8IsA400NamingTheFileAndLine) {
    std::string ics =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        "DTSTART;VALUE=DATE:20300101\r\nSUMMARY:\xC0\xAF\xFE\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    ExpectProblem(As("admin1").Send("POST", "/api/v1/calendars/cn-default/import", ics, {{"Content-Type", "text/calendar"}}),
                  400, "calendar");
}

TEST_F(BadInput, AReceiptDateBeforeTheYear2000IsRefused) {
    json body = Valid();
    for (const char* at : {"0000-01-01T00:00:00Z", "1999-12-31T23:59:59+08:00"}) {
        body["received_at"] = at;
        ExpectProblem(As("agent1").Post("/api/v1/complaints", body), 400, "received_at");
    }
}

TEST_F(BadInput, SettingsWithControlCharactersHugeNamesOrAMalformedEscalationAreRefused) {
    json calendar{{"name", std::string("日历\0", 7)},
                  {"weekly_hours", json::array({json::array({{{"start", "09:00"}, {"end", "18:00"}}}), json::array(),
                                                json::array(), json::array(), json::array(), json::array(),
                                                json::array()})}};
    std::string id = "bad-input-calendar";
    ExpectProblem(As("admin1").Put("/api/v1/calendars/" + id, calendar), 400, "name");
    calendar["name"] = std::string(300'000, 'n');
    ExpectProblem(As("admin1").Put("/api/v1/calendars/" + id, calendar), 400, "name");

    json policy = As("admin1").Get("/api/v1/sla/policy").Json();
    policy["escalation"] = "off";
    ExpectProblem(As("admin1").Put("/api/v1/sla/policy", policy), 400, "escalation");
}

TEST_F(BadInput, ADeclaredBodyOverTheUploadLimitIs413) {
    std::string response = RawExchange(server_->Port(),
                                       "POST /api/v1/complaints HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                       "Content-Length: 999999999999\r\n\r\n{");
    EXPECT_EQ(StatusOf(response), 413) << response;
}

}  // namespace
}  // namespace kesu::api_test
