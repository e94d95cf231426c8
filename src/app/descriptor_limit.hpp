// The process's descriptor budget: every client connection holds one, and the database must always find the few
// it needs. kesu raises its soft RLIMIT_NOFILE to the hard limit at start and serves at most so many connections
// that the rest stays for its own files (issue 13, finding 2; docs/operations.md).
#pragma once

#include <cstdint>

namespace kesu::app {

// Raises the soft RLIMIT_NOFILE to the hard limit (as far as the kernel allows) and returns the soft limit now in
// force.
std::uint64_t RaiseDescriptorLimit();

// The default of --max-connections: half of what `descriptor_limit` leaves after kesu's own descriptors (the
// database and its log, pooled and per-worker read connections, logs, the listening socket), because a connection
// may hold a second one (a file it downloads or an upload it stages). At least 16, at most 65,536.
int DefaultMaxConnections(std::uint64_t descriptor_limit, int worker_threads);

}  // namespace kesu::app
