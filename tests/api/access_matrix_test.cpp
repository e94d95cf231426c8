// Role × route matrix: the roles allowed a route get 2xx, every other role 403, and nobody signed in 401.
#include <set>

#include "api/staffed_server.hpp"

namespace kesu::api_test {
namespace {

using nlohmann::json;

class AccessMatrix : public StaffedServer {};

const std::vector<std::string> kStaff{"admin1", "agent1", "agent2", "spec1", "mgr1", "dept1", "leader1", "auditor1"};

struct Case {
    std::string method;
    std::string path;
    json body;
    std::set<std::string> allowed;  // everyone else must get 403
};

long Call(ApiClient& client, const Case& c) {
    if (c.method == "GET") return client.Get(c.path).status;
    if (c.method == "POST") return client.Post(c.path, c.body).status;
    if (c.method == "PUT") return client.Put(c.path, c.body).status;
    if (c.method == "PATCH") return client.Patch(c.path, c.body).status;
    return client.Delete(c.path).status;
}

TEST_F(AccessMatrix, EachRouteAllowsExactlyItsRolesAndRefusesTheRest) {
    // A complaint of 客服部: visible to 客服部 staff and to roles that see everything.
    json complaint = RegisterByPhone("权限矩阵");
    std::int64_t id = complaint["id"];
    ASSERT_EQ(Act("spec1", id, "triage", {{"category_id", CategoryId("service.attitude")}, {"level", "general"},
                                           {"difficulty", "simple"}, {"department_id", DepartmentId("客服部")}})
                  .status,
              200);
    std::string complaint_path = "/api/v1/complaints/" + std::to_string(id);
    json new_complaint{{"channel", "walk_in"}, {"subject", "柜台投诉"}, {"description", "等候时间过长"},
                       {"complainant", {{"name", "孙先生"}, {"phone", "13511112222"}}}};
    int unique = 0;
    std::vector<Case> cases{
        {"GET", "/api/v1/complaints", {}, {"admin1", "agent1", "agent2", "spec1", "mgr1", "dept1", "leader1", "auditor1"}},
        {"POST", "/api/v1/complaints", new_complaint, {"agent1", "agent2", "spec1", "mgr1"}},
        {"GET", complaint_path, {}, {"admin1", "agent1", "spec1", "mgr1", "leader1", "auditor1"}},
        {"GET", complaint_path + "/timeline", {}, {"admin1", "agent1", "spec1", "mgr1", "leader1", "auditor1"}},
        {"POST", complaint_path + "/reveal", json::object(), {"agent1", "spec1", "mgr1"}},
        {"POST", complaint_path + "/messages", {{"visibility", "internal"}, {"body", "备注"}}, {"agent1", "spec1", "mgr1", "leader1"}},
        {"GET", "/api/v1/audit/events", {}, {"admin1", "auditor1"}},
        {"GET", "/api/v1/audit/verify", {}, {"admin1", "auditor1"}},
        {"GET", "/api/v1/departments", {}, {"admin1", "agent1", "agent2", "spec1", "mgr1", "dept1", "leader1", "auditor1"}},
        {"POST", "/api/v1/departments", {{"name", "新部门"}}, {"admin1"}},
        {"POST", "/api/v1/categories", {{"code", "other.x"}, {"name_zh", "其他X"}, {"name_en", "Other X"}}, {"admin1"}},
        {"PUT", "/api/v1/settings/process", {{"manager_approval_limit", "5000.00"}, {"appeal_window_days", 30}}, {"admin1", "mgr1"}},
        {"POST", "/api/v1/users", {{"username", "new.user"}, {"display_name", "新人"}, {"password", "Passw0rd!23"}, {"role", "agent"}}, {"admin1"}},
        {"GET", "/api/v1/workflow", {}, {"admin1", "agent1", "agent2", "spec1", "mgr1", "dept1", "leader1", "auditor1"}},
    };
    for (auto& c : cases) {
        for (const auto& user : kStaff) {
            Case attempt = c;
            if (attempt.path == "/api/v1/departments" && attempt.method == "POST") attempt.body["name"] = "新部门" + std::to_string(++unique);
            if (attempt.path == "/api/v1/categories" && attempt.method == "POST") attempt.body["code"] = "other.x" + std::to_string(++unique);
            if (attempt.path == "/api/v1/users" && attempt.method == "POST") attempt.body["username"] = "new.user" + std::to_string(++unique);
            long status = Call(As(user), attempt);
            if (c.allowed.contains(user)) EXPECT_TRUE(status >= 200 && status < 300) << user << " " << c.method << " " << c.path << " → " << status;
            else EXPECT_EQ(status, 403) << user << " " << c.method << " " << c.path;
        }
        EXPECT_EQ(Call(*Anonymous(), c), 401) << "anonymous " << c.method << " " << c.path;
    }
}

TEST_F(AccessMatrix, ProcessActionsFollowTheRolesPermissions) {
    json complaint = RegisterByPhone("动作权限");
    std::int64_t id = complaint["id"];
    for (const auto& user : {"dept1", "leader1", "auditor1", "admin1"})
        EXPECT_EQ(Act(user, id, "triage", {{"category_id", CategoryId("other")}, {"level", "general"},
                                           {"difficulty", "simple"}, {"department_id", DepartmentId("客服部")}})
                      .status,
                  403) << user;
    EXPECT_EQ(Act("agent1", id, "triage", {{"category_id", CategoryId("other")}, {"level", "general"},
                                           {"difficulty", "simple"}, {"department_id", DepartmentId("客服部")}})
                  .status,
              403)
        << "agents pass complaints on; specialists triage";
    EXPECT_EQ(Act("spec1", id, "triage", {{"category_id", CategoryId("other")}, {"level", "general"},
                                          {"difficulty", "simple"}, {"department_id", DepartmentId("客服部")}})
                  .status,
              200);
    json seen_by_agent = As("agent1").Get("/api/v1/complaints/" + std::to_string(id)).Json();
    json seen_by_manager = As("mgr1").Get("/api/v1/complaints/" + std::to_string(id)).Json();
    auto has = [](const json& c, const char* action) {
        for (const auto& a : c["actions"]) if (a == action) return true;
        return false;
    };
    EXPECT_FALSE(has(seen_by_agent, "start_investigation"));
    EXPECT_TRUE(has(seen_by_manager, "start_investigation"));
}

TEST_F(AccessMatrix, OtherDepartmentsCannotSeeOrTouchAComplaint) {
    json complaint = RegisterByPhone("部门隔离");
    std::int64_t id = complaint["id"];
    ASSERT_EQ(Act("spec1", id, "triage", {{"category_id", CategoryId("other")}, {"level", "general"},
                                           {"difficulty", "simple"}, {"department_id", DepartmentId("客服部")}})
                  .status,
              200);
    json list = As("agent2").Get("/api/v1/complaints?limit=200").Json();
    for (const auto& item : list["items"]) EXPECT_NE(item["id"], id);
    EXPECT_EQ(As("agent2").Get("/api/v1/complaints/" + std::to_string(id)).status, 403);
    EXPECT_EQ(As("agent2").Post("/api/v1/complaints/" + std::to_string(id) + "/messages",
                                {{"visibility", "internal"}, {"body", "越权"}}).status,
              403);
}

TEST_F(AccessMatrix, TheRepeatCheckShowsOtherDepartmentsComplaintsOnlyAsACount) {
    json complaint = RegisterByPhone("重复投诉隔离", "13677778888");
    std::int64_t id = complaint["id"];
    ASSERT_EQ(Act("spec1", id, "triage",
                  {{"category_id", CategoryId("other")},
                   {"level", "general"},
                   {"difficulty", "simple"},
                   {"department_id", DepartmentId("客服部")}})
                  .status,
              200);
    HttpResult elsewhere = As("agent2").Post("/api/v1/complaints/repeat-check", {{"phone", "13677778888"}});
    ASSERT_EQ(elsewhere.status, 200) << elsewhere.body;
    EXPECT_TRUE(elsewhere.Json()["items"].empty());
    EXPECT_EQ(elsewhere.Json()["out_of_scope"], 1);
    EXPECT_EQ(elsewhere.body.find("重复投诉隔离"), std::string::npos) << "nothing of the complaint but its count";

    HttpResult filed =
        As("agent2").Post("/api/v1/complaints", {{"channel", "phone"},
                                                 {"subject", "物流部登记"},
                                                 {"description", "同一客户"},
                                                 {"complainant", {{"name", "王小明"}, {"phone", "13677778888"}}}});
    ASSERT_EQ(filed.status, 201) << filed.body;
    EXPECT_TRUE(filed.Json()["open_by_same_person"].empty());
    EXPECT_EQ(filed.Json()["open_by_same_person_out_of_scope"], 1);
    EXPECT_EQ(filed.body.find("重复投诉隔离"), std::string::npos);

    HttpResult inside = As("agent1").Post("/api/v1/complaints/repeat-check", {{"phone", "13677778888"}});
    ASSERT_EQ(inside.status, 200);
    ASSERT_EQ(inside.Json()["items"].size(), 2u) << "客服部 sees its own and the intake pool's";
    EXPECT_EQ(inside.Json()["out_of_scope"], 0);
}

}  // namespace
}  // namespace kesu::api_test
