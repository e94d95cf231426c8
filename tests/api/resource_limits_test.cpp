// What a flood of connections or uploads can take from kesu (issue 13, findings 2 and 5): idle connections past
// --max-connections are answered 503 and writes go on under a low descriptor limit; an upload is authenticated and
// authorised from its headers before a byte of its body reaches the disk, and only --max-uploads stream at once.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "api/api_client.hpp"
#include "api/kesu_process.hpp"
#include "api/raw_http.hpp"

namespace kesu::api_test {
namespace {

using nlohmann::json;
using std::chrono::steady_clock;

// The value of an unlabelled metric in a /metrics text, or -1 when it is absent.
std::int64_t MetricValue(const std::string& text, const std::string& name) {
    std::size_t at = text.find("\n" + name + " ");
    if (at == std::string::npos) return -1;
    return std::stoll(text.substr(at + name.size() + 2));
}

json NewComplaint(const std::string& subject) {
    return {{"channel", "phone"},
            {"subject", subject},
            {"description", "客户来电：收到的洗衣机外壳有凹陷，要求上门更换。"},
            {"complainant", {{"name", "王小明"}, {"phone", "13812345678"}}},
            {"acknowledge", true}};
}

// Sends all of `bytes` on `fd` (the server may close early; what it took is enough).
void SendAll(int fd, const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        ssize_t count = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (count <= 0) return;
        sent += static_cast<std::size_t>(count);
    }
}

// What arrives on `fd` until the server closes it or `timeout` passes.
std::string ReadAnswer(int fd, std::chrono::milliseconds timeout) {
    std::string answer;
    auto deadline = steady_clock::now() + timeout;
    std::array<char, 8192> buffer{};
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady_clock::now());
        if (left.count() <= 0) break;
        pollfd wait{fd, POLLIN, 0};
        if (::poll(&wait, 1, static_cast<int>(left.count())) <= 0) break;
        ssize_t count = ::recv(fd, buffer.data(), buffer.size(), 0);
        if (count <= 0) break;
        answer.append(buffer.data(), static_cast<std::size_t>(count));
        if (answer.find("\r\n\r\n") != std::string::npos && answer.find("}") != std::string::npos) break;
    }
    return answer;
}

TEST(ResourceLimits, IdleConnectionsPastTheDescriptorLimitAreRefusedAndWritesGoOn) {
    // The test itself holds 400 sockets.
    rlimit own{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &own), 0);
    if (own.rlim_cur < 1024 && own.rlim_max >= 1024) {
        own.rlim_cur = 1024;
        ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &own), 0);
    }
    KesuProcess server;
    server.CreateUser("agent1", "agent", "客服部");
    server.LimitDescriptors(300);
    server.Start({"--workers", "8"});
    ApiClient agent(server.BaseUrl());  // one keep-alive connection, opened before the flood
    ASSERT_EQ(agent.Login("agent1", KesuProcess::kPassword).status, 200);
    std::string metrics = agent.Get("/metrics").body;
    const std::int64_t limit = MetricValue(metrics, "kesu_http_connections_limit");
    const std::int64_t open = MetricValue(metrics, "kesu_http_connections");
    // Derived from the descriptor limit (300), leaving room for the database: (300 - 128 - 6 × 8) / 2.
    EXPECT_EQ(limit, 62) << metrics;
    EXPECT_GE(open, 1);

    constexpr int kIdle = 400;
    std::vector<int> idle;
    for (int i = 0; i < kIdle; ++i) {
        int fd = ConnectLoopback(server.Port());
        ASSERT_GE(fd, 0) << "connection " << i;
        idle.push_back(fd);
    }
    // Every connection past the limit is answered 503 without sending anything; the others stay open, silent.
    const std::int64_t expected_refused = kIdle - (limit - open);
    std::vector<bool> answered(idle.size(), false);
    std::int64_t refused = 0;
    std::string sample;
    // (Without a limit nothing is refused: the flood takes every descriptor, and the write below shows what that did.)
    auto deadline = steady_clock::now() + std::chrono::seconds(limit > 0 ? 60 : 0);
    while (refused < expected_refused && steady_clock::now() < deadline) {
        std::vector<pollfd> waits;
        for (std::size_t i = 0; i < idle.size(); ++i)
            if (!answered[i]) waits.push_back({idle[i], POLLIN, 0});
        if (::poll(waits.data(), waits.size(), 1000) <= 0) continue;
        for (std::size_t i = 0, w = 0; i < idle.size(); ++i) {
            if (answered[i]) continue;
            if ((waits[w++].revents & (POLLIN | POLLHUP)) == 0) continue;
            std::string answer = ReadAnswer(idle[i], std::chrono::milliseconds(2000));
            answered[i] = true;
            if (StatusOf(answer) == 503) ++refused;
            if (sample.empty()) sample = answer;
        }
    }
    EXPECT_EQ(refused, expected_refused);
    EXPECT_NE(sample.find("application/problem+json"), std::string::npos) << sample;
    EXPECT_NE(sample.find("too many connections"), std::string::npos) << sample;

    // With every slot taken, the connection kesu already serves still writes, durably, and nothing is poisoned.
    HttpResult created = agent.Post("/api/v1/complaints", NewComplaint("描述符耗尽时的写入"));
    EXPECT_EQ(created.status, 201) << created.body;
    HttpResult health = agent.Get("/healthz");
    EXPECT_EQ(health.status, 200) << health.body;
    metrics = agent.Get("/metrics").body;
    EXPECT_GE(MetricValue(metrics, "kesu_http_connections_refused_total"), expected_refused);
    EXPECT_EQ(MetricValue(metrics, "kesu_write_path_refusing"), 0);

    for (int fd : idle) ::close(fd);
    // Once the flood is gone, new clients are served and write again.
    HttpResult login;
    auto fresh = std::make_unique<ApiClient>(server.BaseUrl());
    for (auto until = steady_clock::now() + std::chrono::seconds(60); steady_clock::now() < until;) {
        login = fresh->Login("agent1", KesuProcess::kPassword);
        if (login.status == 200) break;
        fresh = std::make_unique<ApiClient>(server.BaseUrl());
    }
    ASSERT_EQ(login.status, 200) << login.body;
    created = fresh->Post("/api/v1/complaints", NewComplaint("洪水过后的写入"));
    EXPECT_EQ(created.status, 201) << created.body;
    EXPECT_TRUE(server.Alive());
}

