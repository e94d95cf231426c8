// Live updates: a WebSocket signed in with the session cookie receives the complaints its user may see as soon
// as a change commits, and nothing about complaints outside the user's scope.
#include "api/live_socket.hpp"
#include "api/staffed_server.hpp"

namespace kesu::api_test {
namespace {

using nlohmann::json;

class Live : public StaffedServer {
protected:
    static std::unique_ptr<LiveSocket> Open(const std::string& username, boost::beast::error_code& error) {
        return LiveSocket::Open(server_->BaseUrl(), username.empty() ? "" : As(username).Cookie("kesu_session"), error);
    }
};

TEST_F(Live, ASignedInUserSeesChangesTheMomentTheyCommit) {
    boost::beast::error_code error;
    auto socket = Open("spec1", error);
    ASSERT_FALSE(error) << error.message();
    json complaint = RegisterByPhone("实时更新");
    auto created = socket->NextAbout(complaint["id"], 10, "acknowledged");
    ASSERT_TRUE(created);
    EXPECT_EQ((*created)["status"], "acknowledged");
    ASSERT_EQ(Act("spec1", complaint["id"], "triage", {{"category_id", CategoryId("other")}, {"level", "general"},
                                                       {"difficulty", "simple"}, {"department_id", DepartmentId("客服部")}})
                  .status,
              200);
    auto triaged = socket->NextAbout(complaint["id"], 10, "triaged");
    ASSERT_TRUE(triaged);
    EXPECT_EQ((*triaged)["status"], "triaged");
    EXPECT_EQ(triaged->dump().find("13812345678"), std::string::npos) << "no personal data on the wire";
}

TEST_F(Live, OtherDepartmentsHearNothingAboutIt) {
    boost::beast::error_code error;
    auto outsider = Open("dept1", error);
    ASSERT_FALSE(error);
    json complaint = RegisterByPhone("部门外");
    ASSERT_EQ(Act("spec1", complaint["id"], "triage", {{"category_id", CategoryId("other")}, {"level", "general"},
                                                       {"difficulty", "simple"}, {"department_id", DepartmentId("客服部")}})
                  .status,
              200);
    EXPECT_FALSE(outsider->NextAbout(complaint["id"], 2)) << "物流部's department user is outside 客服部's scope";
}

// A socket outlives the request that opened it: once its user's sign-in ends it is told so and hears nothing more.
// A second user's socket receives the same complaint, which proves the change was published to every socket.
TEST_F(Live, ASocketHearsNothingMoreOnceItsUserIsDeactivatedOrSignsOut) {
    for (const char* ending : {"deactivated", "signed out"}) {
        SCOPED_TRACE(ending);
        std::string username = std::string("live.") + (ending[0] == 'd' ? "deactivated" : "signout");
        HttpResult created = As("admin1").Post("/api/v1/users", {{"username", username},
                                                                 {"display_name", "临时"},
                                                                 {"password", "Passw0rd!23"},
                                                                 {"role", "agent"},
                                                                 {"department_id", DepartmentId("客服部")}});
        ASSERT_EQ(created.status, 201) << created.body;
        auto user = Anonymous();
        ASSERT_EQ(user->Login(username, "Passw0rd!23").status, 200);
        boost::beast::error_code error;
        auto socket = LiveSocket::Open(server_->BaseUrl(), user->Cookie("kesu_session"), error);
        ASSERT_FALSE(error) << error.message();
        auto witness = Open("spec1", error);
        ASSERT_FALSE(error);
        json before = RegisterByPhone("停用前");
        ASSERT_TRUE(socket->NextAbout(before["id"], 10)) << "the socket works while its user is signed in";

        if (ending[0] == 'd') {
            ASSERT_EQ(As("admin1")
                          .Patch("/api/v1/users/" + std::to_string(created.Json()["id"].get<std::int64_t>()),
                                 {{"version", 1}, {"active", false}})
                          .status,
                      200);
        } else {
            ASSERT_EQ(user->Post("/api/v1/auth/logout", json::object()).status, 204);
        }
        EXPECT_TRUE(socket->NextOfType("signed_out", 10));
        json after = RegisterByPhone("停用后");
        ASSERT_TRUE(witness->NextAbout(after["id"], 10));
        for (const auto& frame : socket->Drain(200)) EXPECT_NE(frame["type"], "complaint") << frame.dump();
    }
}

TEST_F(Live, AnAnonymousUpgradeIsRefused) {
    boost::beast::error_code error;
    auto socket = Open("", error);
    EXPECT_TRUE(error) << "the handshake must fail without a session";
}

}  // namespace
}  // namespace kesu::api_test
