#include <utility>  // before Asio: GCC 12 + C++23 + Boost 1.74 (see STACK-NOTES)

#include "http/server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <array>
#include <atomic>
#include <deque>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <thread>
#include <vector>

namespace kesu::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

std::string LowerCase(std::string_view text) {  // header names are ASCII
    std::string lower(text);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lower;
}

std::atomic<std::uint64_t> upload_counter{0};

// Something held (an open connection, an upload in progress), counted for as long as its slot lives.
class Slot {
public:
    Slot() = default;
    Slot(Slot&& other) noexcept : count_(std::exchange(other.count_, nullptr)) {}
    Slot& operator=(Slot&& other) noexcept {
        Release();
        count_ = std::exchange(other.count_, nullptr);
        return *this;
    }
    ~Slot() { Release(); }
    bool Held() const { return count_ != nullptr; }
    void Release() {
        if (count_ != nullptr) count_->fetch_sub(1);
        count_ = nullptr;
    }
    // A slot of `count` if fewer than `limit` are held (0: no limit); else an empty one.
    static Slot Take(std::atomic<std::int64_t>& count, int limit) {
        std::int64_t held = count.load();
        do {
            if (limit > 0 && held >= limit) return {};
        } while (!count.compare_exchange_weak(held, held + 1));
        Slot slot;
        slot.count_ = &count;
        return slot;
    }

private:
    std::atomic<std::int64_t>* count_ = nullptr;
};

struct Counters {
    std::atomic<std::int64_t> connections{0};
    std::atomic<std::int64_t> connections_refused{0};
    std::atomic<std::int64_t> uploads{0};
    std::atomic<std::int64_t> uploads_refused{0};
};

namespace websocket = boost::beast::websocket;

// A live WebSocket: frames the application sends are queued and written one at a time; whatever the client sends
// is read and discarded (it only keeps the connection open). A client too slow to keep up is disconnected.
class WebSocketSession : public std::enable_shared_from_this<WebSocketSession> {
public:
    WebSocketSession(beast::tcp_stream stream, std::shared_ptr<LiveChannel> channel, Slot slot)
        : ws_(std::move(stream)), channel_(std::move(channel)), slot_(std::move(slot)) {}

    void Start(bhttp::request<bhttp::string_body> upgrade) {
        beast::get_lowest_layer(ws_).expires_never();
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        ws_.async_accept(upgrade, [self = shared_from_this()](beast::error_code ec) {
            if (ec) return;
            std::weak_ptr<WebSocketSession> weak = self;
            self->channel_->Open([weak](std::string text) {
                auto session = weak.lock();
                if (!session) return false;
                net::post(session->ws_.get_executor(), [session, text = std::move(text)]() mutable {
                    session->Send(std::move(text));
                });
                return true;
            });
            self->Read();
        });
    }

private:
    static constexpr std::size_t kMaxQueued = 1000;

    void Read() {
        ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->Finish();
            self->buffer_.consume(self->buffer_.size());
            self->Read();
        });
    }

    void Send(std::string text) {
        if (closed_) return;
        if (queue_.size() >= kMaxQueued) {
            ws_.async_close(websocket::close_code::policy_error, [self = shared_from_this()](beast::error_code) {});
            return Finish();
        }
        queue_.push_back(std::move(text));
        if (queue_.size() == 1) Write();
    }

    void Write() {
        ws_.text(true);
        ws_.async_write(net::buffer(queue_.front()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->Finish();
            self->queue_.pop_front();
            if (!self->queue_.empty()) self->Write();
        });
    }

    void Finish() {
        if (closed_) return;
        closed_ = true;
        channel_->Closed();
    }

    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
    std::shared_ptr<LiveChannel> channel_;
    std::deque<std::string> queue_;
    bool closed_ = false;
    Slot slot_;  // the connection it was upgraded from
};

// One client connection: reads a request, hands it to a worker, writes the response, repeats.
class Connection : public std::enable_shared_from_this<Connection> {
public:
    Connection(tcp::socket socket, const ServerOptions& options, HttpHandler& handler, net::thread_pool& workers,
               Counters& counters, Slot slot)
        : stream_(std::move(socket)),
          options_(options),
          handler_(handler),
          workers_(workers),
          counters_(counters),
          slot_(std::move(slot)) {}