TEST(ResourceLimits, TheLimitsAreSettingsOfServe) {
    KesuProcess kesu;
    CommandResult help = kesu.Run({"serve", "--help"});
    EXPECT_EQ(help.exit_code, 0);
    for (const char* setting : {"--max-connections", "KESU_MAX_CONNECTIONS", "--max-uploads", "KESU_MAX_UPLOADS"})
        EXPECT_NE(help.output.find(setting), std::string::npos) << setting << "\n" << help.output;
    kesu.Start({"--max-connections", "40", "--max-uploads", "3"});
    ApiClient client(kesu.BaseUrl());
    std::string metrics = client.Get("/metrics").body;
    EXPECT_EQ(MetricValue(metrics, "kesu_http_connections_limit"), 40) << metrics;
    EXPECT_EQ(MetricValue(metrics, "kesu_http_uploads_limit"), 3);
    EXPECT_EQ(MetricValue(metrics, "kesu_write_path_refusing"), 0);
}

// An upload's bytes reach the disk only after its headers have been authenticated and authorised.
class Uploads : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        server_ = std::make_unique<KesuProcess>();
        server_->CreateUser("agent1", "agent", "客服部");
        server_->CreateUser("leader1", "leader");
        server_->Start({"--max-uploads", "2", "--max-upload-mb", "64", "--portal-submissions-per-hour", "1000"});
    }
    static void TearDownTestSuite() { server_.reset(); }

    // Files under the attachments directory (the store and its staging files) and their bytes.
    static std::pair<std::size_t, std::uintmax_t> Footprint() {
        std::size_t files = 0;
        std::uintmax_t bytes = 0;
        std::error_code ec;
        std::filesystem::path root = server_->DataDirectory() + "/attachments";
        if (!std::filesystem::exists(root, ec)) return {0, 0};
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ec)) {
            if (!entry.is_regular_file(ec)) continue;
            ++files;
            bytes += entry.file_size(ec);
        }
        return {files, bytes};
    }

    // Sends an upload's headers (declaring `declared` bytes) and the first `sent` bytes of its body; returns the
    // open connection.
    static int BeginUpload(const std::string& path, const std::string& headers, std::size_t declared,
                           std::size_t sent) {
        int fd = ConnectLoopback(server_->Port());
        std::string head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\n" + headers +
                           "Content-Length: " + std::to_string(declared) + "\r\n\r\n";
        SendAll(fd, head);
        if (sent > 0) {
            std::string body("\x89PNG\r\n\x1A\n", 8);
            body.resize(sent, 'x');
            SendAll(fd, body);
        }
        return fd;
    }

    static std::int64_t Complaint(ApiClient& agent) {
        HttpResult created = agent.Post("/api/v1/complaints", NewComplaint("上传前先鉴权"));
        EXPECT_EQ(created.status, 201) << created.body;
        return created.Json()["complaint"]["id"].get<std::int64_t>();
    }

    static inline std::unique_ptr<KesuProcess> server_;
};

