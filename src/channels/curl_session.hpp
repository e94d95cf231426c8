// libcurl for the channel drivers: one-time global set-up, easy handles kept for reuse (so SMTP, IMAP and HTTP
// connections stay open between messages), and the transport settings every driver shares.
// Thread-safety: CurlPool may be used from any number of threads; a handle is used by one thread at a time.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/delivery_channel.hpp"

namespace kesu::channels {

// How a driver reaches its server: TLS from the first byte (smtps, imaps, https), upgraded with STARTTLS, or none.
enum class TlsMode { kImplicit, kStartTls, kNone };

struct TransportSettings {
    TlsMode tls = TlsMode::kStartTls;
    std::string ca_file;      // PEM file of the certificates to trust instead of the system's; empty: system
    bool verify_peer = true;  // false only for a test server; the certificate's host name is checked with it
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds timeout{60'000};  // the whole exchange
};

// Calls curl_global_init once for the process (libcurl 7.84+ makes this thread-safe).
void EnsureCurl();

struct CurlHandleDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using CurlHandle = std::unique_ptr<CURL, CurlHandleDeleter>;

struct CurlListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlList = std::unique_ptr<curl_slist, CurlListDeleter>;
CurlList AppendToList(CurlList list, const std::string& item);

// Easy handles kept between transfers. A lease resets its handle's options (keeping its open connections) and
// gives it back when it ends; at most `capacity` idle handles are kept.
class CurlPool {
public:
    explicit CurlPool(std::size_t capacity = 8) : capacity_(capacity) {}
    class Lease {
    public:
        Lease(CurlPool& pool, CurlHandle handle) : pool_(&pool), handle_(std::move(handle)) {}
        Lease(Lease&&) = default;
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        CURL* get() const { return handle_.get(); }
        // After a failed transfer: the handle and its connections are dropped instead of kept.
        void Discard() { discard_ = true; }

    private:
        CurlPool* pool_;
        CurlHandle handle_;
        bool discard_ = false;
    };
    // Nothing when libcurl cannot make a handle (out of memory).
    std::optional<Lease> Acquire();

private:
    std::size_t capacity_;
    std::mutex mutex_;
    std::vector<CurlHandle> idle_;
};

// Sets timeouts, certificate checks, NOSIGNAL and the allowed protocols ("smtp,smtps", "http,https", ...).
void ApplyTransport(CURL* handle, const TransportSettings& transport, const char* protocols);

// A DeliveryError for a libcurl failure that has nothing to do with the far side's answer (connection, TLS,
// timeout, settings); `what` names the operation for the message ("SMTP", "SMS gateway", ...).
domain::DeliveryError TransportError(CURLcode code, std::string_view what);

}  // namespace kesu::channels