    void Start() {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHeader(); });
    }

private:
    void ReadHeader() {
        header_parser_.emplace();
        header_parser_->header_limit(16 * 1024);
        header_parser_->body_limit(options_.max_upload_bytes);
        stream_.expires_after(std::chrono::seconds(options_.idle_timeout_seconds));
        bhttp::async_read_header(stream_, buffer_, *header_parser_,
                                 [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
    }

    void OnHeader(beast::error_code ec) {
        if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == net::error::eof) return Close();
        if (ec) {
            if (ec == bhttp::error::header_limit) return Refuse(431, "request header fields too large");
            // The parser checks a declared Content-Length against the largest body kesu takes (an upload's)
            // while reading the header: that is a body too large, not a malformed request.
            if (ec == bhttp::error::body_limit)
                return Refuse(413, "the request body is larger than " + std::to_string(options_.max_upload_bytes) +
                                       " bytes");
            return Refuse(400, "malformed HTTP request");
        }
        auto& header = header_parser_->get();
        target_ = ParseTarget(std::string_view(header.target().data(), header.target().size()));
        if (!target_) return Refuse(400, "malformed request target (a percent-escape or the path)");
        std::string method(header.method_string());
        bool to_file = handler_.StreamsBodyToFile(method, target_->path);
        std::uint64_t limit = to_file ? options_.max_upload_bytes : options_.max_body_bytes;
        if (auto length = header_parser_->content_length(); length && *length > limit)
            return Refuse(413, "the request body is larger than " + std::to_string(limit) + " bytes");
        if (to_file) return AdmitUpload(limit);
        Continue(false, limit);
    }

    // An upload holds a staging file while its body streams in: only max_uploads at once, and only once the handler
    // has admitted it from its headers (signed in, allowed, the complaint open). Until then no byte of the body is
    // read, and a refused one never reaches the disk.
    void AdmitUpload(std::uint64_t limit) {
        upload_slot_ = Slot::Take(counters_.uploads, options_.max_uploads);
        if (!upload_slot_.Held()) {
            counters_.uploads_refused.fetch_add(1);
            Response busy = handler_.Refuse(503, "too many uploads at once; try again shortly");
            busy.SetHeader("Retry-After", "1");
            return RefuseWith(std::move(busy));
        }
        auto request = std::make_shared<Request>();
        Fill(*request, header_parser_->get());
        net::post(workers_, [self = shared_from_this(), request, limit] {
            std::optional<Response> refusal =
                self->Guarded("upload admission", [&] { return self->handler_.AdmitUpload(*request); });
            net::post(self->stream_.get_executor(), [self, refusal = std::move(refusal), limit]() mutable {
                if (refusal) return self->RefuseWith(std::move(*refusal));
                self->Continue(true, limit);
            });
        });
    }

    // Reads the body (after a 100 Continue when the client waits for one).
    void Continue(bool to_file, std::uint64_t limit) {
        auto& header = header_parser_->get();
        if (bhttp::token_list{header[bhttp::field::expect]}.exists("100-continue")) {
            auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, header.version());
            bhttp::async_write(stream_, *cont, [self = shared_from_this(), cont, to_file, limit](beast::error_code wec, std::size_t) {
                if (wec) return self->Close();
                self->ReadBody(to_file, limit);
            });
            return;
        }
        ReadBody(to_file, limit);
    }

    void ReadBody(bool to_file, std::uint64_t limit) {
        stream_.expires_after(std::chrono::seconds(options_.idle_timeout_seconds * 5));
        if (to_file) {
            file_parser_.emplace(std::move(*header_parser_));
            file_parser_->body_limit(limit);
            upload_path_ = options_.upload_directory + "/upload-" + std::to_string(::getpid()) + "-" +
                           std::to_string(upload_counter.fetch_add(1)) + ".part";
            beast::error_code ec;
            file_parser_->get().body().open(upload_path_.c_str(), beast::file_mode::write, ec);
            if (ec) return Refuse(503, "cannot store the upload");
            bhttp::async_read(stream_, buffer_, *file_parser_, [self = shared_from_this()](beast::error_code rec, std::size_t) {
                self->file_parser_->get().body().close();
                self->OnBody(rec);
            });
        } else {
            string_parser_.emplace(std::move(*header_parser_));
            string_parser_->body_limit(limit);
            bhttp::async_read(stream_, buffer_, *string_parser_,
                              [self = shared_from_this()](beast::error_code rec, std::size_t) { self->OnBody(rec); });
        }
    }

    template <class Message>
    void Fill(Request& request, Message& message) {
        request.method = std::string(message.method_string());
        request.target = std::string(message.target());
        request.path = target_->path;
        request.query = target_->query;
        for (const auto& field : message)
            request.headers.emplace_back(
                LowerCase(std::string_view(field.name_string().data(), field.name_string().size())),
                std::string(field.value()));
        beast::error_code ec;
        auto endpoint = stream_.socket().remote_endpoint(ec);
        request.client_address =
            ec ? "unknown" : options_.trusted_proxies.ClientAddress(endpoint.address().to_string(), request.headers);
    }

    void OnBody(beast::error_code ec) {
        if (ec == bhttp::error::body_limit) return Refuse(413, "the request body is too large");
        if (ec) return Refuse(400, "malformed or incomplete request body");
        auto request = std::make_shared<Request>();
        if (file_parser_) {
            auto message = file_parser_->release();
            Fill(*request, message);
            request->body_file = upload_path_;
            std::error_code size_error;
            request->body_size = std::filesystem::file_size(upload_path_, size_error);
            keep_alive_ = message.keep_alive();
            version_ = message.version();
            file_parser_.reset();
        } else {
            auto message = string_parser_->release();
            if (websocket::is_upgrade(message)) {
                string_parser_.reset();
                auto upgrade = std::make_shared<bhttp::request<bhttp::string_body>>(std::move(message));
                Fill(*request, *upgrade);
                keep_alive_ = false;
                version_ = upgrade->version();
                return StartLive(request, upgrade);
            }
            Fill(*request, message);
            request->body = std::move(message.body());
            request->body_size = request->body.size();
            keep_alive_ = message.keep_alive();
            version_ = message.version();
            string_parser_.reset();
        }
        net::post(workers_, [self = shared_from_this(), request] {
            Response response = self->Guarded("request", [&] { return self->handler_.Handle(*request); });
            if (!request->body_file.empty()) {
                std::error_code remove_error;
                std::filesystem::remove(request->body_file, remove_error);  // a handler that kept it moved it
            }
            net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
                self->upload_slot_.Release();
                self->Write(std::move(response));
            });
        });
    }

    // Runs a handler on a worker thread. No exception may leave a worker (it would end the process): one that
    // escapes the handler is reported and answered 500.
    template <class Function>
    auto Guarded(const char* what, Function&& run) noexcept -> decltype(run()) {
        try {
            return run();
        } catch (const std::exception& e) {
            ReportError(std::string(what) + " threw: " + e.what());
        } catch (...) {
            ReportError(std::string(what) + " threw a non-standard exception");
        }
        return InternalError();
    }

    void ReportError(const std::string& message) noexcept {
        try {
            if (options_.report_error) options_.report_error(message);
        } catch (...) {
        }
    }

    Response InternalError() noexcept {
        try {
            return handler_.Refuse(500, "an internal error occurred");
        } catch (...) {
            Response response;
            response.status = 500;
            return response;
        }
    }

    // Authenticates the upgrade on a worker (it reads the database), then hands the socket to a WebSocketSession.
    void StartLive(std::shared_ptr<Request> request, std::shared_ptr<bhttp::request<bhttp::string_body>> upgrade) {
        net::post(workers_, [self = shared_from_this(), request, upgrade] {
            auto opened = self->Guarded("WebSocket upgrade", [&] { return self->handler_.OpenLive(*request); });
            net::post(self->stream_.get_executor(), [self, upgrade, opened = std::move(opened)]() mutable {
                if (auto* refusal = std::get_if<Response>(&opened)) return self->Write(std::move(*refusal));
                std::make_shared<WebSocketSession>(std::move(self->stream_), std::get<std::shared_ptr<LiveChannel>>(opened),
                                                   std::move(self->slot_))
                    ->Start(std::move(*upgrade));
            });
        });
    }

    void Refuse(int status, const std::string& detail) { RefuseWith(handler_.Refuse(status, detail)); }

    void RefuseWith(Response response) {
        keep_alive_ = false;
        if (!upload_path_.empty()) {
            std::error_code remove_error;
            std::filesystem::remove(upload_path_, remove_error);
        }
        upload_slot_.Release();
        Write(std::move(response));
    }

    template <class Body>
    void Send(std::shared_ptr<bhttp::response<Body>> message) {
        stream_.expires_after(std::chrono::seconds(options_.idle_timeout_seconds * 5));
        bhttp::async_write(stream_, *message, [self = shared_from_this(), message](beast::error_code ec, std::size_t) {
            if (ec || !self->keep_alive_) return self->Close();
            self->upload_path_.clear();
            self->ReadHeader();
        });
    }

    template <class Message>
    void SetHeaders(Message& message, const Response& response) {
        message.result(static_cast<unsigned>(response.status));
        message.version(version_);
        message.keep_alive(keep_alive_);
        message.set(bhttp::field::server, "kesu");
        for (const auto& [name, value] : response.headers) message.set(name, value);
    }

    void Write(Response response) {
        if (!response.file_path.empty()) {
            auto message = std::make_shared<bhttp::response<bhttp::file_body>>();
            beast::error_code ec;
            message->body().open(response.file_path.c_str(), beast::file_mode::scan, ec);
            if (!ec) {
                SetHeaders(*message, response);
                message->prepare_payload();
                return Send(message);
            }
            response = handler_.Refuse(500, "the stored file cannot be read");
        }
        auto message = std::make_shared<bhttp::response<bhttp::string_body>>();
        SetHeaders(*message, response);
        message->body() = std::move(response.body);
        message->prepare_payload();
        Send(message);
    }

    // Lingering close: after our last response, read and discard what the client still sends (e.g. the rest of
    // a refused upload) until it closes, so it sees the response rather than a connection reset.
    void Close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        if (!drain_) drain_ = std::make_unique<std::array<char, 16384>>();
        Drain();
    }

    void Drain() {
        stream_.expires_after(std::chrono::seconds(5));
        stream_.async_read_some(net::buffer(*drain_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (!ec) return self->Drain();
            beast::error_code ignored;
            self->stream_.socket().close(ignored);
        });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    const ServerOptions& options_;
    HttpHandler& handler_;
    net::thread_pool& workers_;
    Counters& counters_;
    Slot slot_;         // this connection, among max_connections
    Slot upload_slot_;  // the upload being admitted or streamed, among max_uploads
    std::optional<bhttp::request_parser<bhttp::empty_body>> header_parser_;
    std::optional<bhttp::request_parser<bhttp::string_body>> string_parser_;
    std::optional<bhttp::request_parser<bhttp::file_body>> file_parser_;
    std::optional<Target> target_;  // of the request being read
    std::string upload_path_;
    std::unique_ptr<std::array<char, 16384>> drain_;
    bool keep_alive_ = false;
    unsigned version_ = 11;
};

}  // namespace

