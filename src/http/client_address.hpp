// Which address a request came from, when kesu runs behind reverse proxies. The TCP peer is the client unless it
// is one of the configured trusted proxies; only then is the forwarding header read, right to left, skipping the
// proxies, and the first address no trusted proxy owns is the client. A header from anyone else is ignored, so a
// client cannot choose the address its throttles count against.
// Thread-safety: immutable after Parse; safe to share.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/error.hpp"

namespace kesu::http {

// An IPv4 or IPv6 address; IPv4-mapped IPv6 addresses (::ffff:192.0.2.1) are read as the IPv4 address.
struct IpAddress {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{};  // IPv4 uses the first 4

    // "192.0.2.1", "2001:db8::1", "[2001:db8::1]", "192.0.2.1:5678", "[2001:db8::1]:443"; nullopt otherwise.
    static std::optional<IpAddress> Parse(std::string_view text);
    std::string ToString() const;
};

enum class ForwardingHeader { kXForwardedFor, kForwarded };

class TrustedProxies {
public:
    TrustedProxies() = default;
    // `networks`: addresses or CIDR blocks ("127.0.0.1", "10.0.0.0/8", "fd00::/8"). `header`: the one header the
    // proxies write (nginx appends to X-Forwarded-For; Forwarded is RFC 7239). Errors name the bad entry.
    static domain::Result<TrustedProxies> Parse(const std::vector<std::string>& networks, ForwardingHeader header);

    bool Empty() const { return networks_.empty(); }
    bool Contains(const IpAddress& address) const;

    // The client's address for throttles and logs. `headers`: lower-case names, in arrival order.
    std::string ClientAddress(std::string_view peer,
                              const std::vector<std::pair<std::string, std::string>>& headers) const;

private:
    struct Network {
        IpAddress base;
        int prefix_bits = 0;
    };
    std::vector<Network> networks_;
    ForwardingHeader header_ = ForwardingHeader::kXForwardedFor;
};

}  // namespace kesu::http
