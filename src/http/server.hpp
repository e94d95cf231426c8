// The HTTP/1.1 server: Boost.Beast on a few I/O threads parsing and writing, handlers on a separate worker
// pool (they block on the database, e.g. while a group commit is fsynced). Request bodies are capped; upload
// routes stream their body to a temporary file instead of memory. Keep-alive, 100-continue, idle timeouts.
// Thread-safety: Run blocks until Stop is called from any thread (or a signal handler via Stop).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/client_address.hpp"
#include "http/message.hpp"

namespace kesu::http {

struct ServerOptions {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;
    int io_threads = 2;
    int worker_threads = 64;
    std::uint64_t max_body_bytes = 1u << 20;        // JSON bodies
    std::uint64_t max_upload_bytes = 50u << 20;     // streamed uploads
    std::string upload_directory;                   // where streamed bodies are written first
    int idle_timeout_seconds = 60;
    // Client connections served at once (0: no limit). One more is answered 503 and closed at once, so idle
    // connections cannot use up the descriptors the database and the handlers need (set below RLIMIT_NOFILE).
    int max_connections = 0;
    // Uploads streamed at once (each holds a staging file). One more is answered 503 before its body is read.
    int max_uploads = 16;
    // Peers whose forwarding header names the client (Request::client_address); none: the peer is the client.
    TrustedProxies trusted_proxies;
    // Errors no client is told about (a handler that threw, a network thread that caught an exception).
    std::function<void(const std::string&)> report_error;
};

// What the server holds and has refused since it started, for /metrics.
struct ServerStats {
    std::int64_t connections = 0;          // open client connections (WebSockets included)
    std::int64_t connections_refused = 0;  // answered 503 past max_connections
    std::int64_t uploads = 0;              // uploads being admitted or streamed
    std::int64_t uploads_refused = 0;      // answered 503 past max_uploads
};

class Server {
public:
    Server(ServerOptions options, HttpHandler& handler);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds the listening socket; returns false with a message on failure (port in use, ...).
    bool Listen(std::string& error);
    std::uint16_t BoundPort() const;
    ServerStats Stats() const;
    // Serves until Stop. Waits for in-flight handlers to finish before returning.
    void Run();
    void Stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kesu::http
