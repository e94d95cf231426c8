// Requests an attacker sends, against kesu serving its web UI (the normal way to run it): none of them may end the
// process, each gets a 4xx problem, and kesu keeps answering valid requests afterwards (issue 13).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

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
        server_->Start({"--web-root", web_root_, "--log-level", "info"});
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

std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

TEST_F(HostileRequests, ANewlineInAPathCannotForgeALogLine) {
    ASSERT_EQ(StatusOf(Get("/%0A2026-01-01T00:00:00.000+00:00%20level=error%20msg=forged%0D")), 200);
    ASSERT_EQ(StatusOf(Get("/x%20status=500%20user=1")), 200);
    std::string log = ReadFile(server_->LogPath());
    bool seen = false;
    for (const std::string& line : Lines(log)) {
        EXPECT_FALSE(line.starts_with("2026-01-01")) << "a forged line: " << line;
        EXPECT_EQ(line.find('\r'), std::string::npos) << line;
        if (line.find("msg=forged") != std::string::npos) {
            seen = true;
            EXPECT_NE(line.find(R"(path="/\n2026-01-01T00:00:00.000+00:00 level=error msg=forged\r")"), std::string::npos)
                << line;
        }
        if (line.find("/x status=500") != std::string::npos) {
            EXPECT_NE(line.find(R"(path="/x status=500 user=1" status=200)"), std::string::npos) << line;
        }
    }
    EXPECT_TRUE(seen) << log;
    ExpectStillServing();
}

TEST_F(HostileRequests, UnknownMethodsDoNotGrowTheMetrics) {
    auto send = [](const std::string& method) {
        return RawExchange(server_->Port(),
                           method + " /api/v1/nothing HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    };
    for (int i = 0; i < 20; ++i) send("WARMUP" + std::to_string(i));
    std::string before = BodyOf(Get("/metrics"));
    for (int i = 0; i < 500; ++i) EXPECT_EQ(StatusOf(send("M" + std::to_string(i) + "X")), 404);
    std::string after = BodyOf(Get("/metrics"));
    EXPECT_EQ(after.find("M1X"), std::string::npos);
    EXPECT_NE(after.find(R"(route="unmatched",method="other",status="404")"), std::string::npos) << after;
    EXPECT_LT(after.size(), before.size() + 2000) << "500 new methods added series";
    ExpectStillServing();
}

TEST(LogFormat, JsonLinesCarryEveryFieldAndNothingForged) {
    KesuProcess server;
    server.CaptureLog();
    server.Start({"--log-level", "info", "--log-format", "json"});
    ApiClient client(server.BaseUrl());
    EXPECT_EQ(client.Get("/healthz").status, 200);
    EXPECT_EQ(StatusOf(RawExchange(server.Port(), "GET /api/v1/%0A%22level%22:%22error%22 HTTP/1.1\r\nHost: x\r\n"
                                                  "Connection: close\r\n\r\n")),
              404);
    server.Stop();
    std::vector<std::string> lines = Lines(ReadFile(server.LogPath()));
    ASSERT_FALSE(lines.empty());
    bool saw_health = false, saw_forgery = false;
    for (const std::string& line : lines) {
        nlohmann::json entry = nlohmann::json::parse(line, nullptr, false);
        ASSERT_FALSE(entry.is_discarded()) << "not JSON: " << line;
        EXPECT_TRUE(entry.contains("time") && entry.contains("level") && entry.contains("msg")) << line;
        if (entry.value("route", "") == "health") {
            saw_health = true;
            EXPECT_EQ(entry["msg"], "request");
            EXPECT_EQ(entry["status"], 200);
            EXPECT_EQ(entry["path"], "/healthz");
        }
        if (entry.value("route", "") == "unmatched") {
            saw_forgery = true;
            EXPECT_EQ(entry["level"], "info");
            EXPECT_EQ(entry["path"], "/api/v1/\n\"level\":\"error\"");
        }
    }
    EXPECT_TRUE(saw_health);
    EXPECT_TRUE(saw_forgery);
}

}  // namespace
}  // namespace kesu::api_test
