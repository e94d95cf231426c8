#include "api/staffed_server.hpp"

namespace kesu::api_test {

using nlohmann::json;

void StaffedServer::SetUpTestSuite() {
    server_ = std::make_unique<KesuProcess>();
    server_->CreateUser("admin1", "admin");
    server_->CreateUser("agent1", "agent", "客服部");
    server_->CreateUser("agent2", "agent", "物流部");
    server_->CreateUser("spec1", "specialist", "客服部");
    server_->CreateUser("mgr1", "manager", "客服部");
    server_->CreateUser("mgr2", "manager", "客服部");
    server_->CreateUser("dept1", "department", "物流部");
    server_->CreateUser("leader1", "leader");
    server_->CreateUser("auditor1", "auditor");
    server_->Start({"--portal-submissions-per-hour", "1000"});
}

void StaffedServer::TearDownTestSuite() {
    clients_.clear();
    server_.reset();
}

ApiClient& StaffedServer::As(const std::string& username) {
    auto it = clients_.find(username);
    if (it != clients_.end()) return *it->second;
    auto client = std::make_unique<ApiClient>(server_->BaseUrl());
    HttpResult login = client->Login(username, KesuProcess::kPassword);
    EXPECT_EQ(login.status, 200) << username << ": " << login.body;
    return *(clients_[username] = std::move(client));
}

std::unique_ptr<ApiClient> StaffedServer::Anonymous() { return std::make_unique<ApiClient>(server_->BaseUrl()); }

std::int64_t StaffedServer::DepartmentId(const std::string& name) {
    json departments = As("admin1").Get("/api/v1/departments").Json();
    for (const auto& department : departments["items"])
        if (department["name"] == name) return department["id"].get<std::int64_t>();
    ADD_FAILURE() << "no department " << name;
    return 0;
}

std::int64_t StaffedServer::UserId(const std::string& username) {
    json users = As("admin1").Get("/api/v1/users").Json();
    for (const auto& user : users["items"])
        if (user["username"] == username) return user["id"].get<std::int64_t>();
    ADD_FAILURE() << "no user " << username;
    return 0;
}

std::int64_t StaffedServer::CategoryId(const std::string& code) {
    json categories = Anonymous()->Get("/api/v1/categories").Json();
    for (const auto& category : categories["items"])
        if (category["code"] == code) return category["id"].get<std::int64_t>();
    ADD_FAILURE() << "no category " << code;
    return 0;
}

json StaffedServer::RegisterByPhone(const std::string& subject, const std::string& phone) {
    HttpResult created = As("agent1").Post(
        "/api/v1/complaints",
        {{"channel", "phone"},
         {"subject", subject},
         {"description", "客户来电：收到的洗衣机外壳有凹陷，要求上门更换。"},
         {"product", "滚筒洗衣机 W10"},
         {"order_number", "SO-2026-1122-0042"},
         {"amount", "2999.00"},
         {"customer_request", "换新"},
         {"complainant", {{"name", "王小明"}, {"phone", phone}, {"email", "wang@example.com"}}},
         {"acknowledge", true}});
    EXPECT_EQ(created.status, 201) << created.body;
    return created.Json()["complaint"];
}

HttpResult StaffedServer::Act(const std::string& username, std::int64_t id, const std::string& action, json body) {
    ApiClient& client = As(username);
    // Read the version as the auditor (who sees everything), so a refusal is about the action, not the read.
    json current = As("auditor1").Get("/api/v1/complaints/" + std::to_string(id)).Json();
    if (!body.contains("version") && current.is_object() && current.contains("version")) body["version"] = current["version"];
    return client.Post("/api/v1/complaints/" + std::to_string(id) + "/actions/" + action, body);
}

std::pair<std::size_t, std::int64_t> StaffedServer::WrittenSoFar() {
    std::size_t complaints = 0;
    std::string cursor;
    for (;;) {
        json page = As("admin1").Get("/api/v1/complaints?limit=200" + (cursor.empty() ? "" : "&cursor=" + cursor)).Json();
        complaints += page["items"].size();
        if (page["next_cursor"].is_null()) break;
        cursor = page["next_cursor"].get<std::string>();
    }
    json events = As("auditor1").Get("/api/v1/audit/events?limit=1").Json()["items"];
    std::int64_t last_seq = events.empty() ? 0 : events[0]["seq"].get<std::int64_t>();
    return {complaints, last_seq};
}

}  // namespace kesu::api_test
