// Segregation of duties (issue 13, finding 8): nobody changes a rule that governs their own decisions, and the
// auditors hear of every change of the approval limit and of the right to see personal data.
#include "api/staffed_server.hpp"

namespace kesu::api_test {
namespace {

using nlohmann::json;

class Segregation : public StaffedServer {};

// The auditor's in-app notices of one kind whose body mentions `needle`.
int AuditorNotices(const std::string& kind, const std::string& needle) {
    json inbox = StaffedServer::As("auditor1").Get("/api/v1/notifications?limit=200").Json();
    int found = 0;
    for (const auto& item : inbox["items"])
        if (item["kind"] == kind && item["body"].get<std::string>().find(needle) != std::string::npos) ++found;
    return found;
}

// Audit events of one action that carry a change of `field` to `after`.
int AuditEvents(const std::string& action, const std::string& field, const std::string& after) {
    json events = StaffedServer::As("auditor1").Get("/api/v1/audit/events?limit=200").Json();
    int found = 0;
    for (const auto& event : events["items"]) {
        if (event["action"] != action) continue;
        for (const auto& change : event["changes"])
            if (change["field"] == field && change["after"] == after) ++found;
    }
    return found;
}

TEST_F(Segregation, AManagerRefusedAboveTheLimitCannotRaiseItAndTheAdminChangeReachesTheAuditors) {
    json complaint = RegisterByPhone("八万元赔偿");
    std::int64_t id = complaint["id"];
    ASSERT_EQ(Act("spec1", id, "triage",
                  {{"category_id", CategoryId("quality.defect")},
                   {"level", "important"},
                   {"difficulty", "simple"},
                   {"department_id", DepartmentId("客服部")},
                   {"owner_id", UserId("spec1")}})
                  .status,
              200);
    ASSERT_EQ(Act("spec1", id, "start_investigation").status, 200);
    ASSERT_EQ(Act("spec1", id, "record_cause",
                  {{"cause",
                    {{"category", "logistics"},
                     {"root_cause", "运输破损"},
                     {"responsible_department_id", DepartmentId("物流部")},
                     {"responsible_person", "赵司机"}}}})
                  .status,
              200);
    HttpResult plan = Act("spec1", id, "submit_plan",
                          {{"measures",
                            {{{"description", "整机更换"},
                              {"owner", "售后王工"},
                              {"deadline", "2026-12-01T18:00:00+08:00"},
                              {"expected_effect", "客户满意"}}}},
                           {"compensation", "80000.00"}});
    ASSERT_EQ(plan.status, 200) << plan.body;
    ASSERT_EQ(Act("mgr1", id, "approve_plan").status, 403) << "80,000 is above the manager's limit of 5,000";

    // The manager tries to raise the limit that refused them: 403 naming the field, nothing written.
    json before = As("mgr1").Get("/api/v1/settings/process").Json();
    auto [complaints, events] = WrittenSoFar();
    HttpResult raised = As("mgr1").Put("/api/v1/settings/process",
                                       {{"manager_approval_limit", "100000.00"}, {"appeal_window_days", 30}});
    EXPECT_EQ(raised.status, 403) << raised.body;
    EXPECT_EQ(raised.Json()["field"], "manager_approval_limit");
    EXPECT_EQ(WrittenSoFar(), std::make_pair(complaints, events));
    EXPECT_EQ(As("mgr1").Get("/api/v1/settings/process").Json(), before);
    EXPECT_EQ(Act("mgr1", id, "approve_plan").status, 403) << "the 80,000 plan stays refused to the manager";
    EXPECT_EQ(
        As("leader1")
            .Put("/api/v1/settings/process", {{"manager_approval_limit", "100000.00"}, {"appeal_window_days", 30}})
            .status,
        403);

    // Managers keep the rest of the process settings: the appeal window, with the limit unchanged.
    HttpResult window =
        As("mgr1").Put("/api/v1/settings/process",
                       {{"manager_approval_limit", before["manager_approval_limit"]}, {"appeal_window_days", 45}});
    EXPECT_EQ(window.status, 200) << window.body;
    EXPECT_EQ(AuditorNotices("approval_limit_changed", ""), 0) << "an unchanged limit tells the auditors nothing";

    // The admin, who approves no plan, may change it; the change is audited and the auditors are told.
    HttpResult by_admin = As("admin1").Put("/api/v1/settings/process",
                                           {{"manager_approval_limit", "6000.00"}, {"appeal_window_days", 30}});
    ASSERT_EQ(by_admin.status, 200) << by_admin.body;
    EXPECT_EQ(AuditEvents("settings_updated", "process.manager_approval_limit", "6000.00"), 1);
    EXPECT_EQ(AuditorNotices("approval_limit_changed", "6000.00"), 1);
    EXPECT_EQ(Act("mgr1", id, "approve_plan").status, 403) << "6,000 is still below 80,000";
    ASSERT_EQ(As("admin1")
                  .Put("/api/v1/settings/process", {{"manager_approval_limit", before["manager_approval_limit"]},
                                                    {"appeal_window_days", before["appeal_window_days"]}})
                  .status,
              200);
    EXPECT_EQ(Act("leader1", id, "approve_plan").status, 200) << "a leader approves what is above the limit";
}

TEST_F(Segregation, NobodyGrantsThemselvesTheRightToSeePersonalDataAndTheAuditorsHearOfEveryGrant) {
    std::int64_t admin_id = UserId("admin1");
    json admin = As("admin1").Get("/api/v1/users/" + std::to_string(admin_id)).Json();
    ASSERT_EQ(admin["pii_grant"], false);
    auto [complaints, events] = WrittenSoFar();
    HttpResult self_grant = As("admin1").Patch("/api/v1/users/" + std::to_string(admin_id),
                                               {{"version", admin["version"]}, {"pii_grant", true}});
    EXPECT_EQ(self_grant.status, 403) << self_grant.body;
    EXPECT_EQ(self_grant.Json()["field"], "pii_grant");
    EXPECT_EQ(WrittenSoFar(), std::make_pair(complaints, events));
    EXPECT_EQ(As("admin1").Get("/api/v1/users/" + std::to_string(admin_id)).Json()["pii_grant"], false);

    // Granting it to someone else stays the admin's, audited and told to the auditors; so is the revocation.
    HttpResult created = As("admin1").Post(
        "/api/v1/users",
        {{"username", "pii.reader"}, {"display_name", "合规复核员"}, {"password", "Passw0rd!23"}, {"role", "leader"}});
    ASSERT_EQ(created.status, 201) << created.body;
    std::int64_t reader_id = created.Json()["id"];
    HttpResult granted = As("admin1").Patch("/api/v1/users/" + std::to_string(reader_id),
                                            {{"version", created.Json()["version"]}, {"pii_grant", true}});
    ASSERT_EQ(granted.status, 200) << granted.body;
    EXPECT_EQ(granted.Json()["pii_grant"], true);
    EXPECT_EQ(AuditEvents("user_updated", "user.pii_grant", "true"), 1);
    EXPECT_EQ(AuditorNotices("pii_grant_granted", "pii.reader"), 1);
    EXPECT_EQ(As("mgr1")
                  .Patch("/api/v1/users/" + std::to_string(reader_id),
                         {{"version", granted.Json()["version"]}, {"pii_grant", false}})
                  .status,
              403);
    HttpResult revoked = As("admin1").Patch("/api/v1/users/" + std::to_string(reader_id),
                                            {{"version", granted.Json()["version"]}, {"pii_grant", false}});
    ASSERT_EQ(revoked.status, 200) << revoked.body;
    EXPECT_EQ(AuditEvents("user_updated", "user.pii_grant", "false"), 1);
    EXPECT_EQ(AuditorNotices("pii_grant_revoked", "pii.reader"), 1);
}

}  // namespace
}  // namespace kesu::api_test