struct Server::Impl {
    Impl(ServerOptions server_options, HttpHandler& http_handler)
        : options(std::move(server_options)),
          handler(http_handler),
          io(options.io_threads),
          workers(static_cast<std::size_t>(options.worker_threads)),
          acceptor(net::make_strand(io)),
          accept_pause(acceptor.get_executor()) {}

    void Accept() {
        acceptor.async_accept(net::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
            if (ec == net::error::operation_aborted) return;
            if (ec) return AcceptLater(ec);
            socket.set_option(tcp::no_delay(true), ec);
            Slot slot = Slot::Take(counters.connections, options.max_connections);
            if (slot.Held())
                std::make_shared<Connection>(std::move(socket), options, handler, workers, counters, std::move(slot))
                    ->Start();
            else
                RefuseConnection(std::move(socket));
            Accept();
        });
    }

    // Out of descriptors (or another accept error): the connection waits in the kernel's queue. Accepting again at
    // once would fail again at once, spinning a core; a pause lets connections close first.
    void AcceptLater(beast::error_code ec) {
        if (options.report_error) options.report_error("cannot accept a connection: " + ec.message());
        accept_pause.expires_after(std::chrono::milliseconds(100));
        accept_pause.async_wait([this](beast::error_code wait_error) {
            if (!wait_error) Accept();
        });
    }

    // Past max_connections: a 503 at once, then the connection is closed. Nothing the client sends is waited for,
    // and the refused connection holds its descriptor only while the answer is written.
    void RefuseConnection(tcp::socket socket) {
        counters.connections_refused.fetch_add(1);
        Response response = handler.Refuse(503, "too many connections to kesu; try again shortly");
        response.SetHeader("Retry-After", "1");
        bhttp::response<bhttp::string_body> message{static_cast<bhttp::status>(response.status), 11};
        message.set(bhttp::field::server, "kesu");
        for (const auto& [name, value] : response.headers) message.set(name, value);
        message.keep_alive(false);
        message.body() = std::move(response.body);
        message.prepare_payload();
        std::ostringstream text;
        text << message;
        auto refused = std::make_shared<std::pair<tcp::socket, std::string>>(std::move(socket), text.str());
        net::async_write(refused->first, net::buffer(refused->second), [refused](beast::error_code, std::size_t) {
            // What the client sent already is read first: closing with unread data would reset the connection, and
            // the client could lose the 503 it has not read yet.
            beast::error_code ignored;
            std::array<char, 4096> discard{};
            refused->first.non_blocking(true, ignored);
            while (refused->first.read_some(net::buffer(discard), ignored) > 0) {
            }
            refused->first.shutdown(tcp::socket::shutdown_both, ignored);
            refused->first.close(ignored);
        });
    }

    void RunIo();

    ServerOptions options;
    HttpHandler& handler;
    net::io_context io;
    net::thread_pool workers;
    tcp::acceptor acceptor;
    net::steady_timer accept_pause;
    Counters counters;
};

