// /metrics has a bounded number of series whatever clients send.
#include "http/metrics.hpp"

#include <gtest/gtest.h>

namespace kesu::http {
namespace {

std::size_t Count(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
    return count;
}

TEST(Metrics, UnknownMethodsShareOneLabel) {
    Metrics metrics;
    metrics.ObserveRequest("unmatched", "GET", 404, 0.001);
    for (int i = 0; i < 1000; ++i) metrics.ObserveRequest("unmatched", "M" + std::to_string(i), 404, 0.001);
    metrics.ObserveRequest("unmatched", "get\"} 1\nforged{a=\"", 404, 0.001);
    std::string text = metrics.Render();
    EXPECT_NE(text.find("kesu_http_requests_total{route=\"unmatched\",method=\"other\",status=\"404\"} 1001"),
              std::string::npos)
        << text;
    EXPECT_EQ(Count(text, "kesu_http_requests_total{"), 2u);
    EXPECT_EQ(text.find("forged"), std::string::npos);
}

TEST(Metrics, TheSeriesDoNotGrowWithTraffic) {
    Metrics metrics;
    auto observe_all = [&](int round) {
        for (const char* method : {"GET", "POST", "BREW", "PROPFIND"})
            for (int status : {200, 404, 405, 999})
                metrics.ObserveRequest("static", method + std::to_string(round % 2 ? 0 : round), status, 0.001);
    };
    observe_all(1);
    std::size_t size = metrics.Render().size();
    for (int round = 2; round < 200; ++round) observe_all(round);
    EXPECT_LT(metrics.Render().size(), size + 200) << "only counts change, no series are added";
}

}  // namespace
}  // namespace kesu::http
