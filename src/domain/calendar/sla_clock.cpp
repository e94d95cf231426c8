#include "domain/calendar/sla_clock.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace kesu::domain {
namespace {

using std::chrono::milliseconds;

constexpr std::array kClockStateNames{
    EnumName<ClockState>{ClockState::kRunning, "running"},
    EnumName<ClockState>{ClockState::kPaused, "paused"},
    EnumName<ClockState>{ClockState::kMet, "met"},
    EnumName<ClockState>{ClockState::kMissed, "missed"},
    EnumName<ClockState>{ClockState::kWithdrawn, "withdrawn"},
};

bool IsWorkingMeasure(ClockType clock) { return clock == ClockType::kWorkingTime || clock == ClockType::kWorkingDays; }

// Time between two instants as the clock counts it.
milliseconds ClockTime(const WorkingCalendar& calendar, ClockType clock, Instant from, Instant to) {
    return IsWorkingMeasure(clock) ? calendar.WorkingTimeBetween(from, to) : to - from;
}

Instant Advance(const WorkingCalendar& calendar, ClockType clock, Instant from, milliseconds amount) {
    return IsWorkingMeasure(clock) ? calendar.AddWorkingTime(from, amount) : from + amount;
}

// A day-based extension counts from the day the current deadline falls in; a deadline at 24:00 belongs to the
// day that ends there, hence the millisecond back.
Instant Extend(const WorkingCalendar& calendar, Instant due, SlaLimit amount) {
    return DueAfter(calendar, IsDayBased(amount.clock) ? due - milliseconds{1} : due, amount);
}

bool IsFinished(ClockState state) { return state != ClockState::kRunning && state != ClockState::kPaused; }

Instant LastEvent(const SlaClock& clock) {
    Instant last = clock.started_at;
    for (const ClockPause& pause : clock.pauses) last = std::max(last, pause.resumed_at.value_or(pause.paused_at));
    for (const ClockExtension& extension : clock.extensions) last = std::max(last, extension.approved_at);
    if (clock.revised_at) last = std::max(last, *clock.revised_at);
    return last;
}

Result<void> CheckInOrder(const SlaClock& clock, Instant at) {
    if (at < LastEvent(clock))
        return FailField(ErrorCode::kInvalidArgument, "at", "is before the clock's last recorded event");
    return {};
}

Result<void> CheckOpen(const SlaClock& clock) {
    if (IsFinished(clock.state))
        return Fail(ErrorCode::kIllegalTransition, "the " + std::string{NameOf(clock.target)} + " clock is already " +
                                                       std::string{NameOf(clock.state)});
    return {};
}

void ClosePause(SlaClock& clock, Instant at) {
    if (!clock.pauses.empty() && !clock.pauses.back().resumed_at) clock.pauses.back().resumed_at = at;
}

// Ends an open pause at `at`; a clock stopped while paused keeps the time it had left.
void Finish(SlaClock& clock, const WorkingCalendar& calendar, Instant at, bool withdrawn) {
    ClosePause(clock, at);
    clock.due_at = RecomputeDue(clock, calendar);
    clock.stopped_at = at;
    if (withdrawn)
        clock.state = ClockState::kWithdrawn;
    else
        clock.state = at <= clock.due_at ? ClockState::kMet : ClockState::kMissed;
}

}  // namespace

Instant DueAfter(const WorkingCalendar& calendar, Instant from, SlaLimit limit) {
    switch (limit.clock) {
        case ClockType::kCalendarTime:
            return from + std::chrono::minutes{limit.amount};
        case ClockType::kWorkingTime:
            return calendar.AddWorkingTime(from, std::chrono::minutes{limit.amount});
        case ClockType::kWorkingDays:
            return calendar.AddWorkingDays(from, static_cast<int>(limit.amount));
        case ClockType::kCalendarDays:
            return calendar.AddCalendarDays(from, static_cast<int>(limit.amount));
    }
    return from;
}

