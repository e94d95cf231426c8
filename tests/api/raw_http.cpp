#include "api/raw_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdlib>

namespace kesu::api_test {

int ConnectLoopback(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

std::string RawExchange(int port, std::string_view bytes, std::chrono::milliseconds timeout) {
    int fd = ConnectLoopback(port);
    if (fd < 0) return {};
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        ssize_t count = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (count <= 0) break;  // the server may answer and close before taking everything
        sent += static_cast<std::size_t>(count);
    }
    std::string answer;
    std::array<char, 8192> buffer{};
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd wait{fd, POLLIN, 0};
        if (::poll(&wait, 1, static_cast<int>(left.count())) <= 0) break;
        ssize_t count = ::recv(fd, buffer.data(), buffer.size(), 0);
        if (count <= 0) break;
        answer.append(buffer.data(), static_cast<std::size_t>(count));
    }
    ::close(fd);
    return answer;
}

int StatusOf(std::string_view text) {
    if (!text.starts_with("HTTP/1.") || text.size() < 12) return 0;
    return std::atoi(std::string(text.substr(9, 3)).c_str());
}

std::string BodyOf(std::string_view text) {
    auto blank = text.find("\r\n\r\n");
    return blank == std::string_view::npos ? std::string() : std::string(text.substr(blank + 4));
}

}  // namespace kesu::api_test
