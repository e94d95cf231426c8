// What a company putting kesu on a network relies on (issue 13): files at rest for kesu's user only, no
// customer secret in clear in the database.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>

#include "api/api_client.hpp"
#include "api/kesu_process.hpp"

namespace kesu::api_test {
namespace {

using nlohmann::json;

// The first column of every row of a query run on kesu's database behind its back (SQLite file or PostgreSQL).
std::vector<std::string> QueryBehindKesusBack(const KesuProcess& server, const std::string& sql) {
    std::vector<std::string> values;
    if (!server.DatabaseUrl().empty()) {
        PGconn* conn = PQconnectdb(server.DatabaseUrl().c_str());
        PGresult* result = PQexec(conn, sql.c_str());
        if (PQresultStatus(result) != PGRES_TUPLES_OK)
            ADD_FAILURE() << sql << ": " << PQerrorMessage(conn);
        else
            for (int i = 0; i < PQntuples(result); ++i) values.emplace_back(PQgetvalue(result, i, 0));
        PQclear(result);
        PQfinish(conn);
        return values;
    }
    sqlite3* db = nullptr;
    sqlite3_open((server.DataDirectory() + "/kesu.db").c_str(), &db);
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
        ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
    } else {
        while (sqlite3_step(statement) == SQLITE_ROW) {
            const unsigned char* text = sqlite3_column_text(statement, 0);
            values.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
        }
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return values;
}

unsigned Mode(const std::string& path) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) {
        ADD_FAILURE() << path << " does not exist";
        return 0;
    }
    return status.st_mode & 07777;
}

const json kPhoneComplaint{{"channel", "phone"},
                           {"subject", "洗衣机漏水"},
                           {"description", "新买的洗衣机漏水"},
                           {"complainant", {{"name", "王小明"}, {"phone", "13812345678"}}}};

TEST(DataAtRest, DatabaseLogKeysAndBackupsAreForKesusUserAlone) {
    KesuProcess server;
    server.CreateUser("agent1", "agent");
    const std::string data = server.DataDirectory();
    // A data directory as an older kesu, or an administrator, left it: readable by everyone.
    std::filesystem::permissions(data, std::filesystem::perms(0755));
    if (server.DatabaseUrl().empty()) std::filesystem::permissions(data + "/kesu.db", std::filesystem::perms(0644));
    server.Start();
    ApiClient agent(server.BaseUrl());
    ASSERT_EQ(agent.Login("agent1", KesuProcess::kPassword).status, 200);
    ASSERT_EQ(agent.Post("/api/v1/complaints", kPhoneComplaint).status, 201);

    EXPECT_EQ(Mode(data), 0700u);
    EXPECT_EQ(Mode(data + "/keys"), 0700u);
    EXPECT_EQ(Mode(data + "/keys/pii.key"), 0600u);
    if (server.DatabaseUrl().empty()) {
        for (const char* file : {"/kesu.db", "/kesu.db-wal", "/kesu.db-shm", "/kesu.search.db"})
            EXPECT_EQ(Mode(data + file), 0600u) << file;
        const std::string backup = data + "/../kesu-backup-" + std::to_string(::getpid()) + ".db";
        std::filesystem::remove(backup);
        CommandResult copied = server.Run({"backup", "--to", backup});
        ASSERT_EQ(copied.exit_code, 0) << copied.output;
        EXPECT_EQ(Mode(backup), 0600u) << "a backup holds everything the database does";
        std::filesystem::remove(backup);
    }
}

TEST(DataAtRest, ARetriedRegistrationGetsItsAccessCodeWithoutTheDatabaseKeepingIt) {
    KesuProcess server;
    server.CreateUser("agent1", "agent");
    server.Start();
    ApiClient agent(server.BaseUrl());
    ASSERT_EQ(agent.Login("agent1", KesuProcess::kPassword).status, 200);
    HttpResult first = agent.Post("/api/v1/complaints", kPhoneComplaint, {{"Idempotency-Key", "call-20261122-1"}});
    ASSERT_EQ(first.status, 201) << first.body;
    HttpResult retry = agent.Post("/api/v1/complaints", kPhoneComplaint, {{"Idempotency-Key", "call-20261122-1"}});
    ASSERT_EQ(retry.status, 201) << retry.body;
    EXPECT_EQ(retry.Header("idempotent-replayed"), "true");
    std::string code = first.Json()["access_code"];
    EXPECT_EQ(retry.Json()["access_code"], code);
    EXPECT_EQ(
        ApiClient(server.BaseUrl())
            .Post("/api/v1/portal/track", {{"number", first.Json()["complaint"]["number"]}, {"access_code", code}})
            .status,
        200);

    HttpResult portal = ApiClient(server.BaseUrl())
                            .Post("/api/v1/portal/complaints",
                                  {{"subject", "网上提交"},
                                   {"description", "d"},
                                   {"privacy_consent", true},
                                   {"complainant", {{"name", "李四"}, {"phone", "13900001111"}}}},
                                  {{"Idempotency-Key", "portal-1"}});
    ASSERT_EQ(portal.status, 201) << portal.body;
    std::string portal_code = portal.Json()["access_code"];

    auto bodies = QueryBehindKesusBack(server, "SELECT body FROM idempotency_keys");
    ASSERT_EQ(bodies.size(), 2u);
    for (const auto& body : bodies) {
        EXPECT_EQ(body.find(code), std::string::npos) << body;
        EXPECT_EQ(body.find(portal_code), std::string::npos) << body;
    }
    for (const auto& digest : QueryBehindKesusBack(server, "SELECT access_code_digest FROM complaints")) {
        EXPECT_EQ(digest.find(code), std::string::npos);
        EXPECT_TRUE(digest.starts_with("k1:")) << "keyed: a copy of the database cannot try all codes: " << digest;
    }
}

}  // namespace
}  // namespace kesu::api_test
