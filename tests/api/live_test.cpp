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

TEST_F(Live, AnAnonymousUpgradeIsRefused) {
    boost::beast::error_code error;
    auto socket = Open("", error);
    EXPECT_TRUE(error) << "the handshake must fail without a session";
}

}  // namespace
}  // namespace kesu::api_test
