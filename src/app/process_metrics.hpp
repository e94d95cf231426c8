// Prometheus metrics about the kesu process itself, in the names every Prometheus client library uses
// (process_cpu_seconds_total, process_resident_memory_bytes, …), and kesu_build_info. Read from /proc at every
// scrape.
#pragma once

#include <string>

#include "app/build_info.hpp"

namespace kesu::app {

// CPU time, resident and virtual memory, open and allowed file descriptors, threads and start time of this process.
std::string ProcessMetricsText();
// kesu_build_info{version="…",commit="…"} 1.
std::string BuildInfoMetricText(const BuildInfo& build);

}  // namespace kesu::app
