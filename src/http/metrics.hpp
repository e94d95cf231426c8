// Prometheus metrics of one kesu process: requests and latency by route, commit batch sizes. Gauges that
// describe the shared database (complaints by status) are added by the /metrics handler at scrape time.
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace kesu::http {

class Metrics {
public:
    // `route` is a route's name from the route table (or "static", "unmatched", "refused"): never text a client
    // chose. The method is recorded as itself only when kesu serves it (GET, POST, …), else as "other".
    void ObserveRequest(const std::string& route, const std::string& method, int status, double seconds);
    void ObserveCommit(std::size_t batch_size);
    // A gauge read at every scrape (e.g. the search indexer's backlog). `read` must be thread-safe.
    void AddGauge(std::string name, std::string help, std::function<double()> read);
    // Whole metric families in the text format, rendered at every scrape after the others (process metrics, build
    // information). `render` must be thread-safe.
    void AddSource(std::function<std::string()> render);
    // The text exposition format (version 0.0.4).
    std::string Render() const;

private:
    static constexpr std::array<double, 12> kLatencyBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                            0.05,   0.1,   0.25,   0.5,   1.0,  5.0};
    static constexpr std::array<double, 9> kBatchBuckets{1, 2, 4, 8, 16, 32, 64, 128, 512};

    struct Histogram {
        std::array<std::uint64_t, 13> buckets{};  // one per bound plus +Inf
        double sum = 0;
        std::uint64_t count = 0;
    };

    mutable std::mutex mutex_;
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
    std::map<std::string, Histogram> latency_;
    Histogram batches_;
    struct Gauge {
        std::string name, help;
        std::function<double()> read;
    };
    std::vector<Gauge> gauges_;
    std::vector<std::function<std::string()>> sources_;
};

}  // namespace kesu::http