Instant RecomputeDue(const SlaClock& clock, const WorkingCalendar& calendar) {
    Instant due = DueAfter(calendar, clock.started_at, clock.limit);
    // Merge pause and extension events by time; at equal instants the pause event goes first.
    std::size_t extension = 0;
    auto apply_extensions_until = [&](Instant until) {
        for (; extension < clock.extensions.size() && clock.extensions[extension].approved_at < until; ++extension)
            due = Extend(calendar, due, clock.extensions[extension].amount);
    };
    for (const ClockPause& pause : clock.pauses) {
        apply_extensions_until(pause.paused_at);
        if (!pause.resumed_at) break;
        apply_extensions_until(*pause.resumed_at);
        milliseconds remaining = ClockTime(calendar, clock.limit.clock, pause.paused_at, due);
        due = Advance(calendar, clock.limit.clock, *pause.resumed_at, remaining);
    }
    for (; extension < clock.extensions.size(); ++extension)
        due = Extend(calendar, due, clock.extensions[extension].amount);
    return due;
}

SlaClock StartClock(const SlaRule& rule, const WorkingCalendar& calendar, Instant at) {
    SlaClock clock;
    clock.target = rule.target;
    clock.rule_name = rule.name;
    clock.limit = rule.limit;
    clock.started_at = at;
    clock.due_at = DueAfter(calendar, at, rule.limit);
    return clock;
}

Result<SlaClock> PauseClock(SlaClock clock, const WorkingCalendar& calendar, Instant at, std::string reason) {
    if (clock.state != ClockState::kRunning)
        return Fail(ErrorCode::kIllegalTransition, "only a running clock can be paused");
    if (auto ordered = CheckInOrder(clock, at); !ordered) return std::unexpected(ordered.error());
    clock.pauses.push_back({at, std::nullopt, std::move(reason)});
    clock.state = ClockState::kPaused;
    clock.due_at = RecomputeDue(clock, calendar);
    return clock;
}

Result<SlaClock> ResumeClock(SlaClock clock, const WorkingCalendar& calendar, Instant at) {
    if (clock.state != ClockState::kPaused)
        return Fail(ErrorCode::kIllegalTransition, "only a paused clock can be resumed");
    if (auto ordered = CheckInOrder(clock, at); !ordered) return std::unexpected(ordered.error());
    ClosePause(clock, at);
    clock.state = ClockState::kRunning;
    clock.due_at = RecomputeDue(clock, calendar);
    return clock;
}

Result<SlaClock> ExtendClock(SlaClock clock, const ExtensionRule& rule, const WorkingCalendar& calendar,
                             ExtensionRequest request) {
    if (auto open = CheckOpen(clock); !open) return std::unexpected(open.error());
    if (rule.approver_roles.empty())
        return Fail(ErrorCode::kForbidden, "the " + std::string{NameOf(clock.target)} + " deadline cannot be extended");
    if (std::ranges::find(rule.approver_roles, request.approver_role) == rule.approver_roles.end())
        return Fail(ErrorCode::kForbidden,
                    "a " + std::string{RoleName(request.approver_role)} + " may not approve this extension");
    if (static_cast<int>(clock.extensions.size()) >= rule.max_count)
        return Fail(ErrorCode::kIllegalTransition,
                    "this deadline may be extended only " + std::to_string(rule.max_count) + " time(s)");
    if (request.reason.find_first_not_of(" \t\r\n") == std::string::npos)
        return FailField(ErrorCode::kInvalidArgument, "reason", "an extension needs a recorded reason");
    if (rule.customer_notice_required && !request.customer_notified)
        return FailField(ErrorCode::kInvalidArgument, "customer_notified",
                         "the customer must be told of the extension");
    if (request.amount.clock != rule.max_amount.clock || request.amount.amount <= 0 ||
        request.amount.amount > rule.max_amount.amount)
        return FailField(ErrorCode::kInvalidArgument, "amount",
                         "must be counted in " + std::string{NameOf(rule.max_amount.clock)} + ", at most " +
                             std::to_string(rule.max_amount.amount));
    if (auto ordered = CheckInOrder(clock, request.at); !ordered) return std::unexpected(ordered.error());
    clock.extensions.push_back({request.amount, request.at, request.approver_id, request.approver_role,
                                std::move(request.reason), request.customer_notified});
    clock.due_at = RecomputeDue(clock, calendar);
    ++clock.revision;
    clock.revised_at = request.at;
    return clock;
}

