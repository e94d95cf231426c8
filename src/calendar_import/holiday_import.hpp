// Imports public-holiday feeds into SpecialDays: iCalendar files (parsed with libical) and the holiday-cn JSON
// form, the two shapes China's official calendar is published in. Pure adapters: text in, Result out; they never
// throw and never touch the file system, so the caller (admin upload, CLI, test) owns I/O.
// Thread-safety: safe to call concurrently.
#pragma once

#include <string_view>

#include "domain/calendar/business_calendar.hpp"
#include "domain/error.hpp"

namespace kesu::calendar_import {

// iCalendar (RFC 5545) of all-day events. Each VEVENT covers [DTSTART, DTEND) (one day without DTEND). An event
// whose SUMMARY starts with "上班" or contains "补班" is a run of makeup working days ("上班(补春节假期)");
// any other event is a holiday named by its SUMMARY. Recurring and timed events are refused, as are ranges over
// 366 days. Slips in properties it does not read are tolerated (holiday-cn writes DTSTAMP;VALUE=DATE).
// Errors: kInvalidArgument naming the event and what is wrong with it.
domain::Result<domain::SpecialDays> ParseIcsHolidays(std::string_view ics_text);

// holiday-cn JSON: {"days": [{"name": "春节", "date": "2026-02-14", "isOffDay": false}, ...]}. isOffDay true is
// a holiday, false a makeup working day. Errors: kInvalidArgument naming the bad field ("days[3].date").
domain::Result<domain::SpecialDays> ParseHolidayJson(std::string_view json_text);

}  // namespace kesu::calendar_import
