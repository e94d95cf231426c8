// SLA policies: which time limits (时限) a complaint runs and how each is counted. A policy is an ordered list of
// rules; for each target the first rule whose match accepts the complaint's facts sets the limit, so specific
// rules go before general ones. DefaultSlaPolicy is BRIEF §4; the bank/insurer and 12315 presets show how
// regulators' limits are written. All of it is data an admin edits; ValidatePolicy checks it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/complaint.hpp"
#include "domain/enum_names.hpp"
#include "domain/error.hpp"
#include "domain/role.hpp"
#include "domain/time.hpp"

namespace kesu::domain {

// How a limit is counted (docs/sla.md has the exact rules).
enum class ClockType {
    kCalendarTime,  // wall-clock minutes
    kWorkingTime,   // minutes inside the calendar's working hours
    kWorkingDays,   // close of business on the Nth working day after the day of receipt
    kCalendarDays,  // 24:00 of the Nth calendar day after the day of receipt, moved on past non-working days
};

bool IsDayBased(ClockType clock);

struct SlaLimit {
    ClockType clock = ClockType::kWorkingDays;
    std::int64_t amount = 0;  // minutes for the time clocks, days for the day clocks

    static SlaLimit CalendarHours(std::int64_t hours) { return {ClockType::kCalendarTime, hours * 60}; }
    static SlaLimit CalendarMinutes(std::int64_t minutes) { return {ClockType::kCalendarTime, minutes}; }
    static SlaLimit WorkingHours(std::int64_t hours) { return {ClockType::kWorkingTime, hours * 60}; }
    static SlaLimit WorkingMinutes(std::int64_t minutes) { return {ClockType::kWorkingTime, minutes}; }
    static SlaLimit WorkingDays(std::int64_t days) { return {ClockType::kWorkingDays, days}; }
    static SlaLimit CalendarDays(std::int64_t days) { return {ClockType::kCalendarDays, days}; }

    bool operator==(const SlaLimit&) const = default;
};

// What a clock measures; the use case that completes the step stops the clock.
enum class SlaTarget {
    kAcknowledge,               // acknowledge receipt to the customer
    kTransfer,                  // consultation: transfer to the right department (or answer)
    kDepartmentAnswer,          // consultation: the department's answer
    kPreliminaryInvestigation,  // complaint: preliminary investigation and progress feedback
    kSolution,                  // general complaint: solution given
    kCompleteReply,             // complex complaint: complete reply
    kEmergencyStart,            // level 1: emergency process started
    kDecision,                  // bank/insurer preset: decision made and told
    kAcceptOrReject,            // 12315 preset: accept or reject the complaint
    kRecheck,                   // appeal re-check decided
};

// The instant a clock counts from.
enum class ClockStart {
    kReceipt,    // the complaint's received_at
    kTransfer,   // consultation handed to a department
    kAppeal,     // the customer appealed
    kSelection,  // the moment the rule first applies (e.g. the level raised to major)
};

// Which complaints a rule applies to. Every criterion given must hold; an empty list or nullopt accepts anything.
struct SlaMatch {
    std::optional<RequestKind> kind;
    std::vector<std::string> category_prefixes;  // "quality" accepts "quality" and "quality.defect"
    std::vector<Level> levels;
    std::vector<Channel> channels;
    std::optional<Difficulty> difficulty;
    std::vector<std::string> sources;  // exact, e.g. "12315"

    bool operator==(const SlaMatch&) const = default;
};

// Who may extend a clock and by how much. No approver roles: the clock cannot be extended.
struct ExtensionRule {
    std::vector<Role> approver_roles;
    SlaLimit max_amount;  // per extension
    int max_count = 0;
    bool customer_notice_required = true;  // BRIEF §4: the customer is told

    bool operator==(const ExtensionRule&) const = default;
};

struct SlaRule {
    std::string name;  // stable key, recorded on every clock the rule starts
    SlaTarget target = SlaTarget::kAcknowledge;
    SlaMatch match;
    SlaLimit limit;
    ClockStart start = ClockStart::kReceipt;
    ExtensionRule extension;

    bool operator==(const SlaRule&) const = default;
};

enum class EscalationAction { kNotifyOwner, kNotifyManager, kNotifyLeader, kRaiseLevel, kReassign };

struct EscalationStep {
    std::vector<EscalationAction> actions;

    bool operator==(const EscalationStep&) const = default;
};

// Warnings go to the owner at shares of the allowed time; the nth breach of a complaint's clock takes steps[n-1]
// (the last step once they run out). A clock still open after its deadline breaches again every
// repeat_breach_every_percent of its allowed time, until the last step has been taken.
struct EscalationPolicy {
    std::vector<int> warn_at_percent{75};   // ascending, each 1..99
    int repeat_breach_every_percent = 100;  // 0: a deadline breaches once
    std::vector<EscalationStep> steps;

    bool operator==(const EscalationPolicy&) const = default;
};

struct SlaPolicy {
    std::string id;
    std::string name;
    std::string calendar_id;  // the WorkingCalendar all its clocks count in
    std::vector<SlaRule> rules;
    EscalationPolicy escalation;

    bool operator==(const SlaPolicy&) const = default;
};

// What selects and anchors a complaint's clocks. The use case fills it from the complaint and its history.
struct SlaFacts {
    RequestKind kind = RequestKind::kComplaint;
    std::string category_code;  // e.g. "quality.defect"; empty if not yet classified
    Level level = Level::kGeneral;
    Channel channel = Channel::kWeb;
    Difficulty difficulty = Difficulty::kSimple;
    std::string source;  // where it came from beyond the channel, e.g. "12315"; may be empty
    Instant received_at;
    std::optional<Instant> transferred_at;
    std::optional<Instant> appealed_at;
};

bool Matches(const SlaMatch& match, const SlaFacts& facts);
// The first rule for the target that matches, or nullptr when none does.
const SlaRule* SelectRule(const SlaPolicy& policy, const SlaFacts& facts, SlaTarget target);
const SlaRule* FindRule(const SlaPolicy& policy, std::string_view rule_name);

// Names unique and non-empty, amounts positive (days at most 3650), percents in range, extension rules sane.
Result<void> ValidatePolicy(const SlaPolicy& policy);

// BRIEF §4 with the 12315 rule (it only matches 12315 complaints), escalating owner -> manager -> leader.
SlaPolicy DefaultSlaPolicy(std::string calendar_id = "cn-default");
// 12315: accept or reject within 7 working days; matched by channel or by source "12315".
std::vector<SlaRule> Platform12315Rules();
// Banks and insurers: decision within 15 calendar days, 30 if complex, +30 once with a leader's approval and
// notice to the customer (银行保险机构消费投诉处理管理办法).
std::vector<SlaRule> BankInsurerRules();
// The default policy with the bank/insurer decision clock added.
SlaPolicy BankInsurerSlaPolicy(std::string calendar_id = "cn-default");

std::span<const EnumName<ClockType>> ClockTypeNames();
std::span<const EnumName<SlaTarget>> SlaTargetNames();
std::span<const EnumName<ClockStart>> ClockStartNames();
std::span<const EnumName<EscalationAction>> EscalationActionNames();
inline std::string_view NameOf(ClockType v) { return NameIn(ClockTypeNames(), v); }
inline std::string_view NameOf(SlaTarget v) { return NameIn(SlaTargetNames(), v); }
inline std::string_view NameOf(ClockStart v) { return NameIn(ClockStartNames(), v); }
inline std::string_view NameOf(EscalationAction v) { return NameIn(EscalationActionNames(), v); }

}  // namespace kesu::domain