Server::Server(ServerOptions options, HttpHandler& handler) : impl_(std::make_unique<Impl>(std::move(options), handler)) {}

Server::~Server() = default;

bool Server::Listen(std::string& error) {
    beast::error_code ec;
    auto address = net::ip::make_address(impl_->options.address, ec);
    if (ec) {
        error = "invalid listen address " + impl_->options.address;
        return false;
    }
    tcp::endpoint endpoint{address, impl_->options.port};
    impl_->acceptor.open(endpoint.protocol(), ec);
    if (!ec) impl_->acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) impl_->acceptor.bind(endpoint, ec);
    if (!ec) impl_->acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        error = "cannot listen on " + impl_->options.address + ":" + std::to_string(impl_->options.port) + ": " + ec.message();
        return false;
    }
    std::error_code directory_error;
    std::filesystem::create_directories(impl_->options.upload_directory, directory_error);
    return true;
}

std::uint16_t Server::BoundPort() const { return impl_->acceptor.local_endpoint().port(); }

ServerStats Server::Stats() const {
    const Counters& counters = impl_->counters;
    return {counters.connections.load(), counters.connections_refused.load(), counters.uploads.load(),
            counters.uploads_refused.load()};
}

// An exception from a completion handler leaves io_context::run on that thread only; the context stays usable,
// so the thread reports it and runs on (what the handler was doing for its connection is abandoned).
void Server::Impl::RunIo() {
    for (;;) {
        try {
            io.run();
            return;
        } catch (const std::exception& e) {
            if (options.report_error) options.report_error(std::string("network thread caught: ") + e.what());
        } catch (...) {
            if (options.report_error) options.report_error("network thread caught a non-standard exception");
        }
    }
}

void Server::Run() {
    impl_->Accept();
    std::vector<std::thread> threads;
    for (int i = 1; i < impl_->options.io_threads; ++i) threads.emplace_back([this] { impl_->RunIo(); });
    impl_->RunIo();
    for (auto& thread : threads) thread.join();
    impl_->workers.join();
}

void Server::Stop() {
    net::post(impl_->acceptor.get_executor(), [this] {
        beast::error_code ec;
        impl_->acceptor.close(ec);
    });
    impl_->io.stop();
}

}  // namespace kesu::http
