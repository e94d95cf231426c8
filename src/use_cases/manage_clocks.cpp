#include "use_cases/manage_clocks.hpp"

#include <algorithm>

#include "domain/calendar/sla_alarm.hpp"
#include "domain/validation.hpp"
#include "use_cases/clock_keeper.hpp"

namespace kesu::use_cases {

using domain::ErrorCode;
using domain::Fail;

namespace {

bool IsOpenClock(const domain::SlaClock& clock) {
    return clock.state == domain::ClockState::kRunning || clock.state == domain::ClockState::kPaused;
}

// Loads the complaint for a clock change: visible, open, at the expected version.
domain::Result<domain::Complaint> LoadForChange(domain::Transaction& tx, const RequestContext& context,
                                                std::int64_t complaint_id, int expected_version) {
    auto complaint = LoadVisible(tx, context.actor, complaint_id);
    if (!complaint) return complaint;
    if (!domain::IsOpen(complaint->status))
        return Fail(ErrorCode::kIllegalTransition, "complaint " + complaint->number + " is closed; its time limits are over");
    if (complaint->version != expected_version)
        return Fail(ErrorCode::kStaleVersion, "complaint " + complaint->number + " is at version " +
                                                  std::to_string(complaint->version) + ", you had " +
                                                  std::to_string(expected_version) + "; reload and try again");
    return complaint;
}

domain::Result<domain::Complaint> Store(domain::Transaction& tx, const RequestContext& context,
                                        const domain::Complaint& before, domain::Complaint next, domain::Instant now,
                                        std::string action, std::string text, bool customer_visible) {
    next.version = before.version + 1;
    next.updated_at = now;
    if (auto updated = tx.Complaints().Update(next, before.version); !updated) return std::unexpected(updated.error());
    domain::AuditEvent event = NewEvent(context, now, std::move(action), before.id);
    event.changes = domain::DiffComplaints(before, next);
    event.text = std::move(text);
    event.customer_visible = customer_visible;
    if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
    return next;
}

bool MayHandle(const domain::Actor& actor) {
    return actor.Has(domain::Permission::kAcknowledge) || actor.Has(domain::Permission::kInvestigate);
}

}  // namespace

domain::Result<std::vector<ClockView>> ListClocks(const Dependencies& deps, const RequestContext& context,
                                                  std::int64_t complaint_id) {
    domain::Instant now = deps.clock.Now();
    return domain::ReadValue<std::vector<ClockView>>(deps.database, [&](domain::Transaction& tx) -> domain::Result<std::vector<ClockView>> {
        auto complaint = LoadVisible(tx, context.actor, complaint_id);
        if (!complaint) return std::unexpected(complaint.error());
        auto config = deps.sla.Load(tx);
        if (!config) return std::unexpected(config.error());
        auto clocks = tx.Sla().ListClocks(complaint_id);
        if (!clocks) return std::unexpected(clocks.error());
        std::vector<ClockView> views;
        for (auto& stored : *clocks) {
            ClockView view{std::move(stored), std::nullopt, std::nullopt};
            const domain::SlaClock& clock = view.stored.clock;
            if (clock.state != domain::ClockState::kWithdrawn)
                view.remaining_seconds = std::chrono::duration_cast<std::chrono::seconds>(
                                             domain::RemainingTime(clock, (*config)->calendar, now)).count();
            if (auto alarm = domain::NextAlarm(clock, (*config)->policy.escalation, (*config)->calendar);
                alarm && alarm->kind == domain::AlarmKind::kWarning)
                view.warn_at = alarm->at;
            views.push_back(std::move(view));
        }
        return views;
    });
}

domain::Result<domain::Complaint> PauseClocks(const Dependencies& deps, const RequestContext& context,
                                              std::int64_t complaint_id, int expected_version, const std::string& reason) {
    if (!MayHandle(context.actor)) return Fail(ErrorCode::kForbidden, "your role does not handle complaints");
    std::vector<domain::FieldError> errors;
    domain::CheckText(errors, "reason", reason, true, domain::kMaxMediumText);
    if (!errors.empty()) return domain::FailFields(errors);
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::Complaint>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::Complaint> {
        auto current = LoadForChange(tx, context, complaint_id, expected_version);
        if (!current) return current;
        if (current->waiting_on_customer)
            return Fail(ErrorCode::kIllegalTransition, "the time limits are already paused, waiting on the customer");
        auto config = deps.sla.Load(tx);
        if (!config) return std::unexpected(config.error());
        auto before = tx.Sla().ListClocks(complaint_id);
        if (!before) return std::unexpected(before.error());
        std::vector<domain::StoredClock> after = *before;
        for (auto& stored : after)
            if (stored.clock.state == domain::ClockState::kRunning)
                if (auto paused = domain::PauseClock(stored.clock, (*config)->calendar, now, reason)) stored.clock = std::move(*paused);
        domain::Complaint next = *current;
        next.waiting_on_customer = true;
        if (auto saved = SaveClocks(tx, **config, next, *before, after); !saved) return std::unexpected(saved.error());
        return Store(tx, context, *current, std::move(next), now, "clocks_paused", reason, false);
    });
}

