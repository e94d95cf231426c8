#include "domain/calendar/sla_clock.hpp"

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

const SlaRule& Rule(std::string_view name) {
    static const SlaPolicy policy = DefaultSlaPolicy();
    return *FindRule(policy, name);
}

// The general-complaint solution clock (3 working days) of a complaint received Monday 2026-03-02 10:00.
SlaClock Solution() { return StartClock(Rule("default.solution"), China(), Beijing(2026, 3, 2, 10, 0)); }

ExtensionRequest ManagerExtends(std::int64_t days, Instant at) {
    return {SlaLimit::WorkingDays(days), 7, Role::kManager, "客户补充材料需要厂家检测", true, at};
}

TEST(SlaClock, PauseFreezesWorkingTimeAndResumeGivesItBack) {
    SlaClock clock = Solution();
    EXPECT_EQ(Local(clock.due_at), "2026-03-05 18:00");
    auto paused = PauseClock(clock, China(), Beijing(2026, 3, 3, 10, 0), "等待客户提供发票");
    ASSERT_TRUE(paused.has_value());
    EXPECT_EQ(paused->state, ClockState::kPaused);
    // Left at the pause: Tuesday 10:00-18:00 (6.5 h) plus Wednesday and Thursday (7.5 h each).
    EXPECT_EQ(RemainingTime(*paused, China(), Beijing(2026, 3, 6, 12, 0)), 21h + 30min);
    EXPECT_FALSE(IsOverdue(*paused, China(), Beijing(2026, 3, 20, 12, 0)));

    auto resumed = ResumeClock(*paused, China(), Beijing(2026, 3, 9, 9, 0));
    ASSERT_TRUE(resumed.has_value());
    EXPECT_EQ(resumed->state, ClockState::kRunning);
    EXPECT_EQ(Local(resumed->due_at), "2026-03-11 17:00");
    EXPECT_EQ(RemainingTime(*resumed, China(), Beijing(2026, 3, 9, 9, 0)), 21h + 30min);
    EXPECT_EQ(PausedTime(*resumed, Beijing(2026, 3, 20)), 5 * 24h + 23h);
    EXPECT_EQ(AllowedTime(*resumed, China()), AllowedTime(clock, China()));
}

TEST(SlaClock, PauseOutsideWorkingHoursCostsNothing) {
    SlaClock clock = StartClock(Rule("default.acknowledge"), China(), Beijing(2026, 3, 2, 10, 0));
    auto paused = PauseClock(clock, China(), Beijing(2026, 3, 2, 19, 0), "等待客户回电");
    auto resumed = ResumeClock(*paused, China(), Beijing(2026, 3, 3, 8, 30));
    ASSERT_TRUE(resumed.has_value());
    EXPECT_EQ(resumed->due_at, clock.due_at);
}

TEST(SlaClock, CalendarClockPauseShiftsTheDeadlineByThePause) {
    SlaClock clock = StartClock(Rule("default.preliminary_investigation"), China(), Beijing(2026, 3, 2, 10, 0));
    EXPECT_EQ(Local(clock.due_at), "2026-03-04 10:00");
    auto paused = PauseClock(clock, China(), Beijing(2026, 3, 3, 10, 0), "");
    auto resumed = ResumeClock(*paused, China(), Beijing(2026, 3, 5, 10, 0));
    ASSERT_TRUE(resumed.has_value());
    EXPECT_EQ(Local(resumed->due_at), "2026-03-06 10:00");
}

TEST(SlaClock, PausingAnOverdueClockKeepsItOverdueByTheSameAmount) {
    SlaClock clock = StartClock(Rule("default.emergency_start"), China(), Beijing(2026, 3, 2, 10, 0));
    auto paused = PauseClock(clock, China(), Beijing(2026, 3, 2, 12, 30), "");
    EXPECT_TRUE(IsOverdue(*paused, China(), Beijing(2026, 3, 2, 12, 30)));
    auto resumed = ResumeClock(*paused, China(), Beijing(2026, 3, 2, 14, 0));
    EXPECT_EQ(Local(resumed->due_at), "2026-03-02 13:30");
    EXPECT_EQ(RemainingTime(*resumed, China(), Beijing(2026, 3, 2, 14, 0)), -30min);
}

