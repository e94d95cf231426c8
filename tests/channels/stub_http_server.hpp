// A stand-in HTTP/1.1 server on 127.0.0.1 for the SMS gateway and webhook tests: it records every request it
// receives (method, target, headers, body) and answers what the test scripts. Keep-alive connections are served
// until the client closes them, each on its own thread.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kesu::channels::testing {

struct StubRequest {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;

    std::string Header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? "" : it->second;
    }
};

struct StubResponse {
    int status = 200;
    std::string body = "{}";
    std::vector<std::string> headers;  // "Name: value"
};

class StubHttpServer {
public:
    using Responder = std::function<StubResponse(const StubRequest&)>;
    explicit StubHttpServer(Responder responder);
    ~StubHttpServer();
    StubHttpServer(const StubHttpServer&) = delete;
    StubHttpServer& operator=(const StubHttpServer&) = delete;

    int Port() const { return port_; }
    std::string Url(const std::string& path = "/") const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
    std::vector<StubRequest> Requests() const;
    int Connections() const { return connections_; }

private:
    void Accept();
    void Serve(int connection);

    Responder responder_;
    int listener_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> connections_{0};
    mutable std::mutex mutex_;
    std::vector<StubRequest> requests_;
    std::vector<int> open_;
    std::vector<std::thread> threads_;
    std::thread acceptor_;
};

}  // namespace kesu::channels::testing