TEST_F(Uploads, AnonymousAndUnauthorisedUploadsAreRefusedBeforeAByteReachesTheDisk) {
    ApiClient agent(server_->BaseUrl());
    ASSERT_EQ(agent.Login("agent1", KesuProcess::kPassword).status, 200);
    ApiClient leader(server_->BaseUrl());
    HttpResult leader_login = leader.Login("leader1", KesuProcess::kPassword);
    ASSERT_EQ(leader_login.status, 200);
    const std::string path = "/api/v1/complaints/" + std::to_string(Complaint(agent)) + "/attachments?filename=a.png";
    HttpResult submitted =
        agent.Post("/api/v1/portal/complaints", {{"subject", "门户附件"},
                                                 {"description", "附上照片"},
                                                 {"complainant", {{"name", "郑女士"}, {"phone", "13600002222"}}},
                                                 {"privacy_consent", true}});
    ASSERT_EQ(submitted.status, 201) << submitted.body;
    const std::string portal_path =
        "/api/v1/portal/complaints/" + submitted.Json()["number"].get<std::string>() + "/attachments?filename=a.png";

    const std::string agent_cookie = "Cookie: kesu_session=" + agent.Cookie("kesu_session") + "\r\n";
    const std::string leader_session = "Cookie: kesu_session=" + leader.Cookie("kesu_session") +
                                       "\r\nX-CSRF-Token: " + leader_login.Json()["csrf_token"].get<std::string>() +
                                       "\r\n";
    struct Case {
        const char* what;
        std::string path;
        std::string headers;
        int status;
    };
    const Case cases[] = {
        {"anonymous", path, "", 401},
        {"a bad API token", path, "Authorization: Bearer not-a-token\r\n", 401},
        {"a session without its CSRF token", path, agent_cookie, 403},
        {"a role that may not attach", path, leader_session, 403},
        {"a wrong access code", portal_path, "X-Access-Code: WRONGCODE\r\n", 401},
    };
    // Each declares 48 MiB and sends 4 MiB at once, as the six connections of the finding did (264 MiB in all).
    for (const Case& refused : cases) {
        SCOPED_TRACE(refused.what);
        auto before = Footprint();
        int fd = BeginUpload(refused.path, refused.headers, 48u << 20, 4u << 20);
        ASSERT_GE(fd, 0);
        std::string answer = ReadAnswer(fd, std::chrono::seconds(20));
        EXPECT_EQ(StatusOf(answer), refused.status) << answer.substr(0, 400);
        EXPECT_EQ(Footprint(), before) << "nothing of the body may reach the attachments directory";
        ::close(fd);
    }
    // The same upload, signed in and allowed, is stored.
    std::string png("\x89PNG\r\n\x1A\n", 8);
    png.resize(5000, 'p');
    HttpResult stored = agent.Send("POST", path, png, {{"Content-Type", "image/png"}});
    EXPECT_EQ(stored.status, 201) << stored.body;
}

TEST_F(Uploads, OnlyMaxUploadsStreamAtOnceAndTheNextIsRefused) {
    ApiClient agent(server_->BaseUrl());
    HttpResult login = agent.Login("agent1", KesuProcess::kPassword);
    ASSERT_EQ(login.status, 200);
    const std::string path = "/api/v1/complaints/" + std::to_string(Complaint(agent)) + "/attachments?filename=a.png";
    const std::string session = "Cookie: kesu_session=" + agent.Cookie("kesu_session") +
                                "\r\nX-CSRF-Token: " + login.Json()["csrf_token"].get<std::string>() + "\r\n";
    // Two uploads admitted and streaming slowly (--max-uploads 2).
    std::vector<int> streaming;
    for (int i = 0; i < 2; ++i) streaming.push_back(BeginUpload(path, session, 1u << 20, 1000));
    std::int64_t uploads = 0;
    for (auto until = steady_clock::now() + std::chrono::seconds(30); uploads < 2 && steady_clock::now() < until;)
        uploads = MetricValue(agent.Get("/metrics").body, "kesu_http_uploads");
    ASSERT_EQ(uploads, 2);
    int third = BeginUpload(path, session, 1u << 20, 1000);
    std::string answer = ReadAnswer(third, std::chrono::seconds(20));
    EXPECT_EQ(StatusOf(answer), 503) << answer.substr(0, 400);
    EXPECT_NE(answer.find("Retry-After"), std::string::npos) << answer.substr(0, 400);
    EXPECT_NE(answer.find("too many uploads"), std::string::npos) << answer.substr(0, 400);
    ::close(third);
    EXPECT_GE(MetricValue(agent.Get("/metrics").body, "kesu_http_uploads_refused_total"), 1);
    // Abandoned uploads give their slots back; the next upload is stored.
    for (int fd : streaming) ::close(fd);
    for (auto until = steady_clock::now() + std::chrono::seconds(30); uploads > 0 && steady_clock::now() < until;)
        uploads = MetricValue(agent.Get("/metrics").body, "kesu_http_uploads");
    ASSERT_EQ(uploads, 0);
    std::string png("\x89PNG\r\n\x1A\n", 8);
    png.resize(5000, 'p');
    HttpResult stored = agent.Send("POST", path, png, {{"Content-Type", "image/png"}});
    EXPECT_EQ(stored.status, 201) << stored.body;
}

}  // namespace
}  // namespace kesu::api_test
