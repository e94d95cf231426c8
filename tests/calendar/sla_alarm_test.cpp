#include "domain/calendar/sla_alarm.hpp"

#include <gtest/gtest.h>

#include "calendar/calendar_test_support.hpp"
#include "domain/calendar/china_calendar.hpp"

namespace kesu::domain {
namespace {

using namespace std::chrono_literals;
using testing::Beijing;
using testing::Local;

const WorkingCalendar& China() {
    static const WorkingCalendar calendar = ChinaDefaultWorkingCalendar();
    return calendar;
}

const SlaPolicy& Policy() {
    static const SlaPolicy policy = DefaultSlaPolicy();
    return policy;
}

SlaClock Start(std::string_view rule, Instant at) { return StartClock(*FindRule(Policy(), rule), China(), at); }

TEST(SlaAlarm, WarnsAtThreeQuartersOfTheWorkingTimeAndBreachesJustAfterTheDeadline) {
    // Acknowledge within 1 working day of Monday 10:00: due Tuesday 18:00 with 14 working hours allowed;
    // 75 % is 10.5 h: Monday's 6.5 h, then Tuesday 09:00-12:00 and 13:30-14:30.
    SlaClock clock = Start("default.acknowledge", Beijing(2026, 3, 2, 10, 0));
    EXPECT_EQ(AllowedTime(clock, China()), 14h);
    auto warning = NextAlarm(clock, Policy().escalation, China());
    ASSERT_TRUE(warning.has_value());
    EXPECT_EQ(warning->kind, AlarmKind::kWarning);
    EXPECT_EQ(warning->percent, 75);
    EXPECT_EQ(Local(warning->at), "2026-03-03 14:30");

    FiredAlarms early = FireDueAlarms(clock, Policy().escalation, China(), Beijing(2026, 3, 3, 14, 29));
    EXPECT_FALSE(early.warning.has_value());
    EXPECT_EQ(early.clock, clock);

    FiredAlarms warned = FireDueAlarms(clock, Policy().escalation, China(), Beijing(2026, 3, 3, 14, 30));
    ASSERT_TRUE(warned.warning.has_value());
    EXPECT_EQ(warned.clock.warnings_fired, 1);
    auto breach = NextAlarm(warned.clock, Policy().escalation, China());
    ASSERT_TRUE(breach.has_value());
    EXPECT_EQ(breach->kind, AlarmKind::kBreach);
    EXPECT_EQ(breach->number, 1);
    EXPECT_EQ(Local(breach->at), "2026-03-03 18:00:00.001");
}

TEST(SlaAlarm, RepeatedBreachEscalatesOneStepHigher) {
    SlaClock clock = Start("default.acknowledge", Beijing(2026, 3, 2, 10, 0));
    const EscalationPolicy& escalation = Policy().escalation;
    clock = FireDueAlarms(clock, escalation, China(), Beijing(2026, 3, 3, 14, 30)).clock;

    FiredAlarms first = FireDueAlarms(clock, escalation, China(), Beijing(2026, 3, 3, 18, 0) + 1ms);
    ASSERT_TRUE(first.breach.has_value());
    EXPECT_EQ(first.breach->number, 1);
    EXPECT_EQ(first.escalation->actions,
              (std::vector{EscalationAction::kNotifyOwner, EscalationAction::kNotifyManager}));

    // Breaches again each time as long again (14 working hours) has passed.
    auto second_at = NextAlarm(first.clock, escalation, China());
    EXPECT_EQ(Local(second_at->at), "2026-03-05 17:00:00.001");
    EXPECT_EQ(second_at->percent, 200);
    FiredAlarms second = FireDueAlarms(first.clock, escalation, China(), second_at->at);
    EXPECT_EQ(second.escalation->actions,
              (std::vector{EscalationAction::kNotifyManager, EscalationAction::kRaiseLevel}));

    auto third_at = NextAlarm(second.clock, escalation, China());
    EXPECT_EQ(Local(third_at->at), "2026-03-09 16:00:00.001");
    FiredAlarms third = FireDueAlarms(second.clock, escalation, China(), third_at->at);
    EXPECT_EQ(third.escalation->actions, (std::vector{EscalationAction::kNotifyLeader, EscalationAction::kRaiseLevel,
                                                      EscalationAction::kReassign}));
    EXPECT_EQ(third.clock.breaches.size(), 3u);
    EXPECT_FALSE(NextAlarm(third.clock, escalation, China()).has_value());  // the last step has been taken
}

TEST(SlaAlarm, AfterDowntimeFiresEverythingDueButReportsOnlyTheLatestBreach) {
    SlaClock clock = Start("default.acknowledge", Beijing(2026, 3, 2, 10, 0));
    FiredAlarms fired = FireDueAlarms(clock, Policy().escalation, China(), Beijing(2026, 3, 5, 17, 30));
    EXPECT_FALSE(fired.warning.has_value());
    ASSERT_TRUE(fired.breach.has_value());
    EXPECT_EQ(fired.breach->number, 2);
    EXPECT_EQ(fired.escalation, *EscalationFor(Policy().escalation, 2));
    EXPECT_EQ(fired.clock.warnings_fired, 1);
    ASSERT_EQ(fired.clock.breaches.size(), 2u);
    EXPECT_EQ(Local(fired.clock.breaches[0].at), "2026-03-03 18:00:00.001");
}

TEST(SlaAlarm, EmergencyWarnsAtNinetyMinutesAndPausesMoveTheAlarms) {
    SlaClock clock = Start("default.emergency_start", Beijing(2026, 3, 2, 10, 0));
    EXPECT_EQ(Local(NextAlarm(clock, Policy().escalation, China())->at), "2026-03-02 11:30");

    auto paused = PauseClock(clock, China(), Beijing(2026, 3, 2, 10, 30), "");
    EXPECT_FALSE(NextAlarm(*paused, Policy().escalation, China()).has_value());
    auto resumed = ResumeClock(*paused, China(), Beijing(2026, 3, 2, 11, 30));
    // 30 minutes used before the pause; the remaining 60 of the 90 run from 11:30.
    EXPECT_EQ(Local(NextAlarm(*resumed, Policy().escalation, China())->at), "2026-03-02 12:30");
    EXPECT_EQ(Local(resumed->due_at), "2026-03-02 13:00");
}

TEST(SlaAlarm, MissingAnExtendedDeadlineIsTheNextBreach) {
    SlaClock clock = Start("default.solution", Beijing(2026, 3, 2, 10, 0));
    EXPECT_EQ(Local(clock.due_at), "2026-03-05 18:00");
    FiredAlarms breached = FireDueAlarms(clock, Policy().escalation, China(), Beijing(2026, 3, 5, 18, 30));
    ASSERT_TRUE(breached.breach.has_value());

    const ExtensionRule& rule = FindRule(Policy(), "default.solution")->extension;
    auto extended =
        ExtendClock(breached.clock, rule, China(),
                    {SlaLimit::WorkingDays(3), 7, Role::kManager, "等待质检结果", true, Beijing(2026, 3, 5, 19, 0)});
    ASSERT_TRUE(extended.has_value());
    EXPECT_EQ(Local(extended->due_at), "2026-03-10 18:00");
    // A new deadline: 75 % of its 51.5 working hours falls on Monday 9 March.
    auto warning = NextAlarm(*extended, Policy().escalation, China());
    ASSERT_TRUE(warning.has_value());
    EXPECT_EQ(warning->kind, AlarmKind::kWarning);
    EXPECT_EQ(Local(warning->at), "2026-03-09 11:07:30.000");
    FiredAlarms warned = FireDueAlarms(*extended, Policy().escalation, China(), warning->at);
    auto breach = NextAlarm(warned.clock, Policy().escalation, China());
    EXPECT_EQ(breach->number, 2);
    EXPECT_EQ(Local(breach->at), "2026-03-10 18:00:00.001");
}

TEST(SlaAlarm, NoAlarmsOnceTheClockStops) {
    SlaClock clock = Start("default.acknowledge", Beijing(2026, 3, 2, 10, 0));
    auto stopped = StopClock(clock, China(), Beijing(2026, 3, 2, 11, 0));
    EXPECT_FALSE(NextAlarm(*stopped, Policy().escalation, China()).has_value());
    EXPECT_EQ(FireDueAlarms(*stopped, Policy().escalation, China(), Beijing(2026, 4, 1)).clock, *stopped);
}

TEST(SlaAlarm, EscalationStepsStayAtTheTopOnceExhausted) {
    const EscalationPolicy& escalation = Policy().escalation;
    EXPECT_EQ(EscalationFor(escalation, 1), &escalation.steps[0]);
    EXPECT_EQ(EscalationFor(escalation, 9), &escalation.steps[2]);
    EXPECT_EQ(EscalationFor(EscalationPolicy{}, 1), nullptr);
}

}  // namespace
}  // namespace kesu::domain
