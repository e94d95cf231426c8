// Live updates: a WebSocket signed in with the session cookie receives the complaints its user may see as soon
// as a change commits, and nothing about complaints outside the user's scope.
#include <utility>  // before Asio (GCC 12 + C++23 + Boost 1.74)

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "api/staffed_server.hpp"

namespace kesu::api_test {
namespace {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using nlohmann::json;

class Live : public StaffedServer {
protected:
    struct Socket {
        net::io_context io;
        websocket::stream<beast::tcp_stream> ws{io};
    };

    static std::unique_ptr<Socket> Open(const std::string& username, beast::error_code& error) {
        auto socket = std::make_unique<Socket>();
        std::string port = server_->BaseUrl().substr(server_->BaseUrl().rfind(':') + 1);
        net::ip::tcp::resolver resolver(socket->io);
        beast::get_lowest_layer(socket->ws).connect(resolver.resolve("127.0.0.1", port));
        std::string cookie = username.empty() ? "" : "kesu_session=" + As(username).Cookie("kesu_session");
        socket->ws.set_option(websocket::stream_base::decorator([cookie](websocket::request_type& request) {
            if (!cookie.empty()) request.set(beast::http::field::cookie, cookie);
        }));
        socket->ws.handshake("127.0.0.1:" + port, "/api/v1/live", error);
        return socket;
    }

    // Reads frames until one about complaint `id` (with `status`, if given) arrives, or `seconds` pass.
    // Asynchronous reads driven by run_for: a synchronous read would ignore the deadline.
    static std::optional<json> NextAbout(Socket& socket, std::int64_t id, int seconds, const std::string& status = "") {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        for (;;) {
            beast::flat_buffer buffer;
            std::optional<beast::error_code> result;
            socket.ws.async_read(buffer, [&](beast::error_code error, std::size_t) { result = error; });
            socket.io.restart();
            while (!result && std::chrono::steady_clock::now() < deadline)
                socket.io.run_for(std::chrono::milliseconds(100));
            if (!result) {
                beast::get_lowest_layer(socket.ws).cancel();  // abandon the pending read
                socket.io.restart();
                socket.io.run_for(std::chrono::milliseconds(200));
                return std::nullopt;
            }
            if (*result) return std::nullopt;
            json frame = json::parse(beast::buffers_to_string(buffer.data()));
            if (frame["type"] == "complaint" && frame["id"] == id && (status.empty() || frame["status"] == status))
                return frame;
        }
    }
};

TEST_F(Live, ASignedInUserSeesChangesTheMomentTheyCommit) {
    beast::error_code error;
    auto socket = Open("spec1", error);
    ASSERT_FALSE(error) << error.message();
    json complaint = RegisterByPhone("实时更新");
    auto created = NextAbout(*socket, complaint["id"], 10, "acknowledged");
    ASSERT_TRUE(created);
    EXPECT_EQ((*created)["status"], "acknowledged");
    ASSERT_EQ(Act("spec1", complaint["id"], "triage", {{"category_id", CategoryId("other")}, {"level", "general"},
                                                       {"difficulty", "simple"}, {"department_id", DepartmentId("客服部")}})
                  .status,
              200);
    auto triaged = NextAbout(*socket, complaint["id"], 10, "triaged");
    ASSERT_TRUE(triaged);
    EXPECT_EQ((*triaged)["status"], "triaged");
    EXPECT_EQ(triaged->dump().find("13812345678"), std::string::npos) << "no personal data on the wire";
}

TEST_F(Live, OtherDepartmentsHearNothingAboutIt) {
    beast::error_code error;
    auto outsider = Open("dept1", error);
    ASSERT_FALSE(error);
    json complaint = RegisterByPhone("部门外");
    ASSERT_EQ(Act("spec1", complaint["id"], "triage", {{"category_id", CategoryId("other")}, {"level", "general"},
                                                       {"difficulty", "simple"}, {"department_id", DepartmentId("客服部")}})
                  .status,
              200);
    EXPECT_FALSE(NextAbout(*outsider, complaint["id"], 2)) << "物流部's department user is outside 客服部's scope";
}

TEST_F(Live, AnAnonymousUpgradeIsRefused) {
    beast::error_code error;
    auto socket = Open("", error);
    EXPECT_TRUE(error) << "the handshake must fail without a session";
}

}  // namespace
}  // namespace kesu::api_test
