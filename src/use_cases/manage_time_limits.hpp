// Administering the time limits: business calendars (with 调休 days, imported from iCalendar or edited), and the
// SLA policy in force. Changes apply to clocks started afterwards and to running clocks when their complaint next
// changes; finished clocks are history and keep their deadlines.
#pragma once

#include <vector>

#include "domain/calendar/business_calendar.hpp"
#include "domain/calendar/sla_policy.hpp"
#include "use_cases/context.hpp"

namespace kesu::use_cases {

domain::Result<std::vector<domain::BusinessCalendar>> ListCalendars(const Dependencies& deps, const RequestContext& context);
// Creates or replaces a calendar (validated, and compiled once to be sure it works).
domain::Result<domain::BusinessCalendar> SaveCalendar(const Dependencies& deps, const RequestContext& context,
                                                      domain::BusinessCalendar calendar);
// Adds imported holidays and makeup days to an existing calendar (an imported date replaces the old entry).
domain::Result<domain::BusinessCalendar> ImportSpecialDays(const Dependencies& deps, const RequestContext& context,
                                                           const std::string& calendar_id,
                                                           const domain::SpecialDays& days);

domain::Result<domain::SlaPolicy> GetSlaPolicy(const Dependencies& deps, const RequestContext& context);

// Ready-made policies an administrator can install with SaveSlaPolicy (docs/sla.md): BRIEF §4 with the 12315
// rule, and the same with the bank/insurer 15/30/+30-calendar-day decision.
struct SlaPreset {
    std::string name;   // stable key: "default", "bank_insurer"
    std::string title;  // for people (Chinese)
    domain::SlaPolicy policy;
};
domain::Result<std::vector<SlaPreset>> ListSlaPresets(const Dependencies& deps, const RequestContext& context);
domain::Result<domain::SlaPolicy> SaveSlaPolicy(const Dependencies& deps, const RequestContext& context,
                                                domain::SlaPolicy policy);

}  // namespace kesu::use_cases
