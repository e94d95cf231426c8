// One SLA clock of a complaint as a plain value (no pointers, easy to store as a row plus two JSON lists), and
// the pure functions that move it: start, pause while waiting on the customer, resume with the time that was
// left, extend with an approver and a reason, stop as met or missed, withdraw, or recompute for a new limit.
// Contract: the deadline is always RecomputeDue(clock) — the limit counted from started_at, then the pauses and
// extensions replayed in time order — so a clock can be rebuilt from its history. Events must come in time order.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar/sla_policy.hpp"
#include "domain/calendar/working_calendar.hpp"
#include "domain/enum_names.hpp"
#include "domain/error.hpp"
#include "domain/role.hpp"
#include "domain/time.hpp"

namespace kesu::domain {

enum class ClockState {
    kRunning,
    kPaused,     // waiting on the customer; the remaining time is frozen
    kMet,        // stopped at or before the deadline
    kMissed,     // stopped after the deadline
    kWithdrawn,  // no longer applies (the rule stopped matching); counts neither way in statistics
};

struct ClockPause {
    Instant paused_at;
    std::optional<Instant> resumed_at;  // none while still paused
    std::string reason;

    bool operator==(const ClockPause&) const = default;
};

struct ClockExtension {
    SlaLimit amount;
    Instant approved_at;
    std::int64_t approver_id = 0;
    Role approver_role = Role::kManager;
    std::string reason;
    bool customer_notified = false;

    bool operator==(const ClockExtension&) const = default;
};

struct ClockBreach {
    int number = 0;    // 1 for the clock's first breach; selects the escalation step
    int revision = 0;  // the clock's revision (deadline version) that was breached
    Instant at;        // when it counted as breached (the alarm instant, not when a job noticed)

    bool operator==(const ClockBreach&) const = default;
};

struct SlaClock {
    SlaTarget target = SlaTarget::kAcknowledge;
    std::string rule_name;  // the SlaRule that set the limit
    SlaLimit limit;
    Instant started_at;
    Instant due_at;  // the deadline; while paused, as it stood when the pause began (plus extensions since)
    ClockState state = ClockState::kRunning;
    std::vector<ClockPause> pauses;          // chronological, at most the last one open
    std::vector<ClockExtension> extensions;  // chronological
    std::optional<Instant> stopped_at;       // met, missed or withdrawn
    int revision = 1;                        // bumped when an extension or a new limit moves the deadline
    std::optional<Instant> revised_at;       // when the revision last changed
    int warnings_fired = 0;                  // warning thresholds already sent for warnings_revision
    int warnings_revision = 1;
    std::vector<ClockBreach> breaches;

    bool operator==(const SlaClock&) const = default;
};

// The deadline of `limit` counted from `from` (docs/sla.md): calendar time adds wall-clock minutes; working time
// adds minutes inside working hours; working days ends at close of business on the Nth working day after the
// date of `from`; calendar days ends at 24:00 of the Nth day after it, moved on to the next working day.
Instant DueAfter(const WorkingCalendar& calendar, Instant from, SlaLimit limit);
// The deadline from the clock's own history (what every function below stores in due_at).
Instant RecomputeDue(const SlaClock& clock, const WorkingCalendar& calendar);

SlaClock StartClock(const SlaRule& rule, const WorkingCalendar& calendar, Instant at);

// Errors: kIllegalTransition when the clock is not running (pause) / not paused (resume) / finished (others);
// kInvalidArgument when `at` is before the clock's last recorded event.
Result<SlaClock> PauseClock(SlaClock clock, const WorkingCalendar& calendar, Instant at, std::string reason);
Result<SlaClock> ResumeClock(SlaClock clock, const WorkingCalendar& calendar, Instant at);

struct ExtensionRequest {
    SlaLimit amount;  // same clock type as the rule's max_amount, at most that much
    std::int64_t approver_id = 0;
    Role approver_role = Role::kManager;
    std::string reason;
    bool customer_notified = false;
    Instant at;
};
// Moves the deadline on by `amount` counted from the current deadline. Errors besides the above: kForbidden
// when the rule allows no extension or not by this role; kInvalidArgument for a missing reason, a missing
// customer notice the rule requires, or an amount over the rule's; kIllegalTransition when extended enough.
Result<SlaClock> ExtendClock(SlaClock clock, const ExtensionRule& rule, const WorkingCalendar& calendar,
                             ExtensionRequest request);

// Met when `at` <= the deadline (a pause still open ends at `at`).
Result<SlaClock> StopClock(SlaClock clock, const WorkingCalendar& calendar, Instant at);
Result<SlaClock> WithdrawClock(SlaClock clock, const WorkingCalendar& calendar, Instant at);
// A new limit from `rule` (level raised, marked complex, ...): same start, pauses and extensions, new deadline.
// Finished clocks are returned unchanged.
SlaClock ChangeLimit(SlaClock clock, const SlaRule& rule, const WorkingCalendar& calendar, Instant at);

// All in the clock's own measure: working time for working clocks, wall-clock time for calendar clocks.
// Remaining: until the deadline from now (running), from the pause (paused) or from the stop (finished);
// negative when overdue. Allowed: the whole active time the clock gives, pauses excluded.
std::chrono::milliseconds RemainingTime(const SlaClock& clock, const WorkingCalendar& calendar, Instant now);
std::chrono::milliseconds AllowedTime(const SlaClock& clock, const WorkingCalendar& calendar);
// Wall-clock time spent paused up to `now`.
std::chrono::milliseconds PausedTime(const SlaClock& clock, Instant now);
bool IsOverdue(const SlaClock& clock, const WorkingCalendar& calendar, Instant now);
// The instant at which `percent` of the allowed active time is used up (above 100: past the deadline).
// nullopt while paused with that share not yet reached.
std::optional<Instant> InstantAtShare(const SlaClock& clock, const WorkingCalendar& calendar, int percent);

std::span<const EnumName<ClockState>> ClockStateNames();
inline std::string_view NameOf(ClockState v) { return NameIn(ClockStateNames(), v); }

}  // namespace kesu::domain
