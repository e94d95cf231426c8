#include "channels/curl_session.hpp"

#include <cstdlib>

namespace kesu::channels {

void EnsureCurl() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) std::abort();  // no TLS library: nothing can be sent
    });
}

CurlList AppendToList(CurlList list, const std::string& item) {
    curl_slist* appended = curl_slist_append(list.get(), item.c_str());
    if (appended == nullptr) return list;
    (void)list.release();
    return CurlList(appended);
}

CurlPool::Lease::~Lease() {
    if (!handle_ || pool_ == nullptr) return;
    if (discard_) return;
    curl_easy_reset(handle_.get());
    std::lock_guard lock(pool_->mutex_);
    if (pool_->idle_.size() < pool_->capacity_) pool_->idle_.push_back(std::move(handle_));
}

std::optional<CurlPool::Lease> CurlPool::Acquire() {
    EnsureCurl();
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            CurlHandle handle = std::move(idle_.back());
            idle_.pop_back();
            return Lease(*this, std::move(handle));
        }
    }
    CurlHandle handle(curl_easy_init());
    if (!handle) return std::nullopt;
    return Lease(*this, std::move(handle));
}

void ApplyTransport(CURL* handle, const TransportSettings& transport, const char* protocols) {
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, protocols);
    curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(transport.connect_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(transport.timeout.count()));
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, transport.verify_peer ? 1L : 0L);
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, transport.verify_peer ? 2L : 0L);
    if (!transport.ca_file.empty()) curl_easy_setopt(handle, CURLOPT_CAINFO, transport.ca_file.c_str());
    if (transport.tls == TlsMode::kStartTls)
        curl_easy_setopt(handle, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
}

domain::DeliveryError TransportError(CURLcode code, std::string_view what) {
    using domain::DeliveryFailure;
    std::string message = std::string(what) + ": " + curl_easy_strerror(code);
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_COULDNT_CONNECT:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
        case CURLE_WEIRD_SERVER_REPLY:
        case CURLE_OUT_OF_MEMORY:
        case CURLE_AGAIN:
            return {DeliveryFailure::kTemporary, code == CURLE_OPERATION_TIMEDOUT ? "timeout" : "connection",
                    std::move(message), 0};
        case CURLE_LOGIN_DENIED:
            return {DeliveryFailure::kMisconfigured, "auth_refused", std::move(message), 0};
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_USE_SSL_FAILED:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
            return {DeliveryFailure::kMisconfigured, "tls", std::move(message), 0};
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
        case CURLE_NOT_BUILT_IN:
        case CURLE_BAD_FUNCTION_ARGUMENT:
            return {DeliveryFailure::kMisconfigured, "settings", std::move(message), 0};
        default:
            return {DeliveryFailure::kTemporary, "curl_" + std::to_string(static_cast<int>(code)), std::move(message),
                    0};
    }
}

}  // namespace kesu::channels
