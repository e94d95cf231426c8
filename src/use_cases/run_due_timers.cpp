#include "use_cases/run_due_timers.hpp"

#include <cstdio>
#include "use_cases/clock_keeper.hpp"

namespace kesu::use_cases {

using domain::ErrorCode;

namespace {

RequestContext SystemContext(const std::string& owner) { return {SystemActor(), "scheduler:" + owner, "local"}; }

std::string Minutes(domain::Instant at, std::chrono::minutes offset) {
    auto local = at + offset;
    auto day = std::chrono::floor<std::chrono::days>(local);
    std::chrono::year_month_day date{day};
    std::chrono::hh_mm_ss<std::chrono::minutes> time{std::chrono::floor<std::chrono::minutes>(local - day)};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u %02ld:%02ld", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()));
    return text;
}

// Applies the escalation step's actions that change the complaint (raise level, reassign) and notifies.
domain::Result<void> Escalate(domain::Transaction& tx, const Dependencies& deps, const SlaConfig& config,
                              const RequestContext& context, std::int64_t complaint_id,
                              const domain::EscalationStep& step, const domain::SlaClock& clock, domain::Instant now) {
    auto loaded = tx.Complaints().Get(complaint_id);
    if (!loaded) return std::unexpected(loaded.error());
    domain::Complaint current = std::move(*loaded);
    domain::Complaint next = current;
    Recipients recipients;
    std::vector<std::string> done;
    for (auto action : step.actions) {
        switch (action) {
            case domain::EscalationAction::kNotifyOwner: recipients.owner = true; break;
            case domain::EscalationAction::kNotifyManager: recipients.managers = true; break;
            case domain::EscalationAction::kNotifyLeader: recipients.leaders = true; break;
            case domain::EscalationAction::kRaiseLevel:
                if (next.level != domain::Level::kMajor) {
                    next.level = domain::RaisedLevel(next.level);
                    done.push_back("升级为" + std::string(domain::NameOf(next.level)));
                }
                break;
            case domain::EscalationAction::kReassign:
                if (next.owner_id) {
                    next.owner_id.reset();
                    recipients.managers = true;
                    done.push_back("退回部门重新分派");
                }
                break;
        }
    }
    std::string label = ClockLabel(clock.target);
    std::string body = "「" + label + "」时限已于 " + Minutes(clock.due_at, deps.limits.utc_offset) + " 超时（第 " +
                       std::to_string(clock.breaches.size()) + " 次）";
    if (!done.empty()) {
        for (const auto& what : done) body += "；" + what;
        next.version = current.version + 1;
        next.updated_at = now;
        if (auto kept = KeepClocks(tx, config, context, next, {std::nullopt, true}, now); !kept) return kept;
        if (auto updated = tx.Complaints().Update(next, current.version); !updated) return updated;
        domain::AuditEvent event = NewEvent(context, now, "escalation", current.id);
        event.changes = domain::DiffComplaints(current, next);
        event.text = body;
        if (auto appended = tx.Audit().Append(event); !appended) return appended;
    }
    return Notify(tx, next, recipients, "sla_breach", "超时：" + next.number, body, now);
}

domain::Result<bool> ActOnClock(domain::Transaction& tx, const Dependencies& deps, const SlaConfig& config,
                                const RequestContext& context, std::int64_t clock_id, domain::Instant now) {
    auto stored = tx.Sla().GetClock(clock_id);
    if (!stored) {
        if (stored.error().code != ErrorCode::kNotFound) return std::unexpected(stored.error());
        if (auto cancelled = tx.Timers().Cancel(kClockTimer, clock_id); !cancelled) return std::unexpected(cancelled.error());
        return false;
    }
    domain::FiredAlarms fired = domain::FireDueAlarms(stored->clock, config.policy.escalation, config.calendar, now);
    bool changed = fired.clock != stored->clock;
    if (changed) {
        domain::StoredClock updated{stored->id, stored->complaint_id, fired.clock};
        if (auto saved = tx.Sla().UpdateClock(updated); !saved) return std::unexpected(saved.error());
    }
    auto complaint = tx.Complaints().Get(stored->complaint_id);
    if (!complaint) return std::unexpected(complaint.error());
    std::string label = ClockLabel(fired.clock.target);
    if (fired.warning) {
        std::string body = "「" + label + "」将于 " + Minutes(fired.clock.due_at, deps.limits.utc_offset) + " 到期（已用 " +
                           std::to_string(fired.warning->percent) + "%）";
        domain::AuditEvent event = NewEvent(context, now, "sla_warning", complaint->id);
        event.text = body;
        if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
        if (auto told = Notify(tx, *complaint, {true, false, false}, "sla_warning", "时限预警：" + complaint->number, body, now);
            !told)
            return std::unexpected(told.error());
    }
    if (fired.breach) {
        domain::AuditEvent event = NewEvent(context, now, "sla_breach", complaint->id);
        event.text = "「" + label + "」超时，第 " + std::to_string(fired.breach->number) + " 次";
        event.changes = {{"sla." + std::string(domain::NameOf(fired.clock.target)) + ".breaches",
                          std::to_string(fired.breach->number - 1), std::to_string(fired.breach->number)}};
        if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
        if (fired.escalation) {
            if (auto escalated = Escalate(tx, deps, config, context, complaint->id, *fired.escalation, fired.clock, now);
                !escalated)
                return std::unexpected(escalated.error());
        }
    }
    // The clock may have been replaced by the escalation's re-planning; read it back for its next alarm.
    auto latest = tx.Sla().GetClock(clock_id);
    if (!latest) return std::unexpected(latest.error());
    auto alarm = domain::NextAlarm(latest->clock, config.policy.escalation, config.calendar);
    auto moved = alarm ? tx.Timers().Schedule(kClockTimer, clock_id, alarm->at) : tx.Timers().Cancel(kClockTimer, clock_id);
    if (!moved) return std::unexpected(moved.error());
    return changed;
}

domain::Result<bool> ActOnEmergency(domain::Transaction& tx, const RequestContext& context, std::int64_t complaint_id,
                                    domain::Instant now) {
    auto complaint = tx.Complaints().Get(complaint_id);
    if (!complaint) return std::unexpected(complaint.error());
    if (!complaint->emergency || complaint->emergency->resolved_at || !domain::IsOpen(complaint->status)) {
        if (auto cancelled = tx.Timers().Cancel(kEmergencyTimer, complaint_id); !cancelled) return std::unexpected(cancelled.error());
        return false;
    }
    domain::Emergency& emergency = *complaint->emergency;
    if (now < emergency.next_report_due_at) {
        if (auto moved = tx.Timers().Schedule(kEmergencyTimer, complaint_id, emergency.next_report_due_at); !moved)
            return std::unexpected(moved.error());
        return false;
    }
    // The report is overdue: tell the leaders and the department, and expect the next one an interval later.
    domain::Complaint next = *complaint;
    next.emergency->next_report_due_at = now + std::chrono::minutes{emergency.report_interval_minutes};
    next.version = complaint->version + 1;
    if (auto updated = tx.Complaints().Update(next, complaint->version); !updated) return std::unexpected(updated.error());
    domain::AuditEvent event = NewEvent(context, now, "emergency_report_overdue", complaint_id);
    event.text = "应急进展报告逾期";
    if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
    if (auto told = Notify(tx, next, {true, true, true}, "emergency_report_overdue", "应急进展报告逾期：" + next.number,
                           "重大投诉的应急进展报告未按时提交：" + next.subject, now);
        !told)
        return std::unexpected(told.error());
    if (auto moved = tx.Timers().Schedule(kEmergencyTimer, complaint_id, next.emergency->next_report_due_at); !moved)
        return std::unexpected(moved.error());
    return true;
}

}  // namespace

domain::Result<TimerRun> RunDueTimers(const Dependencies& deps, const std::string& owner, domain::Instant now, int limit,
                                      std::chrono::seconds lease) {
    TimerRun run;
    auto timers = domain::WriteValue<std::vector<domain::Timer>>(deps.database, [&](domain::Transaction& tx) {
        return tx.Timers().Lease(now, owner, now + lease, limit);
    });
    if (!timers) return std::unexpected(timers.error());
    run.taken = static_cast<int>(timers->size());
    RequestContext context = SystemContext(owner);
    for (const auto& timer : *timers) {
        auto acted = domain::WriteValue<bool>(deps.database, [&](domain::Transaction& tx) -> domain::Result<bool> {
            auto held = tx.Timers().StillHeld(timer.id, owner);
            if (!held) return std::unexpected(held.error());
            if (!*held) return false;  // our lease ran out and another node took it
            auto config = deps.sla.Load(tx);
            if (!config) return std::unexpected(config.error());
            if (timer.kind == kClockTimer) return ActOnClock(tx, deps, **config, context, timer.subject_id, now);
            if (timer.kind == kEmergencyTimer) return ActOnEmergency(tx, context, timer.subject_id, now);
            if (auto cancelled = tx.Timers().Cancel(timer.kind, timer.subject_id); !cancelled)
                return std::unexpected(cancelled.error());
            return false;
        });
        if (!acted) ++run.failed;
        else if (*acted) ++run.acted;
    }
    return run;
}

domain::Result<std::int64_t> PurgeExpired(const Dependencies& deps, domain::Instant now) {
    return domain::WriteValue<std::int64_t>(deps.database, [&](domain::Transaction& tx) -> domain::Result<std::int64_t> {
        auto sessions = tx.Sessions().DeleteExpired(now);
        if (!sessions) return sessions;
        auto keys = tx.Idempotency().DeleteBefore(now - deps.limits.idempotency_retention);
        if (!keys) return keys;
        auto counters = tx.Throttle().DeleteBefore(now - std::chrono::hours{24});
        if (!counters) return counters;
        return *sessions + *keys + *counters;
    });
}

}  // namespace kesu::use_cases
