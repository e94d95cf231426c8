// China's official working-day calendar, shipped as default data: the public holidays and makeup working days
// (调休) the State Council announced for 2020-2026, and a default calendar of 09:00-12:00, 13:30-18:00 Mon-Fri
// in Asia/Shanghai (+08:00, no DST). Each year's notice comes out in November: add its rows to china_calendar.cpp
// or import the feed (calendar_import); after 2026 the built-in calendar follows the weekly hours only.
#pragma once

#include <chrono>

#include "domain/calendar/business_calendar.hpp"
#include "domain/calendar/working_calendar.hpp"

namespace kesu::domain {

inline constexpr std::chrono::year kChinaOfficialFirstYear{2020};
inline constexpr std::chrono::year kChinaOfficialLastYear{2026};

// Every official holiday day (weekends inside a holiday included, as the notices list them) and makeup day.
// Makeup days carry no hours of their own: they work the calendar's standard day.
SpecialDays ChinaOfficialDays();

// id "cn-default": the official days above with 09:00-12:00 and 13:30-18:00 Monday to Friday.
BusinessCalendar ChinaDefaultCalendar();

// ChinaDefaultCalendar compiled. The data is built in, so a failure here is a bug and aborts.
WorkingCalendar ChinaDefaultWorkingCalendar();

}  // namespace kesu::domain
