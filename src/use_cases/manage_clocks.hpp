// What staff do to a complaint's time limits: pause them while waiting on the customer and resume with the
// time that was left; extend one with the approval of a role the rule allows, a reason, and notice to the
// customer; and run the emergency process (name the team, attach the plan, report progress).
#pragma once

#include <string>
#include <vector>

#include "domain/calendar/sla_clock.hpp"
#include "domain/sla_repositories.hpp"
#include "use_cases/context.hpp"

namespace kesu::use_cases {

// A clock as shown with its complaint: the stored clock plus what is derived from the calendar now.
struct ClockView {
    domain::StoredClock stored;
    std::optional<domain::Instant> warn_at;          // the next warning, if one is still ahead
    std::optional<std::int64_t> remaining_seconds;   // in the clock's own measure; negative when overdue
};

domain::Result<std::vector<ClockView>> ListClocks(const Dependencies& deps, const RequestContext& context,
                                                  std::int64_t complaint_id);

domain::Result<domain::Complaint> PauseClocks(const Dependencies& deps, const RequestContext& context,
                                              std::int64_t complaint_id, int expected_version, const std::string& reason);
domain::Result<domain::Complaint> ResumeClocks(const Dependencies& deps, const RequestContext& context,
                                               std::int64_t complaint_id, int expected_version);

struct ExtensionInput {
    domain::SlaTarget target = domain::SlaTarget::kSolution;
    domain::SlaLimit amount;
    std::string reason;
    int expected_version = 0;
};
domain::Result<domain::Complaint> ExtendDeadline(const Dependencies& deps, const RequestContext& context,
                                                 std::int64_t complaint_id, const ExtensionInput& input);

struct EmergencyInput {
    int expected_version = 0;
    std::vector<std::string> team;
    std::string contingency_plan;
    int report_interval_minutes = 120;
};
// Starts the emergency process by hand, or completes one started automatically: the team and the plan.
domain::Result<domain::Complaint> OrganiseEmergency(const Dependencies& deps, const RequestContext& context,
                                                    std::int64_t complaint_id, const EmergencyInput& input);
domain::Result<domain::Complaint> ReportEmergencyProgress(const Dependencies& deps, const RequestContext& context,
                                                          std::int64_t complaint_id, int expected_version,
                                                          const std::string& text);

}  // namespace kesu::use_cases
