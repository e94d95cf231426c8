// A complaint's and a consultation's whole life through the HTTP API, as the roles of BRIEF §1 would work it.
#include "api/staffed_server.hpp"

namespace kesu::api_test {
namespace {

using nlohmann::json;

class Lifecycle : public StaffedServer {};

std::string Path(std::int64_t id, const std::string& rest = "") { return "/api/v1/complaints/" + std::to_string(id) + rest; }

json Track(const std::string& number, const std::string& code) {
    HttpResult tracked = StaffedServer::Anonymous()->Post("/api/v1/portal/track", {{"number", number}, {"access_code", code}});
    EXPECT_EQ(tracked.status, 200) << tracked.body;
    return tracked.Json();
}

bool HasAction(const json& complaint, const std::string& action) {
    for (const auto& a : complaint["actions"])
        if (a == action) return true;
    return false;
}

// Triage → investigate → cause → plan → approve → implement → measures → reply, as 客服部 would.
void WorkToReply(std::int64_t id, bool triage) {
    if (triage) {
        HttpResult triaged = StaffedServer::Act("spec1", id, "triage",
                                                {{"category_id", StaffedServer::CategoryId("quality.defect")},
                                                 {"level", "important"},
                                                 {"difficulty", "simple"},
                                                 {"department_id", StaffedServer::DepartmentId("客服部")},
                                                 {"owner_id", StaffedServer::UserId("spec1")}});
        ASSERT_EQ(triaged.status, 200) << triaged.body;
        ASSERT_EQ(StaffedServer::Act("spec1", id, "start_investigation").status, 200);
    }
    HttpResult cause = StaffedServer::Act("spec1", id, "record_cause",
                                          {{"cause", {{"category", "logistics"},
                                                      {"root_cause", "运输途中包装破损导致外壳凹陷"},
                                                      {"responsible_department_id", StaffedServer::DepartmentId("物流部")},
                                                      {"responsible_person", "赵司机"}}}});
    ASSERT_EQ(cause.status, 200) << cause.body;
    HttpResult plan = StaffedServer::Act("spec1", id, "submit_plan",
                                         {{"measures", {{{"description", "上门更换新机"}, {"owner", "售后王工"},
                                                         {"deadline", "2026-12-01T18:00:00+08:00"},
                                                         {"expected_effect", "客户当周用上新机"}}}},
                                          {"compensation", "100.00"}});
    ASSERT_EQ(plan.status, 200) << plan.body;
    HttpResult by_submitter = StaffedServer::Act("spec1", id, "approve_plan");
    EXPECT_EQ(by_submitter.status, 403);
    HttpResult approved = StaffedServer::Act("mgr1", id, "approve_plan", {{"comment", "同意，尽快安排"}});
    ASSERT_EQ(approved.status, 200) << approved.body;
    ASSERT_EQ(StaffedServer::Act("spec1", id, "implement").status, 200);
    HttpResult early_reply = StaffedServer::Act("spec1", id, "reply", {{"message", "已处理"}});
    EXPECT_EQ(early_reply.status, 409) << "a reply before the measures are done must be refused";
    ASSERT_EQ(StaffedServer::Act("spec1", id, "complete_measure", {{"measure_index", 0}}).status, 200);
    HttpResult replied = StaffedServer::Act("spec1", id, "reply",
                                            {{"message", "您好，经核实是运输破损，已为您上门更换新机并补偿100元。"}});
    ASSERT_EQ(replied.status, 200) << replied.body;
    EXPECT_EQ(replied.Json()["status"], "replied");
}

TEST_F(Lifecycle, AComplaintGoesFromThePortalToArchiveThroughReopenAppealAndRecheck) {
    HttpResult submitted = Anonymous()->Post("/api/v1/portal/complaints",
                                             {{"subject", "洗衣机外壳凹陷"},
                                              {"description", "昨天送到的洗衣机外壳凹陷，要求更换。"},
                                              {"product", "滚筒洗衣机 W10"},
                                              {"complainant", {{"name", "陈女士"}, {"phone", "13900001111"}}},
                                              {"privacy_consent", true}},
                                             {{"Idempotency-Key", "portal-lifecycle-1"}});
    ASSERT_EQ(submitted.status, 201) << submitted.body;
    std::string number = submitted.Json()["number"];
    std::string code = submitted.Json()["access_code"];
    EXPECT_TRUE(number.starts_with("TS-"));
    EXPECT_EQ(code.size(), 8u);
    EXPECT_EQ(Track(number, code)["status"], "registered");

    json intake = As("agent1").Get("/api/v1/complaints?department_id=none&open=true").Json();
    std::int64_t id = 0;
    for (const auto& item : intake["items"])
        if (item["number"] == number) id = item["id"];
    ASSERT_NE(id, 0) << "the agent finds the portal complaint in the intake pool";
    EXPECT_EQ(As("agent1").Get(Path(id)).Json()["complainant"]["phone"], "139****1111");
    ASSERT_EQ(Act("agent1", id, "acknowledge", {{"message", "您的投诉已受理"}}).status, 200);

    ASSERT_EQ(As("spec1").Post(Path(id, "/messages"), {{"visibility", "internal"}, {"body", "内部：物流单号待查"}}).status, 201);
    ASSERT_EQ(As("spec1").Post(Path(id, "/messages"), {{"visibility", "customer"}, {"body", "我们正在核实，请稍候"}}).status, 201);
    WorkToReply(id, true);

    json seen = Track(number, code);
    EXPECT_EQ(seen["status"], "replied");
    EXPECT_NE(seen["reply"].get<std::string>().find("上门更换新机"), std::string::npos);
    std::string portal_body = seen.dump();
    EXPECT_NE(portal_body.find("我们正在核实"), std::string::npos);
    EXPECT_EQ(portal_body.find("物流单号待查"), std::string::npos) << "internal notes never reach the portal";
    EXPECT_EQ(portal_body.find("赵司机"), std::string::npos) << "responsibility details stay internal";
    EXPECT_EQ(seen["actions"], json::array({"confirm", "dispute"}));

    HttpResult confirmed = Anonymous()->Post("/api/v1/portal/complaints/" + number + "/actions/confirm", {{"access_code", code}});
    ASSERT_EQ(confirmed.status, 200) << confirmed.body;
    HttpResult rated = Anonymous()->Post("/api/v1/portal/complaints/" + number + "/satisfaction",
                                         {{"access_code", code}, {"rating", 5}, {"comment", "处理很快"}});
    ASSERT_EQ(rated.status, 200) << rated.body;
    EXPECT_EQ(rated.Json()["satisfaction"]["rating"], 5);
    ASSERT_EQ(Act("spec1", id, "close", {{"summary", "客户确认满意，结案"}}).status, 200);

    // The problem comes back: reopen, work it again, close without the customer's confirmation.
    ASSERT_EQ(Act("spec1", id, "reopen", {{"reason", "客户来电：新机也有异响"}}).status, 200);
    EXPECT_EQ(As("spec1").Get(Path(id)).Json()["reopen_count"], 1);
    WorkToReply(id, false);
    ASSERT_EQ(Act("spec1", id, "close", {{"summary", "三日未回复，按流程结案"}}).status, 200);

    // The customer disagrees: appeal, and a re-check by someone who did not handle it (回避).
    HttpResult appealed = Anonymous()->Post("/api/v1/portal/complaints/" + number + "/actions/appeal",
                                            {{"access_code", code}, {"reason", "补偿太少，要求复核"}});
    ASSERT_EQ(appealed.status, 200) << appealed.body;
    HttpResult recused = Act("mgr1", id, "start_recheck", {{"reviewer_id", UserId("mgr1")}});
    EXPECT_EQ(recused.status, 400) << "mgr1 approved the plan, so may not re-check it";
    EXPECT_EQ(recused.Json()["field"], "reviewer_id");
    ASSERT_EQ(Act("mgr1", id, "start_recheck", {{"reviewer_id", UserId("mgr2")}}).status, 200);
    EXPECT_EQ(Act("mgr1", id, "uphold_recheck", {{"opinion", "维持"}}).status, 403) << "only the reviewer decides";
    ASSERT_EQ(Act("mgr2", id, "uphold_recheck", {{"opinion", "补偿符合标准，维持原处理"}}).status, 200);
    json seen_after = Track(number, code);
    EXPECT_EQ(seen_after["status"], "closed");
    ASSERT_EQ(Act("mgr1", id, "archive").status, 200);
    EXPECT_EQ(As("mgr1").Get(Path(id)).Json()["status"], "archived");

    json timeline = As("auditor1").Get(Path(id, "/timeline")).Json()["events"];
    std::vector<std::string> actions;
    for (const auto& event : timeline) actions.push_back(event["action"]);
    for (const char* expected : {"created", "acknowledge", "note", "message", "triage", "approve_plan", "reply",
                                 "confirm", "satisfaction", "close", "reopen", "appeal", "start_recheck",
                                 "uphold_recheck", "archive"})
        EXPECT_NE(std::ranges::find(actions, expected), actions.end()) << expected;
    HttpResult verified = As("auditor1").Get("/api/v1/audit/verify");
    ASSERT_EQ(verified.status, 200);
    EXPECT_TRUE(verified.Json()["intact"].get<bool>());
}

TEST_F(Lifecycle, AConsultationIsTransferredAndAnsweredByTheDepartment) {
    HttpResult created = As("agent1").Post("/api/v1/complaints",
                                           {{"kind", "consultation"}, {"channel", "phone"},
                                            {"subject", "如何查询物流进度"}, {"description", "客户询问订单物流在哪里查"},
                                            {"complainant", {{"name", "刘先生"}, {"phone", "13700002222"}}}});
    ASSERT_EQ(created.status, 201) << created.body;
    json consultation = created.Json()["complaint"];
    std::int64_t id = consultation["id"];
    EXPECT_TRUE(consultation["number"].get<std::string>().starts_with("ZX-"));
    EXPECT_FALSE(HasAction(consultation, "triage"));
    HttpResult transferred = Act("agent1", id, "transfer", {{"department_id", DepartmentId("物流部")}, {"comment", "请物流部答复"}});
    ASSERT_EQ(transferred.status, 200) << transferred.body;
    EXPECT_EQ(transferred.Json()["status"], "transferred");
    EXPECT_EQ(As("agent1").Get(Path(id)).status, 403) << "once transferred it belongs to 物流部";
    json queue = As("dept1").Get("/api/v1/complaints?open=true").Json();
    bool listed = false;
    for (const auto& item : queue["items"]) listed = listed || item["id"] == id;
    EXPECT_TRUE(listed);
    HttpResult answered = Act("dept1", id, "department_answer", {{"answer", "可在APP“我的订单”中查看物流进度"}});
    ASSERT_EQ(answered.status, 200) << answered.body;
    EXPECT_EQ(answered.Json()["status"], "answered");
    ASSERT_EQ(Act("agent2", id, "close").status, 200);
    EXPECT_EQ(As("agent2").Get(Path(id)).Json()["status"], "closed");
}

TEST_F(Lifecycle, TwoPeopleEditingTheSameComplaintCannotOverwriteEachOther) {
    json complaint = RegisterByPhone("并发修改测试");
    std::int64_t id = complaint["id"];
    int version = complaint["version"];
    HttpResult first = As("agent1").Patch(Path(id), {{"version", version}, {"product", "滚筒洗衣机 W12"}});
    ASSERT_EQ(first.status, 200) << first.body;
    HttpResult second = As("spec1").Patch(Path(id), {{"version", version}, {"product", "波轮洗衣机"}});
    EXPECT_EQ(second.status, 409);
    EXPECT_EQ(second.Json()["type"], "https://kesu.dev/problems/stale_version");
    EXPECT_EQ(As("spec1").Get(Path(id)).Json()["product"], "滚筒洗衣机 W12");
}

TEST_F(Lifecycle, ARepeatComplaintBySamePersonIsFlagged) {
    json first = RegisterByPhone("第一次投诉", "13655556666");
    HttpResult second = As("agent1").Post(
        "/api/v1/complaints", {{"channel", "phone"}, {"subject", "又来了"}, {"description", "同一客户再次来电"},
                               {"complainant", {{"name", "王小明"}, {"phone", "+86 136-5555-6666"}}}});
    ASSERT_EQ(second.status, 201);
    json repeats = second.Json()["open_by_same_person"];
    ASSERT_GE(repeats.size(), 1u);
    EXPECT_EQ(repeats[0]["id"], first["id"]);
    HttpResult check = As("agent1").Post("/api/v1/complaints/repeat-check", {{"phone", "13655556666"}});
    EXPECT_EQ(check.Json()["items"].size(), 2u);
}

TEST_F(Lifecycle, ADuplicateIsMergedIntoTheOpenComplaint) {
    json original = RegisterByPhone("原投诉");
    json duplicate = RegisterByPhone("重复投诉");
    HttpResult merged = Act("spec1", duplicate["id"], "merge", {{"target_id", original["id"]}});
    ASSERT_EQ(merged.status, 200) << merged.body;
    EXPECT_EQ(merged.Json()["status"], "merged");
    EXPECT_EQ(merged.Json()["merged_into"], original["id"]);
    EXPECT_EQ(As("spec1").Get(Path(original["id"])).Json()["merged_from"], json::array({duplicate["id"]}));
}

TEST_F(Lifecycle, PersonalDataIsMaskedUntilAnAuditedReveal) {
    json complaint = RegisterByPhone("隐私测试", "13811112222");
    std::int64_t id = complaint["id"];
    EXPECT_EQ(complaint["complainant"]["phone"], "138****2222");
    EXPECT_EQ(As("leader1").Post(Path(id, "/reveal"), json::object()).status, 403);
    HttpResult revealed = As("agent1").Post(Path(id, "/reveal"), json::object());
    ASSERT_EQ(revealed.status, 200);
    EXPECT_EQ(revealed.Json()["complainant"]["phone"], "13811112222");
    json timeline = As("auditor1").Get(Path(id, "/timeline")).Json()["events"];
    bool logged = false;
    for (const auto& event : timeline) logged = logged || (event["action"] == "reveal_pii" && event["actor_name"] == "agent1");
    EXPECT_TRUE(logged);
    EXPECT_EQ(timeline.dump().find("13811112222"), std::string::npos) << "the audit trail stores masked values only";
}

TEST_F(Lifecycle, ACustomerNumberIsPersonalDataMaskedLikeAPhoneNumber) {
    HttpResult filed = As("agent1").Post("/api/v1/complaints",
                                         {{"channel", "phone"},
                                          {"subject", "会员号测试"},
                                          {"description", "客户报会员号"},
                                          {"complainant", {{"name", "赵六"}, {"customer_id", "VIP20231100042"}}}});
    ASSERT_EQ(filed.status, 201) << filed.body;
    std::int64_t id = filed.Json()["complaint"]["id"];
    EXPECT_EQ(filed.Json()["complaint"]["complainant"]["customer_id"], "VI**********42");
    for (const auto& reader : {"agent1", "auditor1", "leader1"}) {
        HttpResult seen = As(reader).Get(Path(id));
        ASSERT_EQ(seen.status, 200) << reader;
        EXPECT_EQ(seen.body.find("VIP20231100042"), std::string::npos) << reader << " sees it masked";
    }
    HttpResult revealed = As("agent1").Post(Path(id, "/reveal"), json::object());
    ASSERT_EQ(revealed.status, 200);
    EXPECT_EQ(revealed.Json()["complainant"]["customer_id"], "VIP20231100042");
    EXPECT_EQ(As("auditor1").Get(Path(id, "/timeline")).body.find("VIP20231100042"), std::string::npos)
        << "the audit trail keeps it masked";
    HttpResult repeat = As("agent1").Post("/api/v1/complaints/repeat-check", {{"customer_id", "VIP20231100042"}});
    ASSERT_EQ(repeat.status, 200);
    ASSERT_EQ(repeat.Json()["items"].size(), 1u) << "still found by its keyed index";
    EXPECT_EQ(repeat.Json()["items"][0]["id"], id);
}

}  // namespace
}  // namespace kesu::api_test
