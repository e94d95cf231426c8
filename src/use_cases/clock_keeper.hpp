// Keeps a complaint's SLA clocks, timers, emergency process and notifications in step with what happens to it.
// Every function here runs inside the caller's write transaction, so a clock never disagrees with its complaint.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/calendar/sla_alarm.hpp"
#include "domain/calendar/sla_planner.hpp"
#include "domain/sla_repositories.hpp"
#include "domain/workflow.hpp"
#include "use_cases/context.hpp"
#include "use_cases/sla_config.hpp"

namespace kesu::use_cases {

inline constexpr const char* kClockTimer = "sla_clock";
inline constexpr const char* kEmergencyTimer = "emergency_report";

// What happened, as far as the clocks are concerned.
struct ClockEvent {
    std::optional<domain::Action> action;  // none: the complaint was just registered
    bool reclassified = false;             // level, difficulty or category may have changed
};

// Stops the clocks the event completes, restarts the resolution clocks on reopen, re-plans every clock for the
// complaint's current facts (level raised, marked complex, transferred, appealed), persists them, moves their
// timers and sets complaint.next_due_at. Starts the emergency process when the complaint became major.
// Requires: `complaint` is the new state, not yet written (the caller writes it afterwards).
domain::Result<void> KeepClocks(domain::Transaction& tx, const SlaConfig& config, const RequestContext& context,
                                domain::Complaint& complaint, const ClockEvent& event, domain::Instant now);

// For a complaint being registered (no id yet): plans its clocks and sets complaint.next_due_at, so the row is
// written once; SaveNewClocks stores them after the insert.
domain::Result<std::vector<domain::StoredClock>> PlanNewClocks(domain::Transaction& tx, const SlaConfig& config,
                                                               domain::Complaint& complaint, domain::Instant now);
domain::Result<void> SaveNewClocks(domain::Transaction& tx, const SlaConfig& config, domain::Complaint& complaint,
                                   std::vector<domain::StoredClock>& clocks);

// Stops the open clocks of the given targets as of `now` (met or missed) and saves them.
domain::Result<void> StopClocks(domain::Transaction& tx, const SlaConfig& config, domain::Complaint& complaint,
                                const std::vector<domain::SlaTarget>& targets, domain::Instant now);

// Starts the emergency process (leaders alerted at once, a report timer set), unless one is already running.
domain::Result<void> StartEmergency(domain::Transaction& tx, const RequestContext& context, domain::Complaint& complaint,
                                    std::string trigger, domain::Instant now);

// Writes the clocks back and re-derives the complaint's next deadline and the clock timers.
domain::Result<void> SaveClocks(domain::Transaction& tx, const SlaConfig& config, domain::Complaint& complaint,
                                const std::vector<domain::StoredClock>& before, std::vector<domain::StoredClock>& after);

// In-app notifications to staff, in the outbox with the transaction.
struct Recipients {
    bool owner = false;      // the complaint's owner (or, if none, the department's managers)
    bool managers = false;   // managers of the complaint's department
    bool leaders = false;    // every leader
};
domain::Result<void> Notify(domain::Transaction& tx, const domain::Complaint& complaint, const Recipients& recipients,
                            std::string kind, std::string title, std::string body, domain::Instant now);
// A message to the complainant on their channel (email, else SMS), waiting in the outbox for delivery.
domain::Result<void> NotifyCustomer(domain::Transaction& tx, const domain::Complaint& complaint, std::string kind,
                                    std::string title, std::string body, domain::Instant now);

// The Chinese name of a clock's target, for notifications ("给出解决方案").
std::string ClockLabel(domain::SlaTarget target);

// The facts that select a complaint's SLA rules.
domain::Result<domain::SlaFacts> FactsOf(domain::Transaction& tx, const domain::Complaint& complaint);

}  // namespace kesu::use_cases
