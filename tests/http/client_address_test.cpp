#include "http/client_address.hpp"

#include <gtest/gtest.h>

namespace kesu::http {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

TrustedProxies Proxies(std::vector<std::string> networks, ForwardingHeader header = ForwardingHeader::kXForwardedFor) {
    auto parsed = TrustedProxies::Parse(networks, header);
    EXPECT_TRUE(parsed) << parsed.error().message;
    return parsed.value_or(TrustedProxies{});
}

TEST(ClientAddress, WithoutTrustedProxiesTheHeaderIsIgnored) {
    TrustedProxies none;
    EXPECT_EQ(none.ClientAddress("203.0.113.9", {{"x-forwarded-for", "198.51.100.1"}}), "203.0.113.9");
}

TEST(ClientAddress, AnUntrustedPeerCannotChooseItsAddress) {
    TrustedProxies proxies = Proxies({"127.0.0.1", "10.0.0.0/8"});
    EXPECT_EQ(proxies.ClientAddress("203.0.113.9", {{"x-forwarded-for", "198.51.100.1"}}), "203.0.113.9");
}

TEST(ClientAddress, ATrustedProxyNamesTheRightMostUntrustedAddress) {
    TrustedProxies proxies = Proxies({"127.0.0.1", "10.0.0.0/8"});
    EXPECT_EQ(proxies.ClientAddress("127.0.0.1", {{"x-forwarded-for", "198.51.100.1"}}), "198.51.100.1");
    // The client wrote "1.2.3.4" itself; nginx appended the real peer; an inner proxy at 10.1.2.3 forwarded it.
    EXPECT_EQ(proxies.ClientAddress("127.0.0.1", {{"x-forwarded-for", "1.2.3.4, 198.51.100.1, 10.1.2.3"}}),
              "198.51.100.1");
    EXPECT_EQ(proxies.ClientAddress("127.0.0.1", {{"x-forwarded-for", "1.2.3.4"}, {"x-forwarded-for", "198.51.100.7"}}),
              "198.51.100.7");
    EXPECT_EQ(proxies.ClientAddress("127.0.0.1", {}), "127.0.0.1");
    EXPECT_EQ(proxies.ClientAddress("127.0.0.1", {{"x-forwarded-for", "not-an-address"}}), "127.0.0.1");
    EXPECT_EQ(proxies.ClientAddress("::ffff:127.0.0.1", {{"x-forwarded-for", "2001:db8::5"}}), "2001:db8::5");
}

TEST(ClientAddress, TheForwardedHeaderIsReadOnlyWhenConfigured) {
    TrustedProxies forwarded = Proxies({"::1"}, ForwardingHeader::kForwarded);
    Headers headers{{"x-forwarded-for", "192.0.2.66"},
                    {"forwarded", "for=192.0.2.1, for=\"[2001:db8:cafe::17]:4711\";proto=https"}};
    EXPECT_EQ(forwarded.ClientAddress("::1", headers), "2001:db8:cafe::17");
    TrustedProxies by_x = Proxies({"::1"});
    EXPECT_EQ(by_x.ClientAddress("::1", headers), "192.0.2.66");
}

TEST(ClientAddress, NetworksMatchByPrefixAndBadEntriesAreNamed) {
    TrustedProxies proxies = Proxies({"192.168.4.0/22", "fd00::/8"});
    EXPECT_TRUE(proxies.Contains(*IpAddress::Parse("192.168.7.255")));
    EXPECT_FALSE(proxies.Contains(*IpAddress::Parse("192.168.8.0")));
    EXPECT_TRUE(proxies.Contains(*IpAddress::Parse("fdab::1")));
    EXPECT_FALSE(proxies.Contains(*IpAddress::Parse("fe80::1")));
    for (const char* bad : {"10.0.0.0/33", "proxy.example", "10.0.0.1:80", "::1/129", "10.0.0.0/x"}) {
        auto parsed = TrustedProxies::Parse({bad}, ForwardingHeader::kXForwardedFor);
        ASSERT_FALSE(parsed) << bad;
        EXPECT_NE(parsed.error().message.find(bad), std::string::npos);
    }
}

}  // namespace
}  // namespace kesu::http
