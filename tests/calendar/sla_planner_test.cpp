#include "domain/calendar/sla_planner.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "calendar/calendar_test_support.hpp"
#include "domain/calendar/china_calendar.hpp"

namespace kesu::domain {
namespace {

using testing::Beijing;
using testing::Local;

const WorkingCalendar& China() {
    static const WorkingCalendar calendar = ChinaDefaultWorkingCalendar();
    return calendar;
}

SlaFacts ReceivedMonday(RequestKind kind = RequestKind::kComplaint) {
    SlaFacts facts;
    facts.kind = kind;
    facts.received_at = Beijing(2026, 3, 2, 10, 0);
    return facts;
}

const SlaClock* Find(const std::vector<SlaClock>& clocks, SlaTarget target, ClockState state) {
    auto found =
        std::ranges::find_if(clocks, [&](const SlaClock& c) { return c.target == target && c.state == state; });
    return found == clocks.end() ? nullptr : &*found;
}

std::vector<SlaTarget> Targets(const std::vector<SlaClock>& clocks) {
    std::vector<SlaTarget> targets;
    for (const SlaClock& clock : clocks) targets.push_back(clock.target);
    return targets;
}

TEST(SlaPlanner, GeneralComplaintStartsAcknowledgeInvestigationAndSolution) {
    SlaFacts facts = ReceivedMonday();
    auto clocks = PlanClocks(DefaultSlaPolicy(), China(), facts, {}, facts.received_at);
    EXPECT_EQ(Targets(clocks),
              (std::vector{SlaTarget::kAcknowledge, SlaTarget::kPreliminaryInvestigation, SlaTarget::kSolution}));
    EXPECT_EQ(Local(clocks[0].due_at), "2026-03-03 18:00");
    EXPECT_EQ(Local(clocks[1].due_at), "2026-03-04 10:00");
    EXPECT_EQ(Local(clocks[2].due_at), "2026-03-05 18:00");
    // Planning again with nothing changed changes nothing.
    EXPECT_EQ(PlanClocks(DefaultSlaPolicy(), China(), facts, clocks, Beijing(2026, 3, 2, 11, 0)), clocks);
}

TEST(SlaPlanner, MarkedComplexWithdrawsSolutionAndCountsCompleteReplyFromReceipt) {
    SlaPolicy policy = DefaultSlaPolicy();
    SlaFacts facts = ReceivedMonday();
    auto clocks = PlanClocks(policy, China(), facts, {}, facts.received_at);
    // The complaint waited on the customer for one working day before triage marked it complex.
    for (SlaClock& clock : clocks) {
        clock = *PauseClock(clock, China(), Beijing(2026, 3, 3, 10, 0), "等待客户补充材料");
        clock = *ResumeClock(clock, China(), Beijing(2026, 3, 4, 10, 0));
    }
    facts.difficulty = Difficulty::kComplex;
    auto replanned = PlanClocks(policy, China(), facts, clocks, Beijing(2026, 3, 4, 11, 0));

    const SlaClock* solution = Find(replanned, SlaTarget::kSolution, ClockState::kWithdrawn);
    ASSERT_NE(solution, nullptr);
    EXPECT_EQ(*solution->stopped_at, Beijing(2026, 3, 4, 11, 0));
    const SlaClock* reply = Find(replanned, SlaTarget::kCompleteReply, ClockState::kRunning);
    ASSERT_NE(reply, nullptr);
    EXPECT_EQ(reply->started_at, facts.received_at);
    EXPECT_EQ(reply->pauses.size(), 1u);
    EXPECT_EQ(Local(reply->due_at), "2026-03-12 18:00");  // 7 working days plus the day waited
}

TEST(SlaPlanner, RaisedToMajorStartsTheEmergencyClockNow) {
    SlaPolicy policy = DefaultSlaPolicy();
    SlaFacts facts = ReceivedMonday();
    auto clocks = PlanClocks(policy, China(), facts, {}, facts.received_at);
    facts.level = Level::kMajor;
    auto raised = PlanClocks(policy, China(), facts, clocks, Beijing(2026, 3, 2, 15, 0));
    const SlaClock* emergency = Find(raised, SlaTarget::kEmergencyStart, ClockState::kRunning);
    ASSERT_NE(emergency, nullptr);
    EXPECT_EQ(Local(emergency->started_at), "2026-03-02 15:00");
    EXPECT_EQ(Local(emergency->due_at), "2026-03-02 17:00");
}

TEST(SlaPlanner, LevelRaisedRecomputesTheSameClockUnderAStricterRule) {
    SlaPolicy policy = DefaultSlaPolicy();
    SlaRule important;
    important.name = "important.acknowledge";
    important.target = SlaTarget::kAcknowledge;
    important.match.kind = RequestKind::kComplaint;
    important.match.levels = {Level::kImportant, Level::kMajor};
    important.limit = SlaLimit::WorkingHours(4);
    policy.rules.insert(policy.rules.begin(), important);

    SlaFacts facts = ReceivedMonday();
    auto clocks = PlanClocks(policy, China(), facts, {}, facts.received_at);
    facts.level = Level::kImportant;
    auto raised = PlanClocks(policy, China(), facts, clocks, Beijing(2026, 3, 2, 11, 0));
    ASSERT_EQ(raised.size(), clocks.size());
    EXPECT_EQ(raised[0].rule_name, "important.acknowledge");
    EXPECT_EQ(raised[0].started_at, clocks[0].started_at);
    EXPECT_EQ(Local(raised[0].due_at), "2026-03-02 15:30");  // 10:00-12:00, 13:30-15:30
    EXPECT_EQ(raised[0].revision, 2);
}

TEST(SlaPlanner, FinishedClocksAreLeftAlone) {
    SlaPolicy policy = DefaultSlaPolicy();
    SlaFacts facts = ReceivedMonday();
    auto clocks = PlanClocks(policy, China(), facts, {}, facts.received_at);
    clocks[0] = *StopClock(clocks[0], China(), Beijing(2026, 3, 2, 11, 0));
    facts.level = Level::kImportant;
    auto replanned = PlanClocks(policy, China(), facts, clocks, Beijing(2026, 3, 2, 12, 0));
    EXPECT_EQ(replanned[0], clocks[0]);
}

TEST(SlaPlanner, ConsultationRunsTransferThenDepartmentAnswer) {
    SlaPolicy policy = DefaultSlaPolicy();
    SlaFacts facts = ReceivedMonday(RequestKind::kConsultation);
    auto clocks = PlanClocks(policy, China(), facts, {}, facts.received_at);
    EXPECT_EQ(Targets(clocks), std::vector{SlaTarget::kTransfer});
    clocks[0] = *StopClock(clocks[0], China(), Beijing(2026, 3, 2, 15, 0));
    facts.transferred_at = Beijing(2026, 3, 2, 15, 0);
    auto transferred = PlanClocks(policy, China(), facts, clocks, Beijing(2026, 3, 2, 15, 0));
    const SlaClock* answer = Find(transferred, SlaTarget::kDepartmentAnswer, ClockState::kRunning);
    ASSERT_NE(answer, nullptr);
    EXPECT_EQ(Local(answer->due_at), "2026-03-05 18:00");
}

TEST(SlaPlanner, AppealStartsTheRecheckClock) {
    SlaPolicy policy = DefaultSlaPolicy();
    SlaFacts facts = ReceivedMonday();
    facts.appealed_at = Beijing(2026, 2, 13, 20, 0);  // Friday evening before the Spring Festival
    facts.received_at = Beijing(2026, 1, 5, 10, 0);
    auto clocks = PlanClocks(policy, China(), facts, {}, *facts.appealed_at);
    const SlaClock* recheck = Find(clocks, SlaTarget::kRecheck, ClockState::kRunning);
    ASSERT_NE(recheck, nullptr);
    // Working days: 14 Feb (makeup Saturday), 24, 25, 26, 27, 28 (makeup Saturday), 2 March.
    EXPECT_EQ(Local(recheck->due_at), "2026-03-02 18:00");
}

TEST(SlaPlanner, TwelveThreeFifteenComplaintGetsTheAcceptDecisionClock) {
    SlaFacts facts = ReceivedMonday();
    facts.channel = Channel::kPlatform12315;
    auto clocks = PlanClocks(DefaultSlaPolicy(), China(), facts, {}, facts.received_at);
    const SlaClock* accept = Find(clocks, SlaTarget::kAcceptOrReject, ClockState::kRunning);
    ASSERT_NE(accept, nullptr);
    EXPECT_EQ(accept->rule_name, "12315.accept_or_reject");
    EXPECT_EQ(Local(accept->due_at), "2026-03-11 18:00");
}

TEST(SlaPlanner, BankComplaintMarkedComplexGetsThirtyDaysOnTheSameClock) {
    SlaPolicy policy = BankInsurerSlaPolicy();
    SlaFacts facts = ReceivedMonday();
    auto clocks = PlanClocks(policy, China(), facts, {}, facts.received_at);
    const SlaClock* decision = Find(clocks, SlaTarget::kDecision, ClockState::kRunning);
    ASSERT_NE(decision, nullptr);
    EXPECT_EQ(Local(decision->due_at), "2026-03-18 00:00");
    facts.difficulty = Difficulty::kComplex;
    auto complex = PlanClocks(policy, China(), facts, clocks, Beijing(2026, 3, 5, 10, 0));
    decision = Find(complex, SlaTarget::kDecision, ClockState::kRunning);
    ASSERT_NE(decision, nullptr);
    EXPECT_EQ(decision->rule_name, "bank.decision.complex");
    EXPECT_EQ(Local(decision->due_at), "2026-04-02 00:00");
}

}  // namespace
}  // namespace kesu::domain
