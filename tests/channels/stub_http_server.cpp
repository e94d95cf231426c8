#include "channels/stub_http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace kesu::channels::testing {

namespace {

std::string Lower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

const char* Reason(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 404:
            return "Not Found";
        case 410:
            return "Gone";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 503:
            return "Service Unavailable";
        default:
            return "Status";
    }
}

}  // namespace

StubHttpServer::StubHttpServer(Responder responder) : responder_(std::move(responder)) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        listen(listener_, 16) != 0)
        throw std::runtime_error("stub server: cannot listen on 127.0.0.1");
    socklen_t length = sizeof address;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { Accept(); });
}

StubHttpServer::~StubHttpServer() {
    stopping_ = true;
    shutdown(listener_, SHUT_RDWR);
    acceptor_.join();
    close(listener_);
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mutex_);
        for (int connection : open_) shutdown(connection, SHUT_RDWR);
        threads.swap(threads_);
    }
    for (std::thread& thread : threads) thread.join();
    for (int connection : open_) close(connection);
}

std::vector<StubRequest> StubHttpServer::Requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

void StubHttpServer::Accept() {
    while (!stopping_) {
        const int connection = accept(listener_, nullptr, nullptr);
        if (connection < 0) return;
        ++connections_;
        std::lock_guard lock(mutex_);
        open_.push_back(connection);
        threads_.emplace_back([this, connection] { Serve(connection); });
    }
}

void StubHttpServer::Serve(int connection) {
    std::string buffer;
    char chunk[8192];
    while (true) {
        std::size_t head_end;
        while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
            const ssize_t got = read(connection, chunk, sizeof chunk);
            if (got <= 0) return;
            buffer.append(chunk, static_cast<std::size_t>(got));
        }
        StubRequest request;
        const std::string head = buffer.substr(0, head_end);
        std::size_t line_end = head.find("\r\n");
        const std::string request_line = head.substr(0, line_end);
        const std::size_t first_space = request_line.find(' ');
        const std::size_t second_space = request_line.find(' ', first_space + 1);
        request.method = request_line.substr(0, first_space);
        request.target = request_line.substr(first_space + 1, second_space - first_space - 1);
        while (line_end != std::string::npos && line_end < head.size()) {
            const std::size_t next = head.find("\r\n", line_end + 2);
            const std::string line =
                head.substr(line_end + 2, (next == std::string::npos ? head.size() : next) - line_end - 2);
            const std::size_t colon = line.find(':');
            if (colon != std::string::npos) {
                std::string value = line.substr(colon + 1);
                while (!value.empty() && value.front() == ' ') value.erase(0, 1);
                request.headers[Lower(line.substr(0, colon))] = value;
            }
            line_end = next;
        }
        const std::size_t length = static_cast<std::size_t>(std::atoll(request.Header("content-length").c_str()));
        buffer.erase(0, head_end + 4);
        while (buffer.size() < length) {
            const ssize_t got = read(connection, chunk, sizeof chunk);
            if (got <= 0) return;
            buffer.append(chunk, static_cast<std::size_t>(got));
        }
        request.body = buffer.substr(0, length);
        buffer.erase(0, length);
        const StubResponse response = responder_(request);
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(std::move(request));
        }
        std::string answer =
            "HTTP/1.1 " + std::to_string(response.status) + " " + Reason(response.status) + "\r\n" +
            "Content-Type: application/json\r\nContent-Length: " + std::to_string(response.body.size()) + "\r\n";
        for (const std::string& header : response.headers) answer += header + "\r\n";
        answer += "\r\n" + response.body;
        if (write(connection, answer.data(), answer.size()) != static_cast<ssize_t>(answer.size())) return;
    }
}

}  // namespace kesu::channels::testing
