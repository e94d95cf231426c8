// A WebSocket client for the live-update tests: signs in with a session cookie and waits, with a deadline, for
// the frame about a given complaint.
#pragma once

#include <utility>  // before Asio (GCC 12 + C++23 + Boost 1.74)

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>  // before Asio (GCC 12 + C++23 + Boost 1.74)
#include <vector>

namespace kesu::api_test {

class LiveSocket {
public:
    // Connects to base_url ("http://127.0.0.1:PORT") and upgrades /api/v1/live with the cookie (may be "").
    static std::unique_ptr<LiveSocket> Open(const std::string& base_url, const std::string& session_cookie,
                                            boost::beast::error_code& error) {
        namespace beast = boost::beast;
        auto socket = std::unique_ptr<LiveSocket>(new LiveSocket());
        std::string port = base_url.substr(base_url.rfind(':') + 1);
        boost::asio::ip::tcp::resolver resolver(socket->io_);
        beast::get_lowest_layer(socket->ws_).connect(resolver.resolve("127.0.0.1", port), error);
        if (error) return socket;
        std::string cookie = session_cookie.empty() ? "" : "kesu_session=" + session_cookie;
        socket->ws_.set_option(beast::websocket::stream_base::decorator([cookie](beast::websocket::request_type& request) {
            if (!cookie.empty()) request.set(beast::http::field::cookie, cookie);
        }));
        socket->ws_.handshake("127.0.0.1:" + port, "/api/v1/live", error);
        return socket;
    }

    // Reads frames until one about complaint `id` (with `status`, if given) arrives, or `seconds` pass.
    std::optional<nlohmann::json> NextAbout(std::int64_t id, int seconds, const std::string& status = "") {
        return NextWhere(seconds, [&](const nlohmann::json& frame) {
            return frame["type"] == "complaint" && frame["id"] == id && (status.empty() || frame["status"] == status);
        });
    }

    // Reads frames until one of `type` arrives, or `seconds` pass.
    std::optional<nlohmann::json> NextOfType(const std::string& type, int seconds) {
        return NextWhere(seconds, [&](const nlohmann::json& frame) { return frame["type"] == type; });
    }

    // Every frame that arrives within `milliseconds`.
    std::vector<nlohmann::json> Drain(int milliseconds) {
        std::vector<nlohmann::json> frames;
        (void)NextWhere(
            0,
            [&](const nlohmann::json& frame) {
                frames.push_back(frame);
                return false;
            },
            std::chrono::milliseconds(milliseconds));
        return frames;
    }

    // Reads frames until `wanted` accepts one, or the time is up.
    // Asynchronous reads driven by run_for: a synchronous read would ignore the deadline.
    template <class Predicate>
    std::optional<nlohmann::json> NextWhere(int seconds, Predicate wanted,
                                            std::chrono::milliseconds extra = std::chrono::milliseconds(0)) {
        namespace beast = boost::beast;
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds) + extra;
        for (;;) {
            beast::flat_buffer buffer;
            std::optional<beast::error_code> result;
            ws_.async_read(buffer, [&](beast::error_code error, std::size_t) { result = error; });
            io_.restart();
            while (!result && std::chrono::steady_clock::now() < deadline) io_.run_for(std::chrono::milliseconds(100));
            if (!result) {
                beast::get_lowest_layer(ws_).cancel();  // abandon the pending read
                io_.restart();
                io_.run_for(std::chrono::milliseconds(200));
                return std::nullopt;
            }
            if (*result) return std::nullopt;
            auto frame = nlohmann::json::parse(beast::buffers_to_string(buffer.data()));
            if (wanted(frame)) return frame;
        }
    }

private:
    LiveSocket() = default;
    boost::asio::io_context io_;
    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_{io_};
};

}  // namespace kesu::api_test
