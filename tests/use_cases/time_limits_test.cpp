// The time limits of BRIEF §4 working on real complaints: clocks started, stopped, paused, extended; warnings
// and breaches fired by the scheduler at the right minute, once, across a restart; escalation; the emergency.
#include <algorithm>

#include <thread>

#include "use_cases/clock_keeper.hpp"
#include "use_cases/file_complaint.hpp"
#include "use_cases/manage_clocks.hpp"
#include "use_cases/perform_action.hpp"
#include "use_cases/run_due_timers.hpp"
#include "use_cases/use_case_fixture.hpp"

namespace kesu::use_case_test {
namespace {

using domain::SlaTarget;

class TimeLimits : public UseCaseTest {
protected:
    const use_cases::ClockView* Clock(std::int64_t complaint_id, SlaTarget target) {
        auto clocks = use_cases::ListClocks(*deps_, As(manager_), complaint_id);
        EXPECT_TRUE(clocks);
        views_ = *clocks;
        for (const auto& view : views_)
            if (view.stored.clock.target == target && view.stored.clock.state != domain::ClockState::kWithdrawn) return &view;
        return nullptr;
    }
    domain::Complaint Act(const domain::User& user, std::int64_t id, domain::Action action, domain::ActionInput input = {}) {
        domain::Complaint current = Load(id);
        auto done = use_cases::PerformAction(*deps_, As(user), {id, action, input, current.version});
        EXPECT_TRUE(done) << domain::NameOf(action) << ": " << (done ? "" : done.error().message);
        return done ? *done : current;
    }
    domain::Complaint Triage(std::int64_t id, domain::Level level, domain::Difficulty difficulty) {
        domain::ActionInput in;
        in.category_id = 2;
        in.level = level;
        in.difficulty = difficulty;
        in.department_id = department_id_;
        in.owner_id = specialist_.id;
        return Act(specialist_, id, domain::Action::kTriage, in);
    }
    use_cases::TimerRun Tick(const char* node = "node-a") {
        auto run = use_cases::RunDueTimers(*deps_, node, clock_.Now());
        EXPECT_TRUE(run);
        return run ? *run : use_cases::TimerRun{};
    }
    static int Count(const std::vector<domain::Notification>& inbox, const std::string& kind) {
        return static_cast<int>(std::ranges::count_if(inbox, [&](const auto& n) { return n.kind == kind; }));
    }
    std::vector<use_cases::ClockView> views_;
};

TEST_F(TimeLimits, AComplaintOnTheFridayBeforeSpringFestivalIsDueOnTheMakeupSaturday) {
    domain::Complaint c = Register("春节前投诉", false);
    const auto* ack = Clock(c.id, SlaTarget::kAcknowledge);
    ASSERT_NE(ack, nullptr);
    EXPECT_EQ(ack->stored.clock.due_at, At("2026-02-14T18:00:00+08:00"));
    const auto* preliminary = Clock(c.id, SlaTarget::kPreliminaryInvestigation);
    ASSERT_NE(preliminary, nullptr);
    EXPECT_EQ(preliminary->stored.clock.due_at, At("2026-02-15T18:30:00+08:00")) << "48 calendar hours";
    const auto* solution = Clock(c.id, SlaTarget::kSolution);
    ASSERT_NE(solution, nullptr);
    EXPECT_EQ(solution->stored.clock.due_at, At("2026-02-25T18:00:00+08:00")) << "14th, then 24th and 25th: 15th-23rd are off";
    EXPECT_EQ(Load(c.id).next_due_at, At("2026-02-14T18:00:00+08:00"));
}

TEST_F(TimeLimits, AcknowledgingStopsItsClockAsMet) {
    domain::Complaint c = Register("受理回执", false);
    clock_.Set(At("2026-02-14T10:00:00+08:00"));
    Act(agent_, c.id, domain::Action::kAcknowledge);
    const auto* ack = Clock(c.id, SlaTarget::kAcknowledge);
    ASSERT_NE(ack, nullptr);
    EXPECT_EQ(ack->stored.clock.state, domain::ClockState::kMet);
    EXPECT_EQ(Load(c.id).next_due_at, At("2026-02-15T18:30:00+08:00")) << "the next running deadline";
}

TEST_F(TimeLimits, TheWarningFiresAtSeventyFivePercentOnceEvenAfterARestart) {
    domain::Complaint c = Register("预警", false);
    // The acknowledgement clock allows the 7.5 working hours of the makeup Saturday (09:00-12:00, 13:30-18:00);
    // 75 % of it is used up at 16:07:30 that day. Nobody owns the complaint yet, so the managers are warned.
    const auto* ack = Clock(c.id, SlaTarget::kAcknowledge);
    ASSERT_NE(ack, nullptr);
    ASSERT_TRUE(ack->warn_at);
    EXPECT_EQ(*ack->warn_at, At("2026-02-14T16:07:30+08:00"));
    clock_.Set(*ack->warn_at - std::chrono::minutes{1});
    Tick();
    EXPECT_EQ(Count(InboxOf(manager_), "sla_warning"), 0) << "not a minute early";
    clock_.Set(At("2026-02-14T16:07:30+08:00"));
    Tick();
    EXPECT_EQ(Count(InboxOf(manager_), "sla_warning"), 1);
    Restart();
    Tick();
    clock_.Advance(std::chrono::minutes{10});
    Tick();
    EXPECT_EQ(Count(InboxOf(manager_), "sla_warning"), 1) << "fired once, restart or not";
}

TEST_F(TimeLimits, ABreachNotifiesTheOwnerAndManagerAndARepeatedBreachRaisesTheLevel) {
    domain::Complaint c = Register("超时升级");
    Triage(c.id, domain::Level::kGeneral, domain::Difficulty::kSimple);
    // The preliminary-investigation clock: 48 calendar hours, due Sunday 2026-02-15 18:30.
    clock_.Set(At("2026-02-15T18:31:00+08:00"));
    Tick();
    EXPECT_EQ(Count(InboxOf(specialist_), "sla_breach"), 1);
    EXPECT_EQ(Count(InboxOf(manager_), "sla_breach"), 1);
    EXPECT_EQ(Load(c.id).level, domain::Level::kGeneral) << "the first step only notifies";
    // Still open another 48 hours later: the second breach takes the second step.
    clock_.Set(At("2026-02-17T18:31:00+08:00"));
    Tick();
    EXPECT_EQ(Load(c.id).level, domain::Level::kImportant);
    EXPECT_EQ(Count(InboxOf(manager_), "sla_breach"), 2);
    auto timeline = domain::ReadValue<std::vector<domain::AuditEvent>>(*database_, [&](domain::Transaction& tx) {
        return tx.Audit().ListForComplaint(c.id);
    });
    ASSERT_TRUE(timeline);
    EXPECT_EQ(std::ranges::count_if(*timeline, [](const auto& e) { return e.action == "sla_breach"; }), 2);
    EXPECT_EQ(std::ranges::count_if(*timeline, [](const auto& e) { return e.action == "escalation"; }), 1);
}

TEST_F(TimeLimits, PausingWhileWaitingOnTheCustomerKeepsTheRemainingTime) {
    clock_.Set(At("2026-03-02T10:00:00+08:00"));  // a Monday
    domain::Complaint c = Register("等待客户");
    c = Triage(c.id, domain::Level::kGeneral, domain::Difficulty::kSimple);
    const auto* solution = Clock(c.id, SlaTarget::kSolution);
    ASSERT_NE(solution, nullptr);
    EXPECT_EQ(solution->stored.clock.due_at, At("2026-03-05T18:00:00+08:00"));
    clock_.Set(At("2026-03-03T18:00:00+08:00"));  // Tuesday close: Wednesday and Thursday were left
    auto paused = use_cases::PauseClocks(*deps_, As(specialist_), c.id, Load(c.id).version, "等待客户提供发票");
    ASSERT_TRUE(paused) << paused.error().message;
    EXPECT_TRUE(paused->waiting_on_customer);
    clock_.Set(At("2026-03-09T09:00:00+08:00"));  // the next Monday morning
    auto resumed = use_cases::ResumeClocks(*deps_, As(specialist_), c.id, paused->version);
    ASSERT_TRUE(resumed) << resumed.error().message;
    solution = Clock(c.id, SlaTarget::kSolution);
    EXPECT_EQ(solution->stored.clock.due_at, At("2026-03-10T18:00:00+08:00")) << "two working days after resuming";
    EXPECT_EQ(solution->stored.clock.pauses.size(), 1u);
}

TEST_F(TimeLimits, AnExtensionNeedsAnApproverRoleAndTellsTheCustomer) {
    clock_.Set(At("2026-03-02T10:00:00+08:00"));
    domain::Complaint c = Register("延期");
    c = Triage(c.id, domain::Level::kGeneral, domain::Difficulty::kSimple);
    use_cases::ExtensionInput input{SlaTarget::kSolution, domain::SlaLimit::WorkingDays(2), "需要第三方检测报告", c.version};
    auto refused = use_cases::ExtendDeadline(*deps_, As(agent_), c.id, input);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, domain::ErrorCode::kForbidden);
    auto extended = use_cases::ExtendDeadline(*deps_, As(manager_), c.id, input);
    ASSERT_TRUE(extended) << extended.error().message;
    EXPECT_EQ(Clock(c.id, SlaTarget::kSolution)->stored.clock.due_at, At("2026-03-09T18:00:00+08:00"));
    auto pending = domain::ReadValue<std::vector<domain::Notification>>(*database_, [](domain::Transaction& tx) {
        return tx.Outbox().Pending("sms", 10);
    });
    ASSERT_TRUE(pending);
    ASSERT_EQ(pending->size(), 1u) << "the customer is told (by SMS: no email was given)";
    EXPECT_EQ((*pending)[0].kind, "deadline_extended");
    input.expected_version = extended->version;
    auto again = use_cases::ExtendDeadline(*deps_, As(manager_), c.id, input);
    ASSERT_FALSE(again) << "the rule allows one extension";
}

TEST_F(TimeLimits, MarkingAComplaintComplexSwitchesToTheSevenDayReply) {
    clock_.Set(At("2026-03-02T10:00:00+08:00"));
    domain::Complaint c = Register("复杂投诉");
    c = Triage(c.id, domain::Level::kGeneral, domain::Difficulty::kComplex);
    EXPECT_EQ(Clock(c.id, SlaTarget::kSolution), nullptr) << "withdrawn";
    const auto* complete = Clock(c.id, SlaTarget::kCompleteReply);
    ASSERT_NE(complete, nullptr);
    EXPECT_EQ(complete->stored.clock.due_at, At("2026-03-11T18:00:00+08:00"));
}

TEST_F(TimeLimits, AMajorComplaintStartsTheEmergencyProcessAndChasesItsReports) {
    clock_.Set(At("2026-03-02T10:00:00+08:00"));
    domain::Complaint c = Register("群体性事件风险");
    c = Triage(c.id, domain::Level::kMajor, domain::Difficulty::kComplex);
    ASSERT_TRUE(c.emergency);
    EXPECT_EQ(Count(InboxOf(leader_), "emergency"), 1) << "leaders are alerted at once";
    const auto* start = Clock(c.id, SlaTarget::kEmergencyStart);
    ASSERT_NE(start, nullptr);
    EXPECT_EQ(start->stored.clock.due_at, At("2026-03-02T12:00:00+08:00"));
    clock_.Set(At("2026-03-02T11:00:00+08:00"));
    auto organised = use_cases::OrganiseEmergency(*deps_, As(manager_), c.id,
                                                  {c.version, {"张经理", "李主管", "法务王律师"}, "暂停该批次销售，逐户回访", 60});
    ASSERT_TRUE(organised) << organised.error().message;
    EXPECT_EQ(Clock(c.id, SlaTarget::kEmergencyStart)->stored.clock.state, domain::ClockState::kMet);
    clock_.Set(At("2026-03-02T11:59:00+08:00"));
    Tick();
    EXPECT_EQ(Count(InboxOf(leader_), "emergency_report_overdue"), 0);
    clock_.Set(At("2026-03-02T12:01:00+08:00"));
    Tick();
    EXPECT_EQ(Count(InboxOf(leader_), "emergency_report_overdue"), 1) << "a missed hourly report is chased";
    auto reported = use_cases::ReportEmergencyProgress(*deps_, As(specialist_), c.id, Load(c.id).version, "已联系全部12户");
    ASSERT_TRUE(reported) << reported.error().message;
    EXPECT_EQ(reported->emergency->next_report_due_at, At("2026-03-02T13:01:00+08:00"));
}

TEST_F(TimeLimits, TwoNodesTakingTimersTogetherFireEachAlarmOnce) {
    clock_.Set(At("2026-03-02T10:00:00+08:00"));
    for (int i = 0; i < 12; ++i) Triage(Register("并发 " + std::to_string(i)).id, domain::Level::kGeneral, domain::Difficulty::kSimple);
    // Past every preliminary-investigation deadline (48 h, Wednesday 10:00); no other clock has an alarm due.
    clock_.Set(At("2026-03-04T11:00:00+08:00"));
    std::thread other([&] { (void)use_cases::RunDueTimers(*deps_, "node-b", clock_.Now(), 5); });
    for (int i = 0; i < 5; ++i) Tick("node-a");
    other.join();
    Tick("node-a");
    EXPECT_EQ(Count(InboxOf(specialist_), "sla_breach"), 12) << "one breach per complaint, whichever node took it";
    EXPECT_EQ(Count(InboxOf(specialist_), "sla_warning"), 0) << "the 75 % warning was overtaken by the breach";
}

TEST_F(TimeLimits, ConsultationsCountTheDepartmentAnswerFromTheTransfer) {
    clock_.Set(At("2026-03-02T10:00:00+08:00"));
    use_cases::NewComplaint in;
    in.kind = domain::RequestKind::kConsultation;
    in.channel = domain::Channel::kPhone;
    in.subject = "如何开发票";
    in.description = "咨询";
    in.complainant = {"刘先生", "13700002222", "", "", "", "", ""};
    auto filed = use_cases::FileComplaint(*deps_, As(agent_), in, std::nullopt);
    ASSERT_TRUE(filed);
    std::int64_t id = filed->complaint.id;
    EXPECT_EQ(Clock(id, SlaTarget::kTransfer)->stored.clock.due_at, At("2026-03-03T10:00:00+08:00"));
    clock_.Set(At("2026-03-02T16:00:00+08:00"));
    domain::ActionInput transfer;
    transfer.department_id = department_id_;
    Act(agent_, id, domain::Action::kTransfer, transfer);
    EXPECT_EQ(Clock(id, SlaTarget::kTransfer)->stored.clock.state, domain::ClockState::kMet);
    const auto* answer = Clock(id, SlaTarget::kDepartmentAnswer);
    ASSERT_NE(answer, nullptr);
    EXPECT_EQ(answer->stored.clock.due_at, At("2026-03-05T18:00:00+08:00"));
}

}  // namespace
}  // namespace kesu::use_case_test
