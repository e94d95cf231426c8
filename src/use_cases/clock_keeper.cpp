#include "use_cases/clock_keeper.hpp"

#include <algorithm>
#include <set>

namespace kesu::use_cases {

using domain::Action;
using domain::SlaTarget;

namespace {

constexpr auto kDefaultReportInterval = std::chrono::minutes{120};

// The clock targets an action completes.
std::vector<SlaTarget> TargetsCompletedBy(Action action) {
    switch (action) {
        case Action::kAcknowledge: return {SlaTarget::kAcknowledge};
        case Action::kTriage: return {SlaTarget::kAcceptOrReject};
        case Action::kTransfer: return {SlaTarget::kTransfer};
        case Action::kAnswer: return {SlaTarget::kAcknowledge, SlaTarget::kTransfer};
        case Action::kDepartmentAnswer: return {SlaTarget::kDepartmentAnswer};
        case Action::kReply:
            return {SlaTarget::kPreliminaryInvestigation, SlaTarget::kSolution, SlaTarget::kCompleteReply,
                    SlaTarget::kDecision};
        case Action::kRejectInvalid: return {SlaTarget::kAcknowledge, SlaTarget::kAcceptOrReject, SlaTarget::kDecision};
        case Action::kUpholdRecheck:
        case Action::kReviseRecheck: return {SlaTarget::kRecheck};
        default: return {};
    }
}

bool IsOpenClock(const domain::SlaClock& clock) {
    return clock.state == domain::ClockState::kRunning || clock.state == domain::ClockState::kPaused;
}

std::string TargetLabel(SlaTarget target) {
    switch (target) {
        case SlaTarget::kAcknowledge: return "受理回执";
        case SlaTarget::kTransfer: return "咨询转办";
        case SlaTarget::kDepartmentAnswer: return "部门答复";
        case SlaTarget::kPreliminaryInvestigation: return "初步核查及进展反馈";
        case SlaTarget::kSolution: return "给出解决方案";
        case SlaTarget::kCompleteReply: return "完整答复";
        case SlaTarget::kEmergencyStart: return "启动应急处理";
        case SlaTarget::kDecision: return "作出处理决定";
        case SlaTarget::kAcceptOrReject: return "受理或不予受理";
        case SlaTarget::kRecheck: return "复核";
    }
    return "时限";
}

}  // namespace

domain::Result<domain::SlaFacts> FactsOf(domain::Transaction& tx, const domain::Complaint& c) {
    domain::SlaFacts facts;
    facts.kind = c.kind;
    facts.level = c.level;
    facts.channel = c.channel;
    facts.difficulty = c.difficulty;
    facts.source = c.source;
    facts.received_at = c.received_at;
    facts.transferred_at = c.transferred_at;
    if (c.recheck) facts.appealed_at = c.recheck->appealed_at;
    if (c.category_id) {
        auto category = tx.Categories().Get(*c.category_id);
        if (!category) return std::unexpected(category.error());
        facts.category_code = category->code;
    }
    return facts;
}

domain::Result<void> Notify(domain::Transaction& tx, const domain::Complaint& complaint, const Recipients& recipients,
                            std::string kind, std::string title, std::string body, domain::Instant now) {
    auto users = tx.Users().List();
    if (!users) return std::unexpected(users.error());
    std::set<std::int64_t> to;
    bool owner_reached = false;
    for (const auto& user : *users) {
        if (!user.active) continue;
        if (recipients.owner && complaint.owner_id == user.id) {
            to.insert(user.id);
            owner_reached = true;
        }
        bool department_manager = user.role == domain::Role::kManager && complaint.department_id &&
                                  user.department_id == complaint.department_id;
        if (recipients.managers && department_manager) to.insert(user.id);
        if (recipients.leaders && user.role == domain::Role::kLeader) to.insert(user.id);
    }
    if (recipients.owner && !owner_reached) {
        // Nobody owns it yet: the department's managers hear about it; failing that, every manager.
        for (const auto& user : *users)
            if (user.active && user.role == domain::Role::kManager &&
                (!complaint.department_id || user.department_id == complaint.department_id))
                to.insert(user.id);
    }
    domain::Notification notice;
    notice.complaint_id = complaint.id;
    notice.complaint_number = complaint.number;
    notice.kind = kind;
    notice.title = title;
    notice.body = body;
    notice.created_at = now;
    return NotifyUsers(tx, std::move(notice), {to.begin(), to.end()});
}

domain::Result<void> NotifyCustomer(domain::Transaction& tx, const domain::Complaint& complaint, std::string kind,
                                    std::string title, std::string body, domain::Instant now) {
    domain::Notification notification;
    notification.channel = !complaint.complainant.email.empty() ? "email" : "sms";
    if (complaint.complainant.email.empty() && complaint.complainant.phone.empty()) notification.channel = "portal";
    notification.complaint_id = complaint.id;
    notification.complaint_number = complaint.number;
    notification.kind = std::move(kind);
    notification.title = std::move(title);
    notification.body = std::move(body);
    notification.created_at = now;
    return tx.Outbox().Insert(notification);
}

domain::Result<void> StartEmergency(domain::Transaction& tx, const RequestContext& context, domain::Complaint& complaint,
                                    std::string trigger, domain::Instant now) {
    if (complaint.emergency && !complaint.emergency->resolved_at) return {};
    domain::Emergency emergency;
    emergency.started_at = now;
    emergency.trigger = std::move(trigger);
    emergency.report_interval_minutes = static_cast<int>(kDefaultReportInterval.count());
    emergency.next_report_due_at = now + kDefaultReportInterval;
    complaint.emergency = emergency;
    if (auto scheduled = tx.Timers().Schedule(kEmergencyTimer, complaint.id, emergency.next_report_due_at); !scheduled)
        return scheduled;
    domain::AuditEvent event = NewEvent(context, now, "emergency_started", complaint.id);
    event.text = "应急处理已启动（" + emergency.trigger + "）";
    if (auto appended = tx.Audit().Append(event); !appended) return appended;
    return Notify(tx, complaint, {true, true, true}, "emergency", "重大投诉：" + complaint.number,
                  "重大（一级）投诉已启动应急处理，请立即组建应急小组并附应急预案：" + complaint.subject, now);
}

domain::Result<void> SaveClocks(domain::Transaction& tx, const SlaConfig& config, domain::Complaint& complaint,
                                const std::vector<domain::StoredClock>& before, std::vector<domain::StoredClock>& after) {
    std::optional<domain::Instant> next_due;
    for (auto& stored : after) {
        if (stored.id == 0) {
            stored.complaint_id = complaint.id;
            if (auto inserted = tx.Sla().InsertClock(stored); !inserted) return inserted;
        } else {
            auto old = std::ranges::find(before, stored.id, &domain::StoredClock::id);
            if (old == before.end() || old->clock != stored.clock) {
                if (auto updated = tx.Sla().UpdateClock(stored); !updated) return updated;
            } else {
                if (stored.clock.state == domain::ClockState::kRunning && (!next_due || stored.clock.due_at < *next_due))
                    next_due = stored.clock.due_at;
                continue;  // unchanged: its timer is already right
            }
        }
        auto alarm = domain::NextAlarm(stored.clock, config.policy.escalation, config.calendar);
        auto moved = alarm ? tx.Timers().Schedule(kClockTimer, stored.id, alarm->at) : tx.Timers().Cancel(kClockTimer, stored.id);
        if (!moved) return moved;
        if (stored.clock.state == domain::ClockState::kRunning && (!next_due || stored.clock.due_at < *next_due))
            next_due = stored.clock.due_at;
    }
    complaint.next_due_at = next_due;
    return {};
}

domain::Result<void> KeepClocks(domain::Transaction& tx, const SlaConfig& config, const RequestContext& context,
                                domain::Complaint& complaint, const ClockEvent& event, domain::Instant now) {
    auto existing = complaint.id != 0 ? tx.Sla().ListClocks(complaint.id) : domain::Result<std::vector<domain::StoredClock>>{};
    if (!existing) return std::unexpected(existing.error());
    std::vector<domain::StoredClock> clocks = *existing;
    const domain::WorkingCalendar& calendar = config.calendar;

    if (event.action) {
        for (SlaTarget target : TargetsCompletedBy(*event.action)) {
            for (auto& stored : clocks) {
                if (stored.clock.target != target || !IsOpenClock(stored.clock)) continue;
                if (auto stopped = domain::StopClock(stored.clock, calendar, now)) stored.clock = std::move(*stopped);
            }
        }
        if (*event.action == Action::kReopen) {
            for (SlaTarget target : {SlaTarget::kPreliminaryInvestigation, SlaTarget::kSolution, SlaTarget::kCompleteReply}) {
                auto facts = FactsOf(tx, complaint);
                if (!facts) return std::unexpected(facts.error());
                if (const domain::SlaRule* rule = domain::SelectRule(config.policy, *facts, target))
                    clocks.push_back({0, complaint.id, domain::StartClock(*rule, calendar, now)});
            }
        }
    }
    if (!domain::IsOpen(complaint.status) || (event.action && *event.action == Action::kReply)) {
        // Nothing more is due once it is closed, rejected or merged; a reply ends the emergency process.
        if (complaint.emergency && !complaint.emergency->resolved_at) {
            complaint.emergency->resolved_at = now;
            if (auto cancelled = tx.Timers().Cancel(kEmergencyTimer, complaint.id); !cancelled) return cancelled;
        }
    }
    if (!domain::IsOpen(complaint.status)) {
        for (auto& stored : clocks) {
            if (!IsOpenClock(stored.clock)) continue;
            if (auto withdrawn = domain::WithdrawClock(stored.clock, calendar, now)) stored.clock = std::move(*withdrawn);
        }
    } else {
        auto facts = FactsOf(tx, complaint);
        if (!facts) return std::unexpected(facts.error());
        std::vector<domain::SlaClock> current;
        for (const auto& stored : clocks) current.push_back(stored.clock);
        auto planned = domain::PlanClocks(config.policy, calendar, *facts, current, now);
        for (std::size_t i = 0; i < planned.size(); ++i) {
            if (i < clocks.size()) clocks[i].clock = std::move(planned[i]);
            else clocks.push_back({0, complaint.id, std::move(planned[i])});
        }
        if (complaint.waiting_on_customer) {
            // Clocks started while waiting on the customer wait too.
            for (auto& stored : clocks) {
                if (stored.clock.state != domain::ClockState::kRunning) continue;
                if (auto paused = domain::PauseClock(stored.clock, calendar, now, "等待客户"); paused)
                    stored.clock = std::move(*paused);
            }
        }
        if (complaint.level == domain::Level::kMajor && (!complaint.emergency || complaint.emergency->resolved_at)) {
            if (auto started = StartEmergency(tx, context, complaint, "level_major", now); !started) return started;
        }
    }
    (void)event.reclassified;
    return SaveClocks(tx, config, complaint, *existing, clocks);
}

std::string ClockLabel(SlaTarget target) { return TargetLabel(target); }

domain::Result<std::vector<domain::StoredClock>> PlanNewClocks(domain::Transaction& tx, const SlaConfig& config,
                                                               domain::Complaint& complaint, domain::Instant now) {
    auto facts = FactsOf(tx, complaint);
    if (!facts) return std::unexpected(facts.error());
    std::vector<domain::StoredClock> clocks;
    std::optional<domain::Instant> next_due;
    for (auto& clock : domain::PlanClocks(config.policy, config.calendar, *facts, {}, now)) {
        if (clock.state == domain::ClockState::kRunning && (!next_due || clock.due_at < *next_due)) next_due = clock.due_at;
        clocks.push_back({0, 0, std::move(clock)});
    }
    complaint.next_due_at = next_due;
    return clocks;
}

domain::Result<void> SaveNewClocks(domain::Transaction& tx, const SlaConfig& config, domain::Complaint& complaint,
                                   std::vector<domain::StoredClock>& clocks) {
    std::optional<domain::Instant> planned = complaint.next_due_at;
    if (auto saved = SaveClocks(tx, config, complaint, {}, clocks); !saved) return saved;
    complaint.next_due_at = planned;  // unchanged by saving
    return {};
}

domain::Result<void> StopClocks(domain::Transaction& tx, const SlaConfig& config, domain::Complaint& complaint,
                                const std::vector<domain::SlaTarget>& targets, domain::Instant now) {
    auto before = tx.Sla().ListClocks(complaint.id);
    if (!before) return std::unexpected(before.error());
    std::vector<domain::StoredClock> after = *before;
    for (auto& stored : after) {
        if (!IsOpenClock(stored.clock) || std::ranges::find(targets, stored.clock.target) == targets.end()) continue;
        if (auto stopped = domain::StopClock(stored.clock, config.calendar, now)) stored.clock = std::move(*stopped);
    }
    return SaveClocks(tx, config, complaint, *before, after);
}

}  // namespace kesu::use_cases
