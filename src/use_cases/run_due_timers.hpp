// The scheduler's work: take the timers that are due (with a lease, so several kesu nodes never act on the same
// one) and act on each in its own transaction — fire SLA warnings and breaches with their escalation steps,
// chase overdue emergency reports — moving the timer on in that same transaction. A crash before the commit
// leaves the timer to be taken again when its lease runs out; after the commit it has already moved on: nothing
// is lost and nothing fires twice.
#pragma once

#include <chrono>
#include <string>

#include "use_cases/context.hpp"

namespace kesu::use_cases {

struct TimerRun {
    int taken = 0;   // timers leased
    int acted = 0;   // timers acted on (the rest were no longer ours or no longer relevant)
    int failed = 0;  // timers whose transaction failed; they are retried after the lease
};

// `owner` names this node (its leases); acts on at most `limit` timers due at `now`.
domain::Result<TimerRun> RunDueTimers(const Dependencies& deps, const std::string& owner, domain::Instant now,
                                      int limit = 100, std::chrono::seconds lease = std::chrono::seconds{60});

// Removes what has expired: sessions, idempotency records, throttling counters. Returns rows removed.
domain::Result<std::int64_t> PurgeExpired(const Dependencies& deps, domain::Instant now);

}  // namespace kesu::use_cases