domain::Result<domain::Complaint> ResumeClocks(const Dependencies& deps, const RequestContext& context,
                                               std::int64_t complaint_id, int expected_version) {
    if (!MayHandle(context.actor)) return Fail(ErrorCode::kForbidden, "your role does not handle complaints");
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::Complaint>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::Complaint> {
        auto current = LoadForChange(tx, context, complaint_id, expected_version);
        if (!current) return current;
        if (!current->waiting_on_customer) return Fail(ErrorCode::kIllegalTransition, "the time limits are not paused");
        auto config = deps.sla.Load(tx);
        if (!config) return std::unexpected(config.error());
        auto before = tx.Sla().ListClocks(complaint_id);
        if (!before) return std::unexpected(before.error());
        std::vector<domain::StoredClock> after = *before;
        for (auto& stored : after)
            if (stored.clock.state == domain::ClockState::kPaused)
                if (auto resumed = domain::ResumeClock(stored.clock, (*config)->calendar, now)) stored.clock = std::move(*resumed);
        domain::Complaint next = *current;
        next.waiting_on_customer = false;
        if (auto saved = SaveClocks(tx, **config, next, *before, after); !saved) return std::unexpected(saved.error());
        return Store(tx, context, *current, std::move(next), now, "clocks_resumed", "", false);
    });
}

domain::Result<domain::Complaint> ExtendDeadline(const Dependencies& deps, const RequestContext& context,
                                                 std::int64_t complaint_id, const ExtensionInput& input) {
    std::vector<domain::FieldError> errors;
    domain::CheckText(errors, "reason", input.reason, true, domain::kMaxMediumText);
    if (input.amount.amount <= 0) errors.push_back({"amount", "must be positive"});
    if (!errors.empty()) return domain::FailFields(errors);
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::Complaint>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::Complaint> {
        auto current = LoadForChange(tx, context, complaint_id, input.expected_version);
        if (!current) return current;
        auto config = deps.sla.Load(tx);
        if (!config) return std::unexpected(config.error());
        auto before = tx.Sla().ListClocks(complaint_id);
        if (!before) return std::unexpected(before.error());
        std::vector<domain::StoredClock> after = *before;
        auto live = std::ranges::find_if(after, [&](const domain::StoredClock& stored) {
            return stored.clock.target == input.target && IsOpenClock(stored.clock);
        });
        if (live == after.end())
            return domain::FailField(ErrorCode::kInvalidArgument, "target", "this complaint has no running clock for it");
        const domain::SlaRule* rule = domain::FindRule((*config)->policy, live->clock.rule_name);
        if (rule == nullptr) return Fail(ErrorCode::kIllegalTransition, "the rule that set this limit no longer exists");
        domain::ExtensionRequest request{input.amount, context.actor.user_id, context.actor.role, input.reason, true, now};
        auto extended = domain::ExtendClock(live->clock, rule->extension, (*config)->calendar, request);
        if (!extended) return std::unexpected(extended.error());
        live->clock = std::move(*extended);
        domain::Complaint next = *current;
        if (auto saved = SaveClocks(tx, **config, next, *before, after); !saved) return std::unexpected(saved.error());
        std::string label = ClockLabel(input.target);
        std::string text = "「" + label + "」时限经批准延长，原因：" + input.reason;
        if (auto told = NotifyCustomer(tx, next, "deadline_extended", "处理时限延长：" + next.number, text, now); !told)
            return std::unexpected(told.error());
        return Store(tx, context, *current, std::move(next), now, "deadline_extended", text, true);
    });
}