TEST(SlaClock, RefusesMovesThatDoNotFitItsState) {
    SlaClock clock = Solution();
    EXPECT_EQ(ResumeClock(clock, China(), Beijing(2026, 3, 3)).error().code, ErrorCode::kIllegalTransition);
    auto paused = PauseClock(clock, China(), Beijing(2026, 3, 3, 10, 0), "");
    EXPECT_EQ(PauseClock(*paused, China(), Beijing(2026, 3, 3, 11, 0), "").error().code, ErrorCode::kIllegalTransition);
    EXPECT_EQ(ResumeClock(*paused, China(), Beijing(2026, 3, 3, 9, 0)).error().code, ErrorCode::kInvalidArgument);
    auto stopped = StopClock(clock, China(), Beijing(2026, 3, 4, 10, 0));
    EXPECT_EQ(PauseClock(*stopped, China(), Beijing(2026, 3, 4, 11, 0), "").error().code,
              ErrorCode::kIllegalTransition);
    EXPECT_EQ(StopClock(*stopped, China(), Beijing(2026, 3, 4, 11, 0)).error().code, ErrorCode::kIllegalTransition);
}

TEST(SlaClock, StoppedAtTheDeadlineIsMetAMinuteLaterIsMissed) {
    SlaClock clock = Solution();
    auto on_time = StopClock(clock, China(), Beijing(2026, 3, 5, 18, 0));
    EXPECT_EQ(on_time->state, ClockState::kMet);
    EXPECT_EQ(RemainingTime(*on_time, China(), Beijing(2026, 4, 1)), 0min);
    auto late = StopClock(clock, China(), Beijing(2026, 3, 6, 9, 1));
    EXPECT_EQ(late->state, ClockState::kMissed);
    EXPECT_EQ(RemainingTime(*late, China(), Beijing(2026, 4, 1)), -1min);  // one working minute late
    EXPECT_TRUE(IsOverdue(*late, China(), Beijing(2026, 4, 1)));
}

TEST(SlaClock, StoppingWhilePausedClosesThePauseAndCountsAsMet) {
    auto paused = PauseClock(Solution(), China(), Beijing(2026, 3, 3, 10, 0), "");
    auto stopped = StopClock(*paused, China(), Beijing(2026, 3, 30, 10, 0));
    ASSERT_TRUE(stopped.has_value());
    EXPECT_EQ(stopped->state, ClockState::kMet);
    ASSERT_TRUE(stopped->pauses.back().resumed_at.has_value());
    EXPECT_EQ(*stopped->pauses.back().resumed_at, Beijing(2026, 3, 30, 10, 0));
    EXPECT_EQ(RemainingTime(*stopped, China(), Beijing(2026, 4, 1)), 21h + 30min);
}

TEST(SlaClock, ManagerExtendsWithReasonAndCustomerNotice) {
    SlaClock clock = StartClock(Rule("default.complete_reply"), China(), Beijing(2026, 3, 2, 10, 0));
    EXPECT_EQ(Local(clock.due_at), "2026-03-11 18:00");
    const ExtensionRule& rule = Rule("default.complete_reply").extension;
    auto extended = ExtendClock(clock, rule, China(), ManagerExtends(7, Beijing(2026, 3, 10, 16, 0)));
    ASSERT_TRUE(extended.has_value()) << extended.error().message;
    EXPECT_EQ(Local(extended->due_at), "2026-03-20 18:00");
    EXPECT_EQ(extended->revision, 2);
    ASSERT_EQ(extended->extensions.size(), 1u);
    EXPECT_EQ(extended->extensions[0].approver_id, 7);
    EXPECT_EQ(extended->extensions[0].reason, "客户补充材料需要厂家检测");
    EXPECT_EQ(RecomputeDue(*extended, China()), extended->due_at);
}

