// A business calendar as plain data an admin edits and imports: weekly working hours, public holidays and
// makeup working days (调休), in one time zone. WorkingCalendar (working_calendar.hpp) compiles it for arithmetic.
// Time zone: g++ 12's libstdc++ has no chrono tzdb, so a calendar carries its IANA name (for display and export)
// plus a fixed UTC offset. That is exact for Asia/Shanghai (+08:00, no DST since 1991) and any zone without DST.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"

namespace kesu::domain {

// [begin, end) in local time, as minutes since midnight. Requires: 0 <= begin < end <= 24:00.
struct WorkingInterval {
    std::chrono::minutes begin{0};
    std::chrono::minutes end{0};

    bool operator==(const WorkingInterval&) const = default;
};

// One day's working hours: sorted, non-overlapping intervals. Empty means not a working day.
using DayHours = std::vector<WorkingInterval>;

struct Holiday {
    std::chrono::year_month_day date;
    std::string name;  // 春节, 国庆节、中秋节, ...

    bool operator==(const Holiday&) const = default;
};

// A day worked whatever its weekday says: typically a Saturday or Sunday worked in exchange for a longer holiday
// (调休; "上班(补春节假期)" in the official feeds).
struct MakeupDay {
    std::chrono::year_month_day date;
    std::string name;
    DayHours hours;  // empty: the calendar's standard day (StandardHours)

    bool operator==(const MakeupDay&) const = default;
};

// The dated exceptions to the weekly pattern, as an import yields them.
struct SpecialDays {
    std::vector<Holiday> holidays;
    std::vector<MakeupDay> makeup_days;

    bool operator==(const SpecialDays&) const = default;
};

struct BusinessCalendar {
    std::string id;  // stable key an SLA policy refers to, e.g. "cn-default"
    std::string name;
    std::string time_zone = "Asia/Shanghai";  // IANA name; informational, arithmetic uses utc_offset
    std::chrono::minutes utc_offset{8 * 60};  // fixed offset of local time from UTC
    std::array<DayHours, 7> weekly_hours;     // index: std::chrono::weekday::c_encoding(), 0 = Sunday
    std::vector<Holiday> holidays;            // no working hours that day
    std::vector<MakeupDay> makeup_days;

    bool operator==(const BusinessCalendar&) const = default;
};

// The hours of an ordinary working day: Monday's, or the first later weekday that has any.
const DayHours& StandardHours(const BusinessCalendar& calendar);

// Checks the calendar can be compiled: intervals in range, sorted and disjoint; some working time in the week;
// offset within ±14 h; valid dates; no date twice, and none both holiday and makeup day. Errors name the field.
Result<void> ValidateCalendar(const BusinessCalendar& calendar);

// Adds imported days to a calendar. An imported date replaces whatever the calendar had on that date, so a
// re-import of a corrected notice wins over the older entry (a holiday can replace a makeup day and back).
BusinessCalendar MergeSpecialDays(BusinessCalendar calendar, const SpecialDays& days);

// "2026-02-14" <-> year_month_day; nullopt unless a valid date in exactly that form.
std::optional<std::chrono::year_month_day> ParseIsoDate(std::string_view text);
std::string FormatIsoDate(std::chrono::year_month_day date);
// "09:00" .. "24:00" -> minutes since midnight.
std::optional<std::chrono::minutes> ParseTimeOfDay(std::string_view text);

}  // namespace kesu::domain
