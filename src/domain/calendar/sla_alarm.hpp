// When a clock's warnings and breaches fall, and which escalation step a breach takes. Pure: the lead's scheduler
// keeps one timer per clock at NextAlarm(...).at and, when it fires, calls FireDueAlarms and stores the clock.
// Contract: warnings at EscalationPolicy::warn_at_percent of the allowed active time (pauses excluded); the first
// breach just after the deadline; repeats every repeat_breach_every_percent while the clock stays open and a
// higher step is left. An extension or a new limit starts a new revision: warnings still ahead fire again, and
// missing the new deadline is the next breach (one step higher).
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "domain/calendar/sla_clock.hpp"
#include "domain/calendar/sla_policy.hpp"
#include "domain/calendar/working_calendar.hpp"
#include "domain/enum_names.hpp"
#include "domain/time.hpp"

namespace kesu::domain {

enum class AlarmKind { kWarning, kBreach };

struct SlaAlarm {
    AlarmKind kind = AlarmKind::kWarning;
    int number = 0;   // warnings: index into warn_at_percent + 1; breaches: the clock's breach count after it
    int percent = 0;  // share of the allowed time used up: 75, 100, 200, ...
    Instant at;       // warning: when the share is used up; breach: the first millisecond after it

    bool operator==(const SlaAlarm&) const = default;
};

// The next alarm of a running clock, possibly already in the past; nullopt when paused, finished or done.
std::optional<SlaAlarm> NextAlarm(const SlaClock& clock, const EscalationPolicy& policy,
                                  const WorkingCalendar& calendar);

struct FiredAlarms {
    SlaClock clock;                            // with the fired alarms recorded
    std::optional<SlaAlarm> warning;           // the latest warning fired, unless a breach fired with it
    std::optional<SlaAlarm> breach;            // the latest breach fired
    std::optional<EscalationStep> escalation;  // the step for that breach
};

// Records every alarm due at or before `now` (several after downtime) and says what to do about the latest.
FiredAlarms FireDueAlarms(SlaClock clock, const EscalationPolicy& policy, const WorkingCalendar& calendar, Instant now);

// The step for the nth breach: steps[n-1], or the last one past the end; nullptr when there are no steps.
const EscalationStep* EscalationFor(const EscalationPolicy& policy, int breach_number);

std::span<const EnumName<AlarmKind>> AlarmKindNames();
inline std::string_view NameOf(AlarmKind v) { return NameIn(AlarmKindNames(), v); }

}  // namespace kesu::domain
