#include "channels/http_post.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <charconv>
#include <cstring>

namespace kesu::channels {

namespace {

constexpr std::size_t kMaxAnswer = 64 * 1024;

std::size_t CollectBody(char* data, std::size_t size, std::size_t count, void* user) {
    auto* answer = static_cast<HttpAnswer*>(user);
    const std::size_t room = kMaxAnswer - std::min(kMaxAnswer, answer->body.size());
    answer->body.append(data, std::min(room, size * count));
    return size * count;
}

std::size_t CollectHeader(char* data, std::size_t size, std::size_t count, void* user) {
    auto* answer = static_cast<HttpAnswer*>(user);
    std::string_view line(data, size * count);
    constexpr std::string_view kRetryAfter = "retry-after:";
    if (line.size() > kRetryAfter.size()) {
        std::string name(line.substr(0, kRetryAfter.size()));
        for (char& c : name)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (name == kRetryAfter) {
            std::string_view value = line.substr(kRetryAfter.size());
            while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
            int seconds = 0;
            if (std::from_chars(value.data(), value.data() + value.size(), seconds).ec == std::errc{} && seconds > 0)
                answer->retry_after_seconds = std::min(seconds, 86400);
        }
    }
    return size * count;
}

bool IsPrivate(const sockaddr* address) {
    if (address->sa_family == AF_INET) {
        const auto* ipv4 = reinterpret_cast<const sockaddr_in*>(address);
        const std::uint32_t ip = ntohl(ipv4->sin_addr.s_addr);
        const auto in = [&](std::uint32_t network, int bits) {
            const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
            return (ip & mask) == network;
        };
        return in(0x00000000, 8) || in(0x0A000000, 8) || in(0x7F000000, 8) || in(0xA9FE0000, 16) ||
               in(0xAC100000, 12) || in(0xC0A80000, 16) || in(0x64400000, 10) || in(0xE0000000, 4) || ip == 0xFFFFFFFF;
    }
    if (address->sa_family == AF_INET6) {
        const auto* ipv6 = reinterpret_cast<const sockaddr_in6*>(address);
        const unsigned char* bytes = ipv6->sin6_addr.s6_addr;
        static constexpr unsigned char kLoopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        static constexpr unsigned char kUnspecified[16] = {};
        if (std::memcmp(bytes, kLoopback, 16) == 0 || std::memcmp(bytes, kUnspecified, 16) == 0) return true;
        if ((bytes[0] & 0xFE) == 0xFC) return true;                      // fc00::/7 unique local
        if (bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80) return true;  // fe80::/10 link local
        if (bytes[0] == 0xFF) return true;                               // multicast
        static constexpr unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
        if (std::memcmp(bytes, kMappedPrefix, 12) == 0) {  // ::ffff:a.b.c.d
            sockaddr_in mapped{};
            mapped.sin_family = AF_INET;
            std::memcpy(&mapped.sin_addr, bytes + 12, 4);
            return IsPrivate(reinterpret_cast<const sockaddr*>(&mapped));
        }
        return false;
    }
    return true;
}

struct SocketGuard {
    bool refused = false;
};

// Checked on the address actually connected to, after name resolution, so a name that resolves to an internal
// address (or changes to one) is refused too.
curl_socket_t OpenPublicSocket(void* user, curlsocktype, curl_sockaddr* address) {
    auto* guard = static_cast<SocketGuard*>(user);
    if (IsPrivate(&address->addr)) {
        guard->refused = true;
        return CURL_SOCKET_BAD;
    }
    return socket(address->family, address->socktype, address->protocol);
}

}  // namespace

std::expected<HttpAnswer, domain::DeliveryError> PostJson(CurlPool& pool, const TransportSettings& transport,
                                                          const HttpPost& post, std::string_view what) {
    using domain::DeliveryError;
    using domain::DeliveryFailure;
    if (!post.url.starts_with("https://") && !post.url.starts_with("http://"))
        return std::unexpected(DeliveryError{DeliveryFailure::kMisconfigured, "settings",
                                             std::string(what) + ": the URL is not http(s)", 0});
    std::optional<CurlPool::Lease> lease = pool.Acquire();
    if (!lease)
        return std::unexpected(
            DeliveryError{DeliveryFailure::kTemporary, "curl", std::string(what) + ": out of memory", 0});
    CURL* curl = lease->get();
    ApplyTransport(curl, transport, "http,https");
    curl_easy_setopt(curl, CURLOPT_URL, post.url.c_str());
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
    CurlList headers = AppendToList(nullptr, "Content-Type: application/json; charset=utf-8");
    headers = AppendToList(std::move(headers), "Expect:");
    for (const std::string& header : post.headers) headers = AppendToList(std::move(headers), header);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    HttpAnswer answer;
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, CollectBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, CollectHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &answer);
    SocketGuard guard;
    if (!post.allow_private_networks) {
        curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, OpenPublicSocket);
        curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &guard);
        // A kept connection was opened for some earlier URL: check this one afresh.
        curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, 1L);
    }
    const CURLcode code = curl_easy_perform(curl);
    if (code != CURLE_OK) {
        lease->Discard();
        if (guard.refused)
            return std::unexpected(DeliveryError{DeliveryFailure::kMisconfigured, "private_address",
                                                 std::string(what) + ": the URL leads to a private network address",
                                                 0});
        return std::unexpected(TransportError(code, what));
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
    return answer;
}

bool IsSuccess(const HttpAnswer& answer) {
    return answer.status >= 200 && answer.status < 300;
}

domain::DeliveryError HttpStatusError(const HttpAnswer& answer, std::string_view what) {
    using domain::DeliveryFailure;
    const long status = answer.status;
    const std::string code = "http_" + std::to_string(status);
    const std::string message = std::string(what) + " answered HTTP " + std::to_string(status);
    if (status == 408 || status == 425 || status == 429 || status >= 500)
        return {DeliveryFailure::kTemporary, code, message, answer.retry_after_seconds};
    if (status == 401 || status == 403 || status == 404 || status == 405 || (status >= 300 && status < 400))
        return {DeliveryFailure::kMisconfigured, code, message, 0};
    return {DeliveryFailure::kPermanent, code, message, 0};
}

}  // namespace kesu::channels
