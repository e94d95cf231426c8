#include "domain/calendar/sla_policy.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "calendar/calendar_test_support.hpp"
#include "domain/calendar/china_calendar.hpp"
#include "domain/calendar/sla_clock.hpp"

namespace kesu::domain {
namespace {

using testing::Beijing;
using testing::Local;

const WorkingCalendar& China() {
    static const WorkingCalendar calendar = ChinaDefaultWorkingCalendar();
    return calendar;
}

// Monday 2026-03-02 10:00 in Beijing, a general web complaint unless a row says otherwise.
SlaFacts MondayMorning(RequestKind kind = RequestKind::kComplaint) {
    SlaFacts facts;
    facts.kind = kind;
    facts.category_code = "quality.defect";
    facts.received_at = Beijing(2026, 3, 2, 10, 0);
    return facts;
}

struct LimitRow {
    std::string what;
    const SlaPolicy& policy;
    std::function<void(SlaFacts&)> adjust;
    SlaTarget target;
    SlaLimit limit;
    Instant counted_from;
    std::string due;
};

TEST(SlaPolicy, EveryBriefTimeLimitSelectsItsRuleAndFallsWhereDocsSay) {
    const SlaPolicy default_policy = DefaultSlaPolicy();
    const SlaPolicy bank_policy = BankInsurerSlaPolicy();
    auto no_change = [](SlaFacts&) {};
    Instant received = Beijing(2026, 3, 2, 10, 0);
    Instant transferred = Beijing(2026, 3, 2, 15, 0);
    Instant appealed = Beijing(2026, 3, 20, 16, 0);  // a Friday
    const LimitRow rows[] = {
        {"acknowledge: 1 working day", default_policy, no_change, SlaTarget::kAcknowledge, SlaLimit::WorkingDays(1),
         received, "2026-03-03 18:00"},
        {"consultation transfer: 24 hours", default_policy, [](SlaFacts& f) { f.kind = RequestKind::kConsultation; },
         SlaTarget::kTransfer, SlaLimit::CalendarHours(24), received, "2026-03-03 10:00"},
        {"consultation department answer: 3 working days from the transfer", default_policy,
         [&](SlaFacts& f) {
             f.kind = RequestKind::kConsultation;
             f.transferred_at = transferred;
         },
         SlaTarget::kDepartmentAnswer, SlaLimit::WorkingDays(3), transferred, "2026-03-05 18:00"},
        {"preliminary investigation: 48 hours", default_policy, no_change, SlaTarget::kPreliminaryInvestigation,
         SlaLimit::CalendarHours(48), received, "2026-03-04 10:00"},
        {"general complaint solution: 3 working days", default_policy, no_change, SlaTarget::kSolution,
         SlaLimit::WorkingDays(3), received, "2026-03-05 18:00"},
        {"complex complaint complete reply: 7 working days", default_policy,
         [](SlaFacts& f) { f.difficulty = Difficulty::kComplex; }, SlaTarget::kCompleteReply, SlaLimit::WorkingDays(7),
         received, "2026-03-11 18:00"},
        {"emergency process: 2 hours", default_policy, [](SlaFacts& f) { f.level = Level::kMajor; },
         SlaTarget::kEmergencyStart, SlaLimit::CalendarHours(2), received, "2026-03-02 12:00"},
        {"bank/insurer decision: 15 days", bank_policy, no_change, SlaTarget::kDecision, SlaLimit::CalendarDays(15),
         received, "2026-03-18 00:00"},
        {"bank/insurer decision: 30 days if complex", bank_policy,
         [](SlaFacts& f) { f.difficulty = Difficulty::kComplex; }, SlaTarget::kDecision, SlaLimit::CalendarDays(30),
         received, "2026-04-02 00:00"},
        {"12315 accept or reject: 7 working days", default_policy,
         [](SlaFacts& f) { f.channel = Channel::kPlatform12315; }, SlaTarget::kAcceptOrReject, SlaLimit::WorkingDays(7),
         received, "2026-03-11 18:00"},
        {"12315 by source on another channel", default_policy, [](SlaFacts& f) { f.source = "12315"; },
         SlaTarget::kAcceptOrReject, SlaLimit::WorkingDays(7), received, "2026-03-11 18:00"},
        {"appeal re-check: 7 working days from the appeal", default_policy,
         [&](SlaFacts& f) { f.appealed_at = appealed; }, SlaTarget::kRecheck, SlaLimit::WorkingDays(7), appealed,
         "2026-03-31 18:00"},
    };
    for (const LimitRow& row : rows) {
        SlaFacts facts = MondayMorning();
        row.adjust(facts);
        const SlaRule* rule = SelectRule(row.policy, facts, row.target);
        ASSERT_NE(rule, nullptr) << row.what;
        EXPECT_EQ(rule->limit, row.limit) << row.what;
        EXPECT_EQ(Local(StartClock(*rule, China(), row.counted_from).due_at), row.due) << row.what;
    }
}

TEST(SlaPolicy, BankExtensionAddsThirtyDaysWithALeadersApproval) {
    const SlaPolicy policy = BankInsurerSlaPolicy();
    SlaFacts facts = MondayMorning();
    facts.difficulty = Difficulty::kComplex;
    const SlaRule* rule = SelectRule(policy, facts, SlaTarget::kDecision);
    ASSERT_NE(rule, nullptr);
    SlaClock clock = StartClock(*rule, China(), facts.received_at);
    ExtensionRequest request{SlaLimit::CalendarDays(30), 42,   Role::kLeader,
                             "需调取第三方鉴定报告",     true, Beijing(2026, 3, 20, 10, 0)};
    auto extended = ExtendClock(clock, rule->extension, China(), request);
    ASSERT_TRUE(extended.has_value()) << extended.error().message;
    // 1 April + 30 days is 1 May, a holiday until the 5th: the period ends with Wednesday 6 May.
    EXPECT_EQ(Local(extended->due_at), "2026-05-07 00:00");
    request.approver_role = Role::kManager;
    EXPECT_EQ(ExtendClock(clock, rule->extension, China(), request).error().code, ErrorCode::kForbidden);
}

TEST(SlaPolicy, RulesWithoutAMatchingConditionDoNotApply) {
    const SlaPolicy policy = DefaultSlaPolicy();
    SlaFacts consultation = MondayMorning(RequestKind::kConsultation);
    EXPECT_EQ(SelectRule(policy, consultation, SlaTarget::kAcknowledge), nullptr);
    EXPECT_EQ(SelectRule(policy, consultation, SlaTarget::kDepartmentAnswer)->name,
              "default.consultation.department_answer");
    SlaFacts general = MondayMorning();
    EXPECT_EQ(SelectRule(policy, general, SlaTarget::kEmergencyStart), nullptr);
    EXPECT_EQ(SelectRule(policy, general, SlaTarget::kCompleteReply), nullptr);
    EXPECT_EQ(SelectRule(policy, general, SlaTarget::kAcceptOrReject), nullptr);
    EXPECT_EQ(SelectRule(policy, general, SlaTarget::kDecision), nullptr);
}

TEST(SlaPolicy, FirstMatchingRuleWinsSoSpecificRulesGoFirst) {
    SlaPolicy policy = DefaultSlaPolicy();
    SlaRule fast;
    fast.name = "vip.acknowledge";
    fast.target = SlaTarget::kAcknowledge;
    fast.match.levels = {Level::kMajor, Level::kImportant};
    fast.match.category_prefixes = {"quality"};
    fast.match.channels = {Channel::kPhone, Channel::kWeb};
    fast.limit = SlaLimit::WorkingHours(4);
    policy.rules.insert(policy.rules.begin(), fast);
    ASSERT_TRUE(ValidatePolicy(policy).has_value());

    SlaFacts facts = MondayMorning();
    EXPECT_EQ(SelectRule(policy, facts, SlaTarget::kAcknowledge)->name, "default.acknowledge");
    facts.level = Level::kImportant;
    EXPECT_EQ(SelectRule(policy, facts, SlaTarget::kAcknowledge)->name, "vip.acknowledge");
    facts.category_code = "qualityx.other";  // a prefix counts only up to a dot
    EXPECT_EQ(SelectRule(policy, facts, SlaTarget::kAcknowledge)->name, "default.acknowledge");
    facts.category_code = "quality";
    facts.channel = Channel::kEmail;
    EXPECT_EQ(SelectRule(policy, facts, SlaTarget::kAcknowledge)->name, "default.acknowledge");
}

TEST(SlaPolicy, ShippedPoliciesAreValidAndBadOnesAreRefused) {
    EXPECT_TRUE(ValidatePolicy(DefaultSlaPolicy()).has_value());
    EXPECT_TRUE(ValidatePolicy(BankInsurerSlaPolicy()).has_value());

    SlaPolicy bad = DefaultSlaPolicy();
    bad.rules[1].name = bad.rules[0].name;
    bad.rules[2].limit.amount = 0;
    bad.escalation.warn_at_percent = {80, 50};
    auto result = ValidatePolicy(bad);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().fields.size(), 3u);
    EXPECT_EQ(result.error().fields[0].field, "rules[1].name");
}

TEST(SlaPolicy, EnumWireNamesRoundTrip) {
    for (const auto& entry : SlaTargetNames()) EXPECT_EQ(ParseIn(SlaTargetNames(), entry.name), entry.value);
    EXPECT_EQ(NameOf(ClockType::kWorkingDays), "working_days");
    EXPECT_EQ(NameOf(SlaTarget::kCompleteReply), "complete_reply");
    EXPECT_EQ(NameOf(EscalationAction::kRaiseLevel), "raise_level");
}

}  // namespace
}  // namespace kesu::domain
