#include "domain/calendar/sla_alarm.hpp"

#include <algorithm>
#include <array>
#include <chrono>

namespace kesu::domain {
namespace {

constexpr std::array kAlarmKindNames{
    EnumName<AlarmKind>{AlarmKind::kWarning, "warning"},
    EnumName<AlarmKind>{AlarmKind::kBreach, "breach"},
};

}  // namespace

std::optional<SlaAlarm> NextAlarm(const SlaClock& clock, const EscalationPolicy& policy,
                                  const WorkingCalendar& calendar) {
    if (clock.state != ClockState::kRunning) return std::nullopt;

    std::size_t warned = clock.warnings_revision == clock.revision ? static_cast<std::size_t>(clock.warnings_fired) : 0;
    for (std::size_t i = warned; i < policy.warn_at_percent.size(); ++i) {
        int percent = policy.warn_at_percent[i];
        std::optional<Instant> at = InstantAtShare(clock, calendar, percent);
        // A threshold already behind when the deadline last changed is not news; only those still ahead fire.
        if (!at || (clock.revised_at && *at <= *clock.revised_at)) continue;
        return SlaAlarm{AlarmKind::kWarning, static_cast<int>(i) + 1, percent, *at};
    }

    auto of_this_revision = std::ranges::count(clock.breaches, clock.revision, &ClockBreach::revision);
    int number = static_cast<int>(clock.breaches.size()) + 1;
    if (of_this_revision == 0)
        return SlaAlarm{AlarmKind::kBreach, number, 100, clock.due_at + std::chrono::milliseconds{1}};
    if (policy.repeat_breach_every_percent <= 0 || clock.breaches.size() >= policy.steps.size()) return std::nullopt;
    int percent = 100 + static_cast<int>(of_this_revision) * policy.repeat_breach_every_percent;
    std::optional<Instant> at = InstantAtShare(clock, calendar, percent);
    if (!at) return std::nullopt;
    return SlaAlarm{AlarmKind::kBreach, number, percent, *at + std::chrono::milliseconds{1}};
}

FiredAlarms FireDueAlarms(SlaClock clock, const EscalationPolicy& policy, const WorkingCalendar& calendar,
                          Instant now) {
    FiredAlarms fired{std::move(clock), std::nullopt, std::nullopt, std::nullopt};
    SlaClock& current = fired.clock;
    for (auto alarm = NextAlarm(current, policy, calendar); alarm && alarm->at <= now;
         alarm = NextAlarm(current, policy, calendar)) {
        if (alarm->kind == AlarmKind::kWarning) {
            current.warnings_fired = alarm->number;
            current.warnings_revision = current.revision;
            fired.warning = alarm;
        } else {
            current.breaches.push_back({alarm->number, current.revision, alarm->at});
            fired.breach = alarm;
        }
    }
    if (fired.breach) {
        fired.warning.reset();
        if (const EscalationStep* step = EscalationFor(policy, fired.breach->number)) fired.escalation = *step;
    }
    return fired;
}

const EscalationStep* EscalationFor(const EscalationPolicy& policy, int breach_number) {
    if (policy.steps.empty() || breach_number < 1) return nullptr;
    std::size_t index = std::min(static_cast<std::size_t>(breach_number), policy.steps.size()) - 1;
    return &policy.steps[index];
}

std::span<const EnumName<AlarmKind>> AlarmKindNames() { return kAlarmKindNames; }

}  // namespace kesu::domain
