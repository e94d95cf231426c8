// Two kesu nodes on one PostgreSQL database behave as one system: a session from one node works on the other, a
// change through one is visible at once through the other, an Idempotency-Key replays across nodes, and a live
// update reaches a browser connected to the other node. (On SQLite there is one node: these tests need
// PostgreSQL and run in api_tests_postgres.)
#include "api/live_socket.hpp"
#include "api/staffed_server.hpp"

namespace kesu::api_test {
namespace {

using nlohmann::json;

class TwoNodes : public ::testing::Test {
protected:
    void SetUp() override {
        if (std::getenv("KESU_TEST_PG_URL") == nullptr || *std::getenv("KESU_TEST_PG_URL") == '\0')
            GTEST_SKIP() << "several nodes share one PostgreSQL database: runs in api_tests_postgres";
        first_ = std::make_unique<KesuProcess>();
        first_->CreateUser("agent", "agent", "客服部");
        first_->CreateUser("specialist", "specialist", "客服部");
        first_->Start();
        second_ = std::make_unique<KesuProcess>(*first_);
        second_->Start();
    }
    void TearDown() override {
        second_.reset();
        first_.reset();
    }
    std::unique_ptr<KesuProcess> first_;
    std::unique_ptr<KesuProcess> second_;
};

json NewComplaint(const std::string& subject) {
    return {{"channel", "phone"}, {"subject", subject}, {"description", "两个节点"},
            {"complainant", {{"name", "节点测试"}, {"phone", "13812340000"}}}};
}

TEST_F(TwoNodes, ASessionAndItsWritesWorkOnEitherNode) {
    ApiClient on_first(first_->BaseUrl());
    ASSERT_EQ(on_first.Login("agent", KesuProcess::kPassword).status, 200);
    HttpResult created = on_first.Post("/api/v1/complaints", NewComplaint("节点一创建"), {{"Idempotency-Key", "two-nodes-1"}});
    ASSERT_EQ(created.status, 201) << created.body;
    std::int64_t id = created.Json()["complaint"]["id"];

    // The same cookie and CSRF token, presented to the other node.
    ApiClient on_second(second_->BaseUrl());
    std::string cookie = on_first.Cookie("kesu_session");
    std::string csrf = on_first.Get("/api/v1/auth/me").Json()["csrf_token"];
    on_second.SetCsrf(csrf);
    auto with_cookie = [&](const std::string& method, const std::string& path, const std::string& body,
                           std::map<std::string, std::string> headers = {}) {
        headers["Cookie"] = "kesu_session=" + cookie;
        headers["Content-Type"] = "application/json";
        return on_second.Send(method, path, body, headers);
    };
    HttpResult me = with_cookie("GET", "/api/v1/auth/me", "");
    ASSERT_EQ(me.status, 200) << "sessions live in the database";
    HttpResult read = with_cookie("GET", "/api/v1/complaints/" + std::to_string(id), "");
    ASSERT_EQ(read.status, 200) << "visible at once on the other node";
    EXPECT_EQ(read.Json()["subject"], "节点一创建");
    HttpResult replayed = with_cookie("POST", "/api/v1/complaints", NewComplaint("节点一创建").dump(),
                                      {{"Idempotency-Key", "two-nodes-1"}});
    EXPECT_EQ(replayed.status, 201);
    EXPECT_EQ(replayed.Header("idempotent-replayed"), "true");
    EXPECT_EQ(replayed.Json()["complaint"]["id"], id) << "the key is remembered by the database, not the node";
}

TEST_F(TwoNodes, ALiveUpdateReachesABrowserOnTheOtherNode) {
    ApiClient watcher(second_->BaseUrl());
    ASSERT_EQ(watcher.Login("specialist", KesuProcess::kPassword).status, 200);
    boost::beast::error_code error;
    auto socket = LiveSocket::Open(second_->BaseUrl(), watcher.Cookie("kesu_session"), error);
    ASSERT_FALSE(error) << error.message();

    ApiClient writer(first_->BaseUrl());
    ASSERT_EQ(writer.Login("agent", KesuProcess::kPassword).status, 200);
    HttpResult created = writer.Post("/api/v1/complaints", NewComplaint("跨节点实时"));
    ASSERT_EQ(created.status, 201);
    auto frame = socket->NextAbout(created.Json()["complaint"]["id"], 10);
    ASSERT_TRUE(frame) << "the change committed through node one reached node two's WebSocket";
}

TEST_F(TwoNodes, TheAuditChainStaysWholeUnderWritesFromBothNodes) {
    // Signed in one after the other: the writes are what runs concurrently here. (Two sign-ins at the same instant
    // from an address near its failure limit can be refused, since each is counted before its password is checked
    // -- issue 13, finding 3; the suite's earlier tests leave 127.0.0.1's failures in the shared database.)
    std::vector<std::unique_ptr<ApiClient>> clients;
    for (KesuProcess* node : {first_.get(), second_.get()}) {
        clients.push_back(std::make_unique<ApiClient>(node->BaseUrl()));
        ASSERT_EQ(clients.back()->Login("agent", KesuProcess::kPassword).status, 200);
    }
    std::vector<std::thread> writers;
    for (auto& client : clients) {
        writers.emplace_back([&client] {
            for (int i = 0; i < 40; ++i) EXPECT_EQ(client->Post("/api/v1/complaints", NewComplaint("并发审计")).status, 201);
        });
    }
    for (auto& writer : writers) writer.join();
    CommandResult verified = first_->Run({"audit", "verify"});
    EXPECT_EQ(verified.exit_code, 0) << verified.output;
}

}  // namespace
}  // namespace kesu::api_test
