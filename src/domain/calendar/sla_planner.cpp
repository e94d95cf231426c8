#include "domain/calendar/sla_planner.hpp"

#include <algorithm>
#include <optional>

namespace kesu::domain {
namespace {

std::optional<Instant> AnchorOf(ClockStart start, const SlaFacts& facts, Instant now) {
    switch (start) {
        case ClockStart::kReceipt:
            return facts.received_at;
        case ClockStart::kTransfer:
            return facts.transferred_at;
        case ClockStart::kAppeal:
            return facts.appealed_at;
        case ClockStart::kSelection:
            return now;
    }
    return std::nullopt;
}

bool IsOpen(const SlaClock& clock) { return clock.state == ClockState::kRunning || clock.state == ClockState::kPaused; }

// The open clock that has been running longest, if it started no later than `anchor`: its pauses cover the
// complaint's waits on the customer since then.
const SlaClock* PauseSource(std::span<const SlaClock> current, Instant anchor) {
    const SlaClock* source = nullptr;
    for (const SlaClock& clock : current)
        if (IsOpen(clock) && clock.started_at <= anchor && (!source || clock.started_at < source->started_at))
            source = &clock;
    return source;
}

SlaClock StartAt(const SlaRule& rule, const WorkingCalendar& calendar, Instant anchor,
                 std::span<const SlaClock> current, Instant now) {
    SlaClock clock = StartClock(rule, calendar, anchor);
    if (anchor >= now) return clock;
    if (const SlaClock* source = PauseSource(current, anchor)) {
        for (const ClockPause& pause : source->pauses) {
            if (pause.resumed_at && *pause.resumed_at <= anchor) continue;
            clock.pauses.push_back({std::max(pause.paused_at, anchor), pause.resumed_at, pause.reason});
        }
        if (source->state == ClockState::kPaused) clock.state = ClockState::kPaused;
        clock.due_at = RecomputeDue(clock, calendar);
    }
    return clock;
}

}  // namespace

std::vector<SlaClock> PlanClocks(const SlaPolicy& policy, const WorkingCalendar& calendar, const SlaFacts& facts,
                                 std::span<const SlaClock> current, Instant now) {
    std::vector<SlaClock> planned(current.begin(), current.end());
    for (const auto& [target, name] : SlaTargetNames()) {
        const SlaRule* rule = SelectRule(policy, facts, target);
        // The live clock for the target is the last one not withdrawn; withdrawn ones are history.
        auto live = std::find_if(planned.rbegin(), planned.rend(), [&](const SlaClock& clock) {
            return clock.target == target && clock.state != ClockState::kWithdrawn;
        });
        if (live != planned.rend()) {
            if (!IsOpen(*live)) continue;
            if (!rule) {
                if (auto withdrawn = WithdrawClock(*live, calendar, now)) *live = std::move(*withdrawn);
            } else if (live->rule_name != rule->name || live->limit != rule->limit) {
                *live = ChangeLimit(std::move(*live), *rule, calendar, now);
            }
            continue;
        }
        if (!rule) continue;
        if (std::optional<Instant> anchor = AnchorOf(rule->start, facts, now))
            planned.push_back(StartAt(*rule, calendar, *anchor, current, now));
    }
    return planned;
}

}  // namespace kesu::domain
