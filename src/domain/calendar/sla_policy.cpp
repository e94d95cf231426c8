#include "domain/calendar/sla_policy.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "domain/validation.hpp"

namespace kesu::domain {
namespace {

constexpr std::int64_t kMaxDays = 3650;
constexpr std::int64_t kMaxMinutes = kMaxDays * 24 * 60;
constexpr std::size_t kMaxKeyLength = 64;  // ids other settings refer to
constexpr std::size_t kMaxRules = 200;
constexpr std::size_t kMaxMatchValues = 50;  // category prefixes or sources of one rule

constexpr std::array kClockTypeNames{
    EnumName<ClockType>{ClockType::kCalendarTime, "calendar_time"},
    EnumName<ClockType>{ClockType::kWorkingTime, "working_time"},
    EnumName<ClockType>{ClockType::kWorkingDays, "working_days"},
    EnumName<ClockType>{ClockType::kCalendarDays, "calendar_days"},
};

constexpr std::array kSlaTargetNames{
    EnumName<SlaTarget>{SlaTarget::kAcknowledge, "acknowledge"},
    EnumName<SlaTarget>{SlaTarget::kTransfer, "transfer"},
    EnumName<SlaTarget>{SlaTarget::kDepartmentAnswer, "department_answer"},
    EnumName<SlaTarget>{SlaTarget::kPreliminaryInvestigation, "preliminary_investigation"},
    EnumName<SlaTarget>{SlaTarget::kSolution, "solution"},
    EnumName<SlaTarget>{SlaTarget::kCompleteReply, "complete_reply"},
    EnumName<SlaTarget>{SlaTarget::kEmergencyStart, "emergency_start"},
    EnumName<SlaTarget>{SlaTarget::kDecision, "decision"},
    EnumName<SlaTarget>{SlaTarget::kAcceptOrReject, "accept_or_reject"},
    EnumName<SlaTarget>{SlaTarget::kRecheck, "recheck"},
};

constexpr std::array kClockStartNames{
    EnumName<ClockStart>{ClockStart::kReceipt, "receipt"},
    EnumName<ClockStart>{ClockStart::kTransfer, "transfer"},
    EnumName<ClockStart>{ClockStart::kAppeal, "appeal"},
    EnumName<ClockStart>{ClockStart::kSelection, "selection"},
};

constexpr std::array kEscalationActionNames{
    EnumName<EscalationAction>{EscalationAction::kNotifyOwner, "notify_owner"},
    EnumName<EscalationAction>{EscalationAction::kNotifyManager, "notify_manager"},
    EnumName<EscalationAction>{EscalationAction::kNotifyLeader, "notify_leader"},
    EnumName<EscalationAction>{EscalationAction::kRaiseLevel, "raise_level"},
    EnumName<EscalationAction>{EscalationAction::kReassign, "reassign"},
};

template <class T>
bool AcceptsAny(const std::vector<T>& allowed, const T& value) {
    return allowed.empty() || std::ranges::find(allowed, value) != allowed.end();
}

bool AmountInRange(SlaLimit limit) {
    return limit.amount > 0 && limit.amount <= (IsDayBased(limit.clock) ? kMaxDays : kMaxMinutes);
}

SlaMatch Kind(RequestKind kind) {
    SlaMatch match;
    match.kind = kind;
    return match;
}

SlaMatch ComplaintOf(Difficulty difficulty) {
    SlaMatch match = Kind(RequestKind::kComplaint);
    match.difficulty = difficulty;
    return match;
}

ExtensionRule ManagerMayExtendOnce(SlaLimit by) { return {{Role::kManager, Role::kLeader}, by, 1, true}; }

SlaRule Rule(std::string name, SlaTarget target, SlaMatch match, SlaLimit limit, ClockStart start,
             ExtensionRule extension) {
    return {std::move(name), target, std::move(match), limit, start, std::move(extension)};
}

}  // namespace

bool IsDayBased(ClockType clock) { return clock == ClockType::kWorkingDays || clock == ClockType::kCalendarDays; }

bool Matches(const SlaMatch& match, const SlaFacts& facts) {
    if (match.kind && *match.kind != facts.kind) return false;
    if (match.difficulty && *match.difficulty != facts.difficulty) return false;
    if (!AcceptsAny(match.levels, facts.level) || !AcceptsAny(match.channels, facts.channel) ||
        !AcceptsAny(match.sources, facts.source))
        return false;
    if (match.category_prefixes.empty()) return true;
    return std::ranges::any_of(match.category_prefixes, [&](const std::string& prefix) {
        const std::string& code = facts.category_code;
        return code.starts_with(prefix) && (code.size() == prefix.size() || code[prefix.size()] == '.');
    });
}

const SlaRule* SelectRule(const SlaPolicy& policy, const SlaFacts& facts, SlaTarget target) {
    for (const SlaRule& rule : policy.rules)
        if (rule.target == target && Matches(rule.match, facts)) return &rule;
    return nullptr;
}

const SlaRule* FindRule(const SlaPolicy& policy, std::string_view rule_name) {
    for (const SlaRule& rule : policy.rules)
        if (rule.name == rule_name) return &rule;
    return nullptr;
}

Result<void> ValidatePolicy(const SlaPolicy& policy) {
    std::vector<FieldError> errors;
    if (policy.id.empty()) errors.push_back({"id", "must not be empty"});
    if (policy.calendar_id.empty()) errors.push_back({"calendar_id", "must name a calendar"});
    // Text like every other field: UTF-8, no control characters, bounded.
    CheckLine(errors, "id", policy.id, false, kMaxKeyLength);
    CheckLine(errors, "name", policy.name, false, kMaxShortText);
    CheckLine(errors, "calendar_id", policy.calendar_id, false, kMaxKeyLength);
    if (policy.rules.size() > kMaxRules)
        errors.push_back({"rules", "must have at most " + std::to_string(kMaxRules) + " rules"});
    std::set<std::string> names;
    for (std::size_t i = 0; i < policy.rules.size(); ++i) {
        const SlaRule& rule = policy.rules[i];
        std::string at = "rules[" + std::to_string(i) + "]";
        CheckLine(errors, at + ".name", rule.name, false, kMaxShortText);
        for (const auto* values : {&rule.match.category_prefixes, &rule.match.sources}) {
            std::string list = at + (values == &rule.match.sources ? ".match.sources" : ".match.category_prefixes");
            if (values->size() > kMaxMatchValues)
                errors.push_back({list, "must have at most " + std::to_string(kMaxMatchValues) + " values"});
            for (std::size_t v = 0; v < values->size(); ++v)
                CheckLine(errors, list + "[" + std::to_string(v) + "]", (*values)[v], true, kMaxShortText);
        }
        if (rule.name.empty())
            errors.push_back({at + ".name", "must not be empty"});
        else if (!names.insert(rule.name).second)
            errors.push_back({at + ".name", "'" + rule.name + "' is used twice"});
        if (!AmountInRange(rule.limit)) errors.push_back({at + ".limit", "must be positive and at most ten years"});
        const ExtensionRule& extension = rule.extension;
        if (!extension.approver_roles.empty() && (extension.max_count < 1 || !AmountInRange(extension.max_amount)))
            errors.push_back({at + ".extension", "an extendable rule needs a positive count and amount"});
    }
    const EscalationPolicy& escalation = policy.escalation;
    for (std::size_t i = 0; i < escalation.warn_at_percent.size(); ++i) {
        int percent = escalation.warn_at_percent[i];
        if (percent < 1 || percent > 99 || (i > 0 && percent <= escalation.warn_at_percent[i - 1]))
            errors.push_back(
                {"escalation.warn_at_percent[" + std::to_string(i) + "]", "must be ascending and within 1..99"});
    }
    if (escalation.repeat_breach_every_percent < 0 || escalation.repeat_breach_every_percent > 1000)
        errors.push_back({"escalation.repeat_breach_every_percent", "must be within 0..1000"});
    if (!errors.empty()) return FailFields(std::move(errors));
    return {};
}

std::vector<SlaRule> Platform12315Rules() {
    SlaMatch by_channel;
    by_channel.channels = {Channel::kPlatform12315};
    SlaMatch by_source;
    by_source.sources = {"12315"};
    return {
        Rule("12315.accept_or_reject", SlaTarget::kAcceptOrReject, by_channel, SlaLimit::WorkingDays(7),
             ClockStart::kReceipt, {}),
        Rule("12315.accept_or_reject.by_source", SlaTarget::kAcceptOrReject, by_source, SlaLimit::WorkingDays(7),
             ClockStart::kReceipt, {}),
    };
}

std::vector<SlaRule> BankInsurerRules() {
    SlaMatch complex = ComplaintOf(Difficulty::kComplex);
    SlaMatch any_complaint = Kind(RequestKind::kComplaint);
    ExtensionRule senior_approval{{Role::kLeader}, SlaLimit::CalendarDays(30), 1, true};
    return {
        Rule("bank.decision.complex", SlaTarget::kDecision, complex, SlaLimit::CalendarDays(30), ClockStart::kReceipt,
             senior_approval),
        Rule("bank.decision", SlaTarget::kDecision, any_complaint, SlaLimit::CalendarDays(15), ClockStart::kReceipt,
             senior_approval),
    };
}

SlaPolicy DefaultSlaPolicy(std::string calendar_id) {
    SlaMatch complaint = Kind(RequestKind::kComplaint);
    SlaMatch consultation = Kind(RequestKind::kConsultation);
    SlaMatch simple = ComplaintOf(Difficulty::kSimple);
    SlaMatch complex = ComplaintOf(Difficulty::kComplex);
    SlaMatch major = Kind(RequestKind::kComplaint);
    major.levels = {Level::kMajor};
    SlaPolicy policy{
        .id = "default",
        .name = "BRIEF §4 default time limits",
        .calendar_id = std::move(calendar_id),
        .rules =
            {
                Rule("default.acknowledge", SlaTarget::kAcknowledge, complaint, SlaLimit::WorkingDays(1),
                     ClockStart::kReceipt, {}),
                Rule("default.consultation.transfer", SlaTarget::kTransfer, consultation, SlaLimit::CalendarHours(24),
                     ClockStart::kReceipt, {}),
                Rule("default.consultation.department_answer", SlaTarget::kDepartmentAnswer, consultation,
                     SlaLimit::WorkingDays(3), ClockStart::kTransfer, ManagerMayExtendOnce(SlaLimit::WorkingDays(3))),
                Rule("default.preliminary_investigation", SlaTarget::kPreliminaryInvestigation, complaint,
                     SlaLimit::CalendarHours(48), ClockStart::kReceipt, {}),
                Rule("default.solution", SlaTarget::kSolution, simple, SlaLimit::WorkingDays(3), ClockStart::kReceipt,
                     ManagerMayExtendOnce(SlaLimit::WorkingDays(3))),
                Rule("default.complete_reply", SlaTarget::kCompleteReply, complex, SlaLimit::WorkingDays(7),
                     ClockStart::kReceipt, ManagerMayExtendOnce(SlaLimit::WorkingDays(7))),
                Rule("default.emergency_start", SlaTarget::kEmergencyStart, major, SlaLimit::CalendarHours(2),
                     ClockStart::kSelection, {}),
                Rule("default.recheck", SlaTarget::kRecheck, complaint, SlaLimit::WorkingDays(7), ClockStart::kAppeal,
                     ManagerMayExtendOnce(SlaLimit::WorkingDays(7))),
            },
        .escalation =
            {
                .warn_at_percent = {75},
                .repeat_breach_every_percent = 100,
                .steps =
                    {
                        {{EscalationAction::kNotifyOwner, EscalationAction::kNotifyManager}},
                        {{EscalationAction::kNotifyManager, EscalationAction::kRaiseLevel}},
                        {{EscalationAction::kNotifyLeader, EscalationAction::kRaiseLevel, EscalationAction::kReassign}},
                    },
            },
    };
    for (SlaRule& rule : Platform12315Rules()) policy.rules.push_back(std::move(rule));
    return policy;
}

SlaPolicy BankInsurerSlaPolicy(std::string calendar_id) {
    SlaPolicy policy = DefaultSlaPolicy(std::move(calendar_id));
    policy.id = "bank-insurer";
    policy.name = "Banks and insurers: BRIEF §4 with the 15/30/+30-day decision";
    for (SlaRule& rule : BankInsurerRules()) policy.rules.push_back(std::move(rule));
    return policy;
}

std::span<const EnumName<ClockType>> ClockTypeNames() { return kClockTypeNames; }
std::span<const EnumName<SlaTarget>> SlaTargetNames() { return kSlaTargetNames; }
std::span<const EnumName<ClockStart>> ClockStartNames() { return kClockStartNames; }
std::span<const EnumName<EscalationAction>> EscalationActionNames() { return kEscalationActionNames; }

}  // namespace kesu::domain
