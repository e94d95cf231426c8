#include "http/client_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace kesu::http {

namespace {

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::vector<std::string_view> SplitList(std::string_view text, char separator) {
    std::vector<std::string_view> items;
    while (true) {
        std::size_t at = text.find(separator);
        items.push_back(Trim(text.substr(0, at)));
        if (at == std::string_view::npos) break;
        text.remove_prefix(at + 1);
    }
    return items;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return (x | 0x20) == (y | 0x20); });
}

// The node of one Forwarded element (RFC 7239: for=192.0.2.60;proto=http;by=203.0.113.43, quoted for IPv6).
std::string_view ForwardedFor(std::string_view element) {
    for (std::string_view pair : SplitList(element, ';')) {
        std::size_t equals = pair.find('=');
        if (equals == std::string_view::npos || !EqualsIgnoringCase(Trim(pair.substr(0, equals)), "for")) continue;
        std::string_view value = Trim(pair.substr(equals + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        return value;
    }
    return {};
}

}  // namespace

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
    text = Trim(text);
    if (text.empty() || text.size() > 64) return std::nullopt;
    std::string host(text);
    if (host.front() == '[') {  // [v6] or [v6]:port
        std::size_t close = host.find(']');
        if (close == std::string::npos) return std::nullopt;
        std::string_view rest = std::string_view(host).substr(close + 1);
        if (!rest.empty() && rest.front() != ':') return std::nullopt;
        host = host.substr(1, close - 1);
    } else if (std::count(host.begin(), host.end(), ':') == 1) {  // v4:port
        host = host.substr(0, host.find(':'));
    }
    IpAddress address;
    if (inet_pton(AF_INET, host.c_str(), address.bytes.data()) == 1) return address;
    if (inet_pton(AF_INET6, host.c_str(), address.bytes.data()) != 1) return std::nullopt;
    constexpr std::uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(address.bytes.data(), kMappedPrefix, sizeof kMappedPrefix) == 0) {
        std::memmove(address.bytes.data(), address.bytes.data() + 12, 4);
        std::fill(address.bytes.begin() + 4, address.bytes.end(), std::uint8_t{0});
        return address;
    }
    address.v6 = true;
    return address;
}

std::string IpAddress::ToString() const {
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), text, sizeof text);
    return text;
}

domain::Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& networks,
                                                     ForwardingHeader header) {
    TrustedProxies proxies;
    proxies.header_ = header;
    for (const std::string& entry : networks) {
        std::string_view text = Trim(entry);
        if (text.empty()) continue;
        std::size_t slash = text.find('/');
        auto base = IpAddress::Parse(text.substr(0, slash));
        bool bracketed_or_port = text.find('[') != std::string_view::npos ||
                                 (base && !base->v6 && text.substr(0, slash).find(':') != std::string_view::npos);
        if (!base || bracketed_or_port)
            return domain::FailField(domain::ErrorCode::kInvalidArgument, "trusted-proxy",
                                     "'" + entry + "' is not an IP address or CIDR block");
        int max_bits = base->v6 ? 128 : 32;
        int bits = max_bits;
        if (slash != std::string_view::npos) {
            std::string_view digits = text.substr(slash + 1);
            auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
            if (ec != std::errc() || end != digits.data() + digits.size() || bits < 0 || bits > max_bits)
                return domain::FailField(domain::ErrorCode::kInvalidArgument, "trusted-proxy",
                                         "'" + entry + "' has a prefix length outside 0.." + std::to_string(max_bits));
        }
        proxies.networks_.push_back({*base, bits});
    }
    return proxies;
}

bool TrustedProxies::Contains(const IpAddress& address) const {
    return std::ranges::any_of(networks_, [&](const Network& network) {
        if (network.base.v6 != address.v6) return false;
        int whole = network.prefix_bits / 8;
        int rest = network.prefix_bits % 8;
        if (std::memcmp(network.base.bytes.data(), address.bytes.data(), static_cast<std::size_t>(whole)) != 0)
            return false;
        if (rest == 0) return true;
        auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
        return (network.base.bytes[static_cast<std::size_t>(whole)] & mask) ==
               (address.bytes[static_cast<std::size_t>(whole)] & mask);
    });
}

std::string TrustedProxies::ClientAddress(std::string_view peer,
                                          const std::vector<std::pair<std::string, std::string>>& headers) const {
    auto peer_address = IpAddress::Parse(peer);
    if (!peer_address) return std::string(peer);
    std::string client = peer_address->ToString();
    if (!Contains(*peer_address)) return client;

    // Every hop, oldest first, across repeated headers (RFC 9110 lets a list be split over several lines).
    std::vector<std::string_view> hops;
    std::string_view name = header_ == ForwardingHeader::kForwarded ? "forwarded" : "x-forwarded-for";
    for (const auto& [key, value] : headers) {
        if (key != name) continue;
        for (std::string_view item : SplitList(value, ','))
            hops.push_back(header_ == ForwardingHeader::kForwarded ? ForwardedFor(item) : item);
    }
    // Right to left: each address was written by the proxy after it, which we trust as long as it is a proxy.
    // The first address that is not a trusted proxy is the client; what lies further left came from the client
    // and proves nothing. An entry that is not an address (unknown, obfuscated, garbage) stops the walk at the
    // last hop we could trust.
    for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
        auto address = IpAddress::Parse(*hop);
        if (!address) return client;
        client = address->ToString();
        if (!Contains(*address)) return client;
    }
    return client;
}

}  // namespace kesu::http