Result<SlaClock> StopClock(SlaClock clock, const WorkingCalendar& calendar, Instant at) {
    if (auto open = CheckOpen(clock); !open) return std::unexpected(open.error());
    if (auto ordered = CheckInOrder(clock, at); !ordered) return std::unexpected(ordered.error());
    Finish(clock, calendar, at, /*withdrawn=*/false);
    return clock;
}

Result<SlaClock> WithdrawClock(SlaClock clock, const WorkingCalendar& calendar, Instant at) {
    if (auto open = CheckOpen(clock); !open) return std::unexpected(open.error());
    if (auto ordered = CheckInOrder(clock, at); !ordered) return std::unexpected(ordered.error());
    Finish(clock, calendar, at, /*withdrawn=*/true);
    return clock;
}

SlaClock ChangeLimit(SlaClock clock, const SlaRule& rule, const WorkingCalendar& calendar, Instant at) {
    if (IsFinished(clock.state)) return clock;
    clock.rule_name = rule.name;
    if (clock.limit == rule.limit) return clock;
    clock.limit = rule.limit;
    clock.due_at = RecomputeDue(clock, calendar);
    ++clock.revision;
    clock.revised_at = std::max(at, LastEvent(clock));
    return clock;
}

milliseconds RemainingTime(const SlaClock& clock, const WorkingCalendar& calendar, Instant now) {
    Instant from = now;
    if (clock.stopped_at)
        from = *clock.stopped_at;
    else if (clock.state == ClockState::kPaused)
        from = clock.pauses.back().paused_at;
    return ClockTime(calendar, clock.limit.clock, from, clock.due_at);
}

milliseconds AllowedTime(const SlaClock& clock, const WorkingCalendar& calendar) {
    milliseconds elapsed{0};
    Instant cursor = clock.started_at;
    for (const ClockPause& pause : clock.pauses) {
        elapsed += ClockTime(calendar, clock.limit.clock, cursor, pause.paused_at);
        if (!pause.resumed_at) return elapsed + ClockTime(calendar, clock.limit.clock, pause.paused_at, clock.due_at);
        cursor = *pause.resumed_at;
    }
    return elapsed + ClockTime(calendar, clock.limit.clock, cursor, clock.due_at);
}

milliseconds PausedTime(const SlaClock& clock, Instant now) {
    milliseconds paused{0};
    for (const ClockPause& pause : clock.pauses) paused += pause.resumed_at.value_or(now) - pause.paused_at;
    return paused;
}

bool IsOverdue(const SlaClock& clock, const WorkingCalendar& calendar, Instant now) {
    switch (clock.state) {
        case ClockState::kRunning:
            return now > clock.due_at;
        case ClockState::kPaused:
            return RemainingTime(clock, calendar, now) < milliseconds{0};
        case ClockState::kMissed:
            return true;
        case ClockState::kMet:
        case ClockState::kWithdrawn:
            return false;
    }
    return false;
}

std::optional<Instant> InstantAtShare(const SlaClock& clock, const WorkingCalendar& calendar, int percent) {
    milliseconds target = AllowedTime(clock, calendar) * percent / 100;
    milliseconds used{0};
    Instant cursor = clock.started_at;
    for (const ClockPause& pause : clock.pauses) {
        milliseconds segment = ClockTime(calendar, clock.limit.clock, cursor, pause.paused_at);
        if (used + segment >= target) return Advance(calendar, clock.limit.clock, cursor, target - used);
        used += segment;
        if (!pause.resumed_at) return std::nullopt;
        cursor = *pause.resumed_at;
    }
    return Advance(calendar, clock.limit.clock, cursor, target - used);
}

std::span<const EnumName<ClockState>> ClockStateNames() { return kClockStateNames; }

}  // namespace kesu::domain