TEST(SlaClock, ExtensionIsRefusedWithoutApprovalReasonOrNotice) {
    SlaClock clock = StartClock(Rule("default.complete_reply"), China(), Beijing(2026, 3, 2, 10, 0));
    const ExtensionRule& rule = Rule("default.complete_reply").extension;
    Instant at = Beijing(2026, 3, 10, 16, 0);

    ExtensionRequest by_specialist = ManagerExtends(7, at);
    by_specialist.approver_role = Role::kSpecialist;
    EXPECT_EQ(ExtendClock(clock, rule, China(), by_specialist).error().code, ErrorCode::kForbidden);

    ExtensionRequest no_reason = ManagerExtends(7, at);
    no_reason.reason = "  ";
    EXPECT_EQ(ExtendClock(clock, rule, China(), no_reason).error().fields.at(0).field, "reason");

    ExtensionRequest untold = ManagerExtends(7, at);
    untold.customer_notified = false;
    EXPECT_EQ(ExtendClock(clock, rule, China(), untold).error().fields.at(0).field, "customer_notified");

    EXPECT_EQ(ExtendClock(clock, rule, China(), ManagerExtends(8, at)).error().fields.at(0).field, "amount");

    auto once = ExtendClock(clock, rule, China(), ManagerExtends(7, at));
    ASSERT_TRUE(once.has_value());
    EXPECT_EQ(ExtendClock(*once, rule, China(), ManagerExtends(1, at)).error().code, ErrorCode::kIllegalTransition);

    SlaClock emergency = StartClock(Rule("default.emergency_start"), China(), Beijing(2026, 3, 2, 10, 0));
    EXPECT_EQ(
        ExtendClock(emergency, Rule("default.emergency_start").extension, China(), ManagerExtends(1, at)).error().code,
        ErrorCode::kForbidden);
}

TEST(SlaClock, ExtensionDuringAPauseIsAddedToTheTimeLeft) {
    const ExtensionRule& rule = Rule("default.solution").extension;
    auto paused = PauseClock(Solution(), China(), Beijing(2026, 3, 3, 10, 0), "");
    auto extended = ExtendClock(*paused, rule, China(), ManagerExtends(1, Beijing(2026, 3, 4, 10, 0)));
    ASSERT_TRUE(extended.has_value());
    EXPECT_EQ(RemainingTime(*extended, China(), Beijing(2026, 3, 5)), 29h);  // 21.5 h + one working day
    auto resumed = ResumeClock(*extended, China(), Beijing(2026, 3, 9, 9, 0));
    EXPECT_EQ(Local(resumed->due_at), "2026-03-12 17:00");
}

TEST(SlaClock, NewLimitKeepsStartAndPauses) {
    auto paused = PauseClock(Solution(), China(), Beijing(2026, 3, 3, 10, 0), "");
    auto resumed = ResumeClock(*paused, China(), Beijing(2026, 3, 4, 10, 0));
    EXPECT_EQ(Local(resumed->due_at), "2026-03-06 18:00");  // one working day later
    SlaClock longer = ChangeLimit(*resumed, Rule("default.complete_reply"), China(), Beijing(2026, 3, 4, 11, 0));
    EXPECT_EQ(longer.rule_name, "default.complete_reply");
    EXPECT_EQ(longer.started_at, Beijing(2026, 3, 2, 10, 0));
    EXPECT_EQ(Local(longer.due_at), "2026-03-12 18:00");  // 7 working days, plus the day paused
    EXPECT_EQ(longer.revision, 2);
}

TEST(SlaClock, WithdrawnClockCountsNeitherWay) {
    auto withdrawn = WithdrawClock(Solution(), China(), Beijing(2026, 3, 3, 10, 0));
    ASSERT_TRUE(withdrawn.has_value());
    EXPECT_EQ(withdrawn->state, ClockState::kWithdrawn);
    EXPECT_FALSE(IsOverdue(*withdrawn, China(), Beijing(2026, 4, 1)));
    EXPECT_EQ(ChangeLimit(*withdrawn, Rule("default.complete_reply"), China(), Beijing(2026, 3, 4)), *withdrawn);
    EXPECT_EQ(NameOf(withdrawn->state), "withdrawn");
}

}  // namespace
}  // namespace kesu::domain
