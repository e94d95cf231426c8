// Requests an attacker sends, against kesu serving its web UI (the normal way to run it): none of them may end the
// process, each gets a 4xx problem, and kesu keeps answering valid requests afterwards (issue 13).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "api/api_client.hpp"
#include "api/kesu_process.hpp"
#include "api/raw_http.hpp"

namespace kesu::api_test {
namespace {

// One kesu for the whole suite, with a small web UI of its own (index.html and one asset).
class HostileRequests : public ::testing::Test {
public:
    static void SetUpTestSuite() {
        server_ = std::make_unique<KesuProcess>();
        web_root_ = server_->DataDirectory() + "/web";
        std::filesystem::create_directories(web_root_ + "/assets");
        std::ofstream(web_root_ + "/index.html") << "<!doctype html><title>kesu</title>";
        std::ofstream(web_root_ + "/assets/app.js") << "console.log('kesu')";
        server_->CaptureLog();
        server_->Start({"--web-root", web_root_});
    }
    static void TearDownTestSuite() { server_.reset(); }

protected:
    static std::string Get(const std::string& raw_target) {
        return RawExchange(server_->Port(),
                           "GET " + raw_target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    }

    // The process is alive and serves both the API and the UI.
    static void ExpectStillServing() {
        ASSERT_TRUE(server_->Alive()) << "kesu died";
        EXPECT_EQ(StatusOf(Get("/healthz")), 200);
        std::string index = Get("/");
        EXPECT_EQ(StatusOf(index), 200);
        EXPECT_NE(index.find("<title>kesu</title>"), std::string::npos);
    }

    static void ExpectProblem(const std::string& response, int status) {
        EXPECT_EQ(StatusOf(response), status) << response;
        EXPECT_NE(response.find("application/problem+json"), std::string::npos) << response;
    }

    static inline std::unique_ptr<KesuProcess> server_;
    static inline std::string web_root_;
};

TEST_F(HostileRequests, TheWebUiAndItsAssetsAreServed) {
    ExpectStillServing();
    EXPECT_EQ(StatusOf(Get("/assets/app.js")), 200);
    EXPECT_EQ(StatusOf(Get("/complaints/42")), 200) << "client-side routes get index.html";
}

TEST_F(HostileRequests, InvalidPercentEscapesAnswer400) {
    for (const char* target : {"/%", "/%Z", "/%ZZ", "/a%4", "/api/v1/complaints/%ZZ", "/assets/%G0.js", "/healthz?x=%",
                               "/api/v1/complaints?q=%E4%B8%", "/%00", "/index.html%00.js"}) {
        SCOPED_TRACE(target);
        ExpectProblem(Get(target), 400);
    }
    ExpectStillServing();
}

TEST_F(HostileRequests, TargetsThatAreNotPathsAnswer400) {
    ExpectProblem(Get("*"), 400);
    ExpectProblem(Get("http://127.0.0.1/"), 400);
    ExpectProblem(Get("%2F"), 400);
    ExpectStillServing();
}

TEST_F(HostileRequests, OverLongPathSegmentsAreNoFile) {
    const std::string segment(256, 'a');
    for (const std::string& target :
         {"/" + segment, "/" + segment + "/x", "/assets/" + segment + ".js",
          "/a/" + std::string(100, 'b') + "/" + segment, "/" + std::string(255, 'c') + "/" + std::string(255, 'd')}) {
        SCOPED_TRACE(target.substr(0, 40));
        std::string response = Get(target);
        int status = StatusOf(response);
        if (target.find(segment) != std::string::npos)
            ExpectProblem(response, 404);
        else
            EXPECT_EQ(status, 200) << "names no longer than 255 bytes are client-side routes";
    }
    std::string deep;
    while (deep.size() < 5000) deep += "/" + std::string(200, 'e');
    ExpectProblem(Get(deep), 404);
    ExpectStillServing();
}

TEST_F(HostileRequests, TraversalOutOfTheWebRootFindsNothing) {
    std::ofstream(server_->DataDirectory() + "/secret.txt") << "not for the web";
    for (const char* target :
         {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt"}) {
        SCOPED_TRACE(target);
        std::string response = Get(target);
        EXPECT_EQ(response.find("not for the web"), std::string::npos) << response;
    }
    ExpectStillServing();
}

}  // namespace
}  // namespace kesu::api_test
