// Transport-neutral HTTP request and response values. Only server.cpp knows Boost.Beast; everything else in
// http/ works on these, which keeps handlers quick to compile and easy to test.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace kesu::http {

struct Request {
    std::string method;  // upper case: GET, POST, ...
    std::string target;  // as received, path and query
    std::string path;    // percent-decoded path without the query
    std::vector<std::pair<std::string, std::string>> query;    // decoded name/value pairs in order
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
    std::string body;
    std::string body_file;  // for streamed uploads: the temporary file holding the body
    std::uint64_t body_size = 0;
    std::string client_address;

    std::string_view Header(std::string_view name) const;  // "" when absent; name in lower case
    std::optional<std::string> QueryValue(std::string_view name) const;
    std::optional<std::string> Cookie(std::string_view name) const;
};

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string file_path;  // when set, the file's content is streamed as the body

    Response& SetHeader(std::string name, std::string value);
};

// Splits "a=1&b=%E4%B8%AD" into decoded pairs ('+' is a space); pairs with malformed escapes are left out.
std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query);
// Percent-decodes; nullopt for malformed escapes.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// A request target ("/a%20b?x=1") taken apart: the path percent-decoded, the query as decoded pairs.
struct Target {
    std::string path;
    std::vector<std::pair<std::string, std::string>> query;
};
// Strict: nullopt when any escape in the path or the query is malformed, or when the path does not decode to an
// absolute path ("/…") free of NUL bytes. The server answers such a request 400 before any handler sees it.
std::optional<Target> ParseTarget(std::string_view target);

// One open WebSocket as the application sees it. Open gives it a `send` that queues a text frame (safe from any
// thread; false once the socket is gone); Closed is called once when the peer or the server closes it.
class LiveChannel {
public:
    virtual ~LiveChannel() = default;
    virtual void Open(std::function<bool(std::string)> send) = 0;
    virtual void Closed() = 0;
};

// Implemented by the router. Thread-safety: Handle runs on many worker threads at once.
class HttpHandler {
public:
    virtual ~HttpHandler() = default;
    // Whether this request's body should be streamed to a file (attachment uploads) instead of memory.
    virtual bool StreamsBodyToFile(std::string_view method, std::string_view path) const = 0;
    virtual Response Handle(Request& request) = 0;
    // An upload (StreamsBodyToFile) before a byte of its body is read: the response refusing it (401, 403, 404, 409,
    // ...), or nullopt to stream it to a file. `request` has everything but the body.
    virtual std::optional<Response> AdmitUpload(Request& request) = 0;
    // A response for requests the server refuses before any handler runs (too large, malformed).
    virtual Response Refuse(int status, std::string_view detail) = 0;
    // A WebSocket upgrade: the channel to attach, or the response refusing it (401, 404, ...).
    virtual std::variant<std::shared_ptr<LiveChannel>, Response> OpenLive(Request& request) = 0;
};

}  // namespace kesu::http
