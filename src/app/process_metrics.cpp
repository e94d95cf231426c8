#include "app/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

namespace kesu::app {

namespace {

std::string ReadAll(const char* path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string Number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return buffer;
}

void Add(std::string& out, const char* name, const char* type, const char* help, double value) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " +
           Number(value) + "\n";
}

// The seconds since the epoch at which the system booted (btime in /proc/stat).
double BootTime() {
    std::istringstream stat(ReadAll("/proc/stat"));
    std::string line;
    while (std::getline(stat, line))
        if (line.starts_with("btime ")) return std::stod(line.substr(6));
    return 0;
}

}  // namespace

std::string ProcessMetricsText() {
    // /proc/self/stat: fields after the parenthesised name, numbered as in proc(5).
    std::string stat = ReadAll("/proc/self/stat");
    auto after_name = stat.rfind(')');
    if (after_name == std::string::npos) return {};
    std::istringstream fields(stat.substr(after_name + 2));
    std::vector<std::string> values{"", "", ""};  // fields 1 and 2 are before the split; index = field number
    for (std::string field; fields >> field;) values.push_back(field);
    if (values.size() <= 24) return {};
    const auto ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const auto page = static_cast<double>(sysconf(_SC_PAGESIZE));
    std::size_t open_fds = 0;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec); !ec && it != std::filesystem::end(it);
         it.increment(ec))
        ++open_fds;
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);

    std::string out;
    Add(out, "process_cpu_seconds_total", "counter", "User and system CPU time of every thread, in seconds.",
        (std::stod(values[14]) + std::stod(values[15])) / ticks);
    Add(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", std::stod(values[24]) * page);
    Add(out, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", std::stod(values[23]));
    Add(out, "process_open_fds", "gauge", "Open file descriptors.", static_cast<double>(open_fds));
    Add(out, "process_max_fds", "gauge", "Largest number of file descriptors the process may open.",
        static_cast<double>(files.rlim_cur));
    Add(out, "process_threads", "gauge", "Threads of the process.", std::stod(values[20]));
    Add(out, "process_start_time_seconds", "gauge", "Start time of the process since the epoch, in seconds.",
        BootTime() + std::stod(values[22]) / ticks);
    return out;
}

std::string BuildInfoMetricText(const BuildInfo& build) {
    // Versions and commits are made of letters, digits, '.', '-' and '+': nothing to escape in a label value.
    return "# HELP kesu_build_info The version and commit of this kesu binary (always 1).\n"
           "# TYPE kesu_build_info gauge\n"
           "kesu_build_info{version=\"" +
           std::string(build.version) + "\",commit=\"" + std::string(build.commit) + "\"} 1\n";
}

}  // namespace kesu::app
