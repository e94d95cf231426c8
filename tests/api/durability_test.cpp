// Nothing acknowledged is lost: complaints created with 2xx while kesu is killed with SIGKILL are all there
// after a restart; and the audit chain shows any edit made behind kesu's back.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "api/api_client.hpp"
#include "api/kesu_process.hpp"

#include <gtest/gtest.h>

namespace kesu::api_test {
namespace {

using nlohmann::json;

std::string IssueToken(KesuProcess& server, const std::string& username) {
    ApiClient client(server.BaseUrl());
    EXPECT_EQ(client.Login(username, KesuProcess::kPassword).status, 200);
    HttpResult me = client.Get("/api/v1/auth/me");
    std::int64_t id = me.Json()["user"]["id"];
    HttpResult token = client.Post("/api/v1/users/" + std::to_string(id) + "/tokens", {{"name", "load"}});
    EXPECT_EQ(token.status, 201) << token.body;
    return token.Json()["token"];
}

TEST(Durability, EveryAcknowledgedComplaintSurvivesKillDashNine) {
    KesuProcess server;
    server.CreateUser("loader", "agent", "客服部");
    server.Start();
    std::string token = IssueToken(server, "loader");

    std::mutex mutex;
    std::set<std::int64_t> acknowledged;
    std::atomic<bool> killed{false};
    std::atomic<int> created{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 8; ++t) {
        clients.emplace_back([&, t] {
            ApiClient client(server.BaseUrl());
            client.UseToken(token);
            for (int i = 0; !killed; ++i) {
                HttpResult result = client.Post(
                    "/api/v1/complaints",
                    {{"channel", "app"}, {"subject", "持久性测试 " + std::to_string(t) + "-" + std::to_string(i)},
                     {"description", "kill -9 之后必须仍在"}, {"complainant", {{"name", "测试"}, {"phone", "13800000000"}}}});
                if (result.status == 201) {
                    std::lock_guard lock(mutex);
                    acknowledged.insert(result.Json()["complaint"]["id"].get<std::int64_t>());
                    ++created;
                }
            }
        });
    }
    // Kill once a few hundred have been acknowledged, while requests are still in flight.
    while (created < 300) std::this_thread::yield();
    server.Kill9();
    killed = true;
    for (auto& client : clients) client.join();

    server.Start();
    ApiClient reader(server.BaseUrl());
    reader.UseToken(token);
    std::set<std::int64_t> found;
    std::string cursor;
    for (;;) {
        json page = reader.Get("/api/v1/complaints?limit=200" + (cursor.empty() ? "" : "&cursor=" + cursor)).Json();
        for (const auto& item : page["items"]) found.insert(item["id"].get<std::int64_t>());
        if (page["next_cursor"].is_null()) break;
        cursor = page["next_cursor"].get<std::string>();
    }
    ASSERT_GE(acknowledged.size(), 300u);
    for (std::int64_t id : acknowledged) EXPECT_TRUE(found.contains(id)) << "acknowledged complaint " << id << " was lost";
    CommandResult verified = server.Run({"audit", "verify"});
    EXPECT_EQ(verified.exit_code, 0) << verified.output;
}

// Runs SQL on kesu's database behind its back: the SQLite file, or the PostgreSQL database.
bool EditBehindKesusBack(const KesuProcess& server, const std::string& sqlite_sql, const std::string& postgres_sql) {
    if (!server.DatabaseUrl().empty()) {
        PGconn* conn = PQconnectdb(server.DatabaseUrl().c_str());
        PGresult* result = PQexec(conn, postgres_sql.c_str());
        bool done = PQresultStatus(result) == PGRES_COMMAND_OK;
        if (!done) ADD_FAILURE() << PQerrorMessage(conn);
        PQclear(result);
        PQfinish(conn);
        return done;
    }
    sqlite3* db = nullptr;
    if (sqlite3_open((server.DataDirectory() + "/kesu.db").c_str(), &db) != SQLITE_OK) return false;
    bool done = sqlite3_exec(db, sqlite_sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return done;
}

TEST(Durability, AuditVerifyNamesTheFirstAlteredEvent) {
    KesuProcess server;
    server.CreateUser("agent", "agent", "客服部");
    server.Start();
    ApiClient client(server.BaseUrl());
    ASSERT_EQ(client.Login("agent", KesuProcess::kPassword).status, 200);
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(client.Post("/api/v1/complaints", {{"channel", "phone"}, {"subject", "审计"}, {"description", "d"},
                                                    {"complainant", {{"name", "n"}, {"phone", "13800000000"}}}})
                      .status,
                  201);
    server.Stop();
    CommandResult intact = server.Run({"audit", "verify"});
    ASSERT_EQ(intact.exit_code, 0) << intact.output;

    // Someone with access to the database edits history behind kesu's back (dropping the guard trigger first).
    ASSERT_TRUE(EditBehindKesusBack(
        server, "DROP TRIGGER audit_events_no_update; UPDATE audit_events SET text = 'forged' WHERE seq = 4;",
        "DROP TRIGGER audit_events_no_update ON audit_events; UPDATE audit_events SET text = 'forged' WHERE seq = 4;"));
    CommandResult broken = server.Run({"audit", "verify"});
    EXPECT_EQ(broken.exit_code, 3);
    EXPECT_NE(broken.output.find("BROKEN at event 4"), std::string::npos) << broken.output;
    EXPECT_NE(broken.output.find("content altered"), std::string::npos) << broken.output;

    ASSERT_TRUE(EditBehindKesusBack(
        server, "DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE seq = 2;",
        "DROP TRIGGER audit_events_no_delete ON audit_events; DELETE FROM audit_events WHERE seq = 2;"));
    CommandResult gap = server.Run({"audit", "verify"});
    EXPECT_NE(gap.output.find("BROKEN at event 2"), std::string::npos) << gap.output;
}

}  // namespace
}  // namespace kesu::api_test
