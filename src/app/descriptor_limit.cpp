#include "app/descriptor_limit.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace kesu::app {

std::uint64_t RaiseDescriptorLimit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        // An unlimited hard limit is still capped by the kernel (fs.nr_open): settle for a large finite value.
        if (::setrlimit(RLIMIT_NOFILE, &raised) != 0) {
            raised.rlim_cur = std::max<rlim_t>(limit.rlim_cur, 1u << 20);
            if (::setrlimit(RLIMIT_NOFILE, &raised) != 0) raised = limit;
        }
        limit = raised;
    }
    return limit.rlim_cur == RLIM_INFINITY ? (1u << 20) : static_cast<std::uint64_t>(limit.rlim_cur);
}

int DefaultMaxConnections(std::uint64_t descriptor_limit, int worker_threads) {
    // About 30 at rest (database, search index, logs, listener, epoll); each reader holds up to six (database and
    // search index, each with its log and shared memory), and a worker may open a reader beyond the pool.
    const std::uint64_t reserved = 128 + 6 * static_cast<std::uint64_t>(std::max(worker_threads, 0));
    const std::uint64_t spare = descriptor_limit > reserved ? descriptor_limit - reserved : 0;
    return static_cast<int>(std::clamp<std::uint64_t>(spare / 2, 16, 65536));
}

}  // namespace kesu::app
