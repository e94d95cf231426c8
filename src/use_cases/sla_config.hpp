// The SLA policy in force and the working calendar it counts in, compiled once and shared. The database holds
// the truth (an admin edits both); a version stamp in settings, read in each transaction, tells every node when
// to rebuild, so a change made through one node applies on all of them.
// Thread-safety: SlaConfigCache may be used from any thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "domain/calendar/sla_policy.hpp"
#include "domain/calendar/working_calendar.hpp"
#include "domain/database.hpp"

namespace kesu::use_cases {

struct SlaConfig {
    domain::SlaPolicy policy;
    domain::WorkingCalendar calendar;
    std::string version;
};

inline constexpr const char* kActivePolicyId = "default";

class SlaConfigCache {
public:
    // The configuration as of `tx`, rebuilt when its version stamp moved.
    domain::Result<std::shared_ptr<const SlaConfig>> Load(domain::Transaction& tx);

private:
    std::mutex mutex_;
    std::shared_ptr<const SlaConfig> current_;
};

// Marks the policy or a calendar as changed (call in the transaction that changed it).
domain::Result<void> BumpSlaConfigVersion(domain::Transaction& tx);

}  // namespace kesu::use_cases