domain::Result<domain::Complaint> OrganiseEmergency(const Dependencies& deps, const RequestContext& context,
                                                    std::int64_t complaint_id, const EmergencyInput& input) {
    if (!context.actor.Has(domain::Permission::kTriage) && context.actor.role != domain::Role::kLeader)
        return Fail(ErrorCode::kForbidden, "only specialists, managers and leaders run the emergency process");
    std::vector<domain::FieldError> errors;
    if (input.team.empty() || input.team.size() > 30) errors.push_back({"team", "name 1 to 30 members"});
    for (std::size_t i = 0; i < input.team.size(); ++i)
        domain::CheckText(errors, "team[" + std::to_string(i) + "]", input.team[i], true, domain::kMaxShortText);
    domain::CheckText(errors, "contingency_plan", input.contingency_plan, true, domain::kMaxLongText);
    if (input.report_interval_minutes < 15 || input.report_interval_minutes > 24 * 60)
        errors.push_back({"report_interval_minutes", "must be 15 to 1440"});
    if (!errors.empty()) return domain::FailFields(errors);
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::Complaint>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::Complaint> {
        auto current = LoadForChange(tx, context, complaint_id, input.expected_version);
        if (!current) return current;
        domain::Complaint next = *current;
        if (!next.emergency || next.emergency->resolved_at) {
            if (auto started = StartEmergency(tx, context, next, "manual", now); !started) return std::unexpected(started.error());
        }
        next.emergency->team = input.team;
        next.emergency->contingency_plan = input.contingency_plan;
        next.emergency->report_interval_minutes = input.report_interval_minutes;
        next.emergency->organised_at = now;
        next.emergency->next_report_due_at = now + std::chrono::minutes{input.report_interval_minutes};
        if (auto moved = tx.Timers().Schedule(kEmergencyTimer, complaint_id, next.emergency->next_report_due_at); !moved)
            return std::unexpected(moved.error());
        auto config = deps.sla.Load(tx);
        if (!config) return std::unexpected(config.error());
        auto before = tx.Sla().ListClocks(complaint_id);
        if (!before) return std::unexpected(before.error());
        std::vector<domain::StoredClock> after = *before;
        for (auto& stored : after)
            if (stored.clock.target == domain::SlaTarget::kEmergencyStart && IsOpenClock(stored.clock))
                if (auto stopped = domain::StopClock(stored.clock, (*config)->calendar, now)) stored.clock = std::move(*stopped);
        if (auto saved = SaveClocks(tx, **config, next, *before, after); !saved) return std::unexpected(saved.error());
        std::string text = "应急小组：";
        for (std::size_t i = 0; i < input.team.size(); ++i) text += (i ? "、" : "") + input.team[i];
        return Store(tx, context, *current, std::move(next), now, "emergency_organised", text, false);
    });
}

domain::Result<domain::Complaint> ReportEmergencyProgress(const Dependencies& deps, const RequestContext& context,
                                                          std::int64_t complaint_id, int expected_version,
                                                          const std::string& text) {
    if (!MayHandle(context.actor) && context.actor.role != domain::Role::kLeader)
        return Fail(ErrorCode::kForbidden, "your role does not report on the emergency process");
    std::vector<domain::FieldError> errors;
    domain::CheckText(errors, "text", text, true, domain::kMaxLongText);
    if (!errors.empty()) return domain::FailFields(errors);
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::Complaint>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::Complaint> {
        auto current = LoadForChange(tx, context, complaint_id, expected_version);
        if (!current) return current;
        if (!current->emergency || current->emergency->resolved_at)
            return Fail(ErrorCode::kIllegalTransition, "no emergency process is running for this complaint");
        domain::Complaint next = *current;
        next.emergency->reports.push_back({now, text, context.actor.user_id, context.actor.display_name});
        next.emergency->next_report_due_at = now + std::chrono::minutes{next.emergency->report_interval_minutes};
        if (auto moved = tx.Timers().Schedule(kEmergencyTimer, complaint_id, next.emergency->next_report_due_at); !moved)
            return std::unexpected(moved.error());
        if (auto told = Notify(tx, next, {false, true, true}, "emergency_report", "应急进展：" + next.number, text, now); !told)
            return std::unexpected(told.error());
        return Store(tx, context, *current, std::move(next), now, "emergency_report", text, false);
    });
}

}  // namespace kesu::use_cases
