// Calendars, SLA policies and clocks as JSON: the stored form (storage) and the API form (http) are the same,
// so an admin's export can be imported back unchanged. Decoding validates shapes and names every bad field.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/calendar/business_calendar.hpp"
#include "domain/calendar/sla_clock.hpp"
#include "domain/calendar/sla_policy.hpp"
#include "domain/error.hpp"

namespace kesu::codec {

// weekly_hours: 7 lists of {"start":"09:00","end":"12:00"}, Monday first; holidays / makeup_days: {date, name}.
nlohmann::json CalendarToJson(const domain::BusinessCalendar& calendar);
domain::Result<domain::BusinessCalendar> CalendarFromJson(const nlohmann::json& json);

nlohmann::json PolicyToJson(const domain::SlaPolicy& policy);
domain::Result<domain::SlaPolicy> PolicyFromJson(const nlohmann::json& json);

// Written straight into a string rather than built as a JSON tree: three clocks are stored with every new complaint,
// on the single writer thread, and the tree cost about a tenth of that thread's time.
std::string ClockToJsonText(const domain::SlaClock& clock);
domain::Result<domain::SlaClock> ClockFromJson(const nlohmann::json& json);

nlohmann::json LimitToJson(const domain::SlaLimit& limit);

}  // namespace kesu::codec
