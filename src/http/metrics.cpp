#include "http/metrics.hpp"

#include <cstdio>

namespace kesu::http {

namespace {

template <std::size_t N>
void Observe(std::array<std::uint64_t, 13>& buckets, const std::array<double, N>& bounds, double value) {
    std::size_t i = 0;
    while (i < N && value > bounds[i]) ++i;
    ++buckets[i];
}

std::string Number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", value);
    return buffer;
}

template <std::size_t N>
void RenderHistogram(std::string& out, const std::string& name, const std::string& labels,
                     const std::array<std::uint64_t, 13>& buckets, const std::array<double, N>& bounds, double sum,
                     std::uint64_t count) {
    std::uint64_t cumulative = 0;
    std::string prefix = labels.empty() ? "" : labels + ",";
    for (std::size_t i = 0; i < N; ++i) {
        cumulative += buckets[i];
        out += name + "_bucket{" + prefix + "le=\"" + Number(bounds[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    cumulative += buckets[N];
    out += name + "_bucket{" + prefix + "le=\"+Inf\"} " + std::to_string(cumulative) + "\n";
    std::string braces = labels.empty() ? "" : "{" + labels + "}";
    out += name + "_sum" + braces + " " + Number(sum) + "\n";
    out += name + "_count" + braces + " " + std::to_string(count) + "\n";
}

// Every label value comes from a fixed set, so no request can add a series: methods kesu does not serve share
// "other", statuses outside 100–599 share 0.
std::string_view MethodLabel(std::string_view method) {
    for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "-"})
        if (method == known) return known;
    return "other";
}

}  // namespace

void Metrics::ObserveRequest(const std::string& route, const std::string& method, int status, double seconds) {
    std::lock_guard lock(mutex_);
    ++requests_[{route, std::string(MethodLabel(method)), status >= 100 && status <= 599 ? status : 0}];
    Histogram& histogram = latency_[route];
    Observe(histogram.buckets, kLatencyBuckets, seconds);
    histogram.sum += seconds;
    ++histogram.count;
}

void Metrics::ObserveCommit(std::size_t batch_size) {
    std::lock_guard lock(mutex_);
    Observe(batches_.buckets, kBatchBuckets, static_cast<double>(batch_size));
    batches_.sum += static_cast<double>(batch_size);
    ++batches_.count;
}

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
    std::lock_guard lock(mutex_);
    gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

void Metrics::AddSource(std::function<std::string()> render) {
    std::lock_guard lock(mutex_);
    sources_.push_back(std::move(render));
}

std::string Metrics::Render() const {
    std::lock_guard lock(mutex_);
    std::string out;
    out += "# HELP kesu_http_requests_total HTTP requests by route, method and status.\n";
    out += "# TYPE kesu_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
        const auto& [route, method, status] = key;
        out += "kesu_http_requests_total{route=\"" + route + "\",method=\"" + method + "\",status=\"" +
               std::to_string(status) + "\"} " + std::to_string(count) + "\n";
    }
    out += "# HELP kesu_http_request_duration_seconds Time to handle a request, by route.\n";
    out += "# TYPE kesu_http_request_duration_seconds histogram\n";
    for (const auto& [route, histogram] : latency_)
        RenderHistogram(out, "kesu_http_request_duration_seconds", "route=\"" + route + "\"", histogram.buckets,
                        kLatencyBuckets, histogram.sum, histogram.count);
    out += "# HELP kesu_commit_batch_size Write transactions per durable commit (group commit).\n";
    out += "# TYPE kesu_commit_batch_size histogram\n";
    RenderHistogram(out, "kesu_commit_batch_size", "", batches_.buckets, kBatchBuckets, batches_.sum, batches_.count);
    for (const Gauge& gauge : gauges_) {
        out += "# HELP " + gauge.name + " " + gauge.help + "\n# TYPE " + gauge.name + " gauge\n";
        out += gauge.name + " " + std::to_string(static_cast<std::int64_t>(gauge.read())) + "\n";
    }
    for (const auto& render : sources_) out += render();
    return out;
}

}  // namespace kesu::http
