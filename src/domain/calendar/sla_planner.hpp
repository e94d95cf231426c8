// Keeps a complaint's clocks in step with its facts. Called on receipt, transfer, appeal and whenever what
// selects the rules changes (level raised, marked complex, recategorised): for each target it starts the clock a
// rule now asks for, gives a running clock the new limit (same start, pauses and extensions), or withdraws a
// clock no rule asks for any more. Finished clocks are history and stay as they are.
#pragma once

#include <span>
#include <vector>

#include "domain/calendar/sla_clock.hpp"
#include "domain/calendar/sla_policy.hpp"
#include "domain/calendar/working_calendar.hpp"
#include "domain/time.hpp"

namespace kesu::domain {

// Returns `current` with changes applied, then the newly started clocks (compare element-wise to see what
// changed). A clock starts at its rule's ClockStart instant (kSelection: `now`); when that lies in the past it
// inherits the waits on the customer recorded since then on another open clock of the complaint, because all of
// a complaint's clocks pause together.
// Requires: calendar is the policy's calendar; `now` is not before any event recorded on `current`.
std::vector<SlaClock> PlanClocks(const SlaPolicy& policy, const WorkingCalendar& calendar, const SlaFacts& facts,
                                 std::span<const SlaClock> current, Instant now);

}  // namespace kesu::domain
