#include "domain/calendar/business_calendar.hpp"

#include <algorithm>
#include <cstdint>
#include <set>
#include <utility>

#include "domain/time.hpp"
#include "domain/validation.hpp"

namespace kesu::domain {
namespace {

using std::chrono::minutes;
using std::chrono::year_month_day;

constexpr minutes kDayLength{24 * 60};
constexpr minutes kMaxOffset{14 * 60};
// An id is a key other settings refer to; an IANA zone name is at most a few dozen characters.
constexpr std::size_t kMaxKeyLength = 64;

// The key sets and maps sort dates by; year_month_day has <=> but a plain day count reads better in a set.
std::int64_t DayNumber(year_month_day date) { return std::chrono::sys_days{date}.time_since_epoch().count(); }

std::optional<FieldError> CheckHours(const DayHours& hours, const std::string& field) {
    minutes previous_end{0};
    for (std::size_t i = 0; i < hours.size(); ++i) {
        const WorkingInterval& interval = hours[i];
        std::string at = field + "[" + std::to_string(i) + "]";
        if (interval.begin < minutes{0} || interval.end > kDayLength || interval.begin >= interval.end)
            return FieldError{at, "an interval must lie within 00:00-24:00 and end after it begins"};
        if (i > 0 && interval.begin < previous_end)
            return FieldError{at, "intervals must be sorted and must not overlap"};
        previous_end = interval.end;
    }
    return std::nullopt;
}

bool ReadDigits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > text.size()) return false;
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        value = value * 10 + (text[i] - '0');
    }
    out = value;
    return true;
}

}  // namespace

const DayHours& StandardHours(const BusinessCalendar& calendar) {
    for (unsigned offset = 0; offset < 7; ++offset) {
        const DayHours& hours = calendar.weekly_hours[(1 + offset) % 7];
        if (!hours.empty()) return hours;
    }
    return calendar.weekly_hours[1];
}

Result<void> ValidateCalendar(const BusinessCalendar& calendar) {
    std::vector<FieldError> errors;
    if (calendar.id.empty()) errors.push_back({"id", "must not be empty"});
    // Names are shown in the console and written to the audit trail: text like every other field (UTF-8, no
    // control characters, bounded), however the calendar arrived (edited, iCalendar or JSON import).
    CheckLine(errors, "id", calendar.id, false, kMaxKeyLength);
    CheckLine(errors, "name", calendar.name, false, kMaxShortText);
    CheckLine(errors, "time_zone", calendar.time_zone, false, kMaxKeyLength);
    if (calendar.utc_offset < -kMaxOffset || calendar.utc_offset > kMaxOffset)
        errors.push_back({"utc_offset", "must be within -14:00..+14:00"});
    bool any_hours = false;
    for (std::size_t day = 0; day < calendar.weekly_hours.size(); ++day) {
        const DayHours& hours = calendar.weekly_hours[day];
        any_hours = any_hours || !hours.empty();
        if (auto error = CheckHours(hours, "weekly_hours[" + std::to_string(day) + "]")) errors.push_back(*error);
    }
    if (!any_hours) errors.push_back({"weekly_hours", "at least one weekday needs working hours"});

    std::set<std::int64_t> seen;
    for (std::size_t i = 0; i < calendar.holidays.size(); ++i) {
        std::string field = "holidays[" + std::to_string(i) + "].date";
        CheckLine(errors, "holidays[" + std::to_string(i) + "].name", calendar.holidays[i].name, false, kMaxShortText);
        const year_month_day& date = calendar.holidays[i].date;
        if (!date.ok())
            errors.push_back({field, "is not a valid date"});
        else if (!seen.insert(DayNumber(date)).second)
            errors.push_back({field, FormatIsoDate(date) + " is listed twice"});
    }
    for (std::size_t i = 0; i < calendar.makeup_days.size(); ++i) {
        std::string field = "makeup_days[" + std::to_string(i) + "]";
        const MakeupDay& day = calendar.makeup_days[i];
        CheckLine(errors, field + ".name", day.name, false, kMaxShortText);
        if (!day.date.ok())
            errors.push_back({field + ".date", "is not a valid date"});
        else if (!seen.insert(DayNumber(day.date)).second)
            errors.push_back({field + ".date", FormatIsoDate(day.date) + " is already a holiday or makeup day"});
        if (auto error = CheckHours(day.hours, field + ".hours")) errors.push_back(*error);
    }
    if (!errors.empty()) return FailFields(std::move(errors));
    return {};
}

BusinessCalendar MergeSpecialDays(BusinessCalendar calendar, const SpecialDays& days) {
    std::set<std::int64_t> imported;
    for (const Holiday& holiday : days.holidays) imported.insert(DayNumber(holiday.date));
    for (const MakeupDay& day : days.makeup_days) imported.insert(DayNumber(day.date));
    std::erase_if(calendar.holidays, [&](const Holiday& h) { return imported.contains(DayNumber(h.date)); });
    std::erase_if(calendar.makeup_days, [&](const MakeupDay& d) { return imported.contains(DayNumber(d.date)); });
    calendar.holidays.insert(calendar.holidays.end(), days.holidays.begin(), days.holidays.end());
    calendar.makeup_days.insert(calendar.makeup_days.end(), days.makeup_days.begin(), days.makeup_days.end());
    std::ranges::sort(calendar.holidays, {}, [](const Holiday& h) { return DayNumber(h.date); });
    std::ranges::sort(calendar.makeup_days, {}, [](const MakeupDay& d) { return DayNumber(d.date); });
    return calendar;
}

std::optional<year_month_day> ParseIsoDate(std::string_view text) {
    int year = 0, month = 0, day = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ReadDigits(text, 0, 4, year) ||
        !ReadDigits(text, 5, 2, month) || !ReadDigits(text, 8, 2, day))
        return std::nullopt;
    year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                        std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::string FormatIsoDate(year_month_day date) {
    std::string out;
    AppendPadded(out, static_cast<int>(date.year()), 4);
    out.push_back('-');
    AppendPadded(out, static_cast<unsigned>(date.month()), 2);
    out.push_back('-');
    AppendPadded(out, static_cast<unsigned>(date.day()), 2);
    return out;
}

std::optional<minutes> ParseTimeOfDay(std::string_view text) {
    int hour = 0, minute = 0;
    if (text.size() != 5 || text[2] != ':' || !ReadDigits(text, 0, 2, hour) || !ReadDigits(text, 3, 2, minute))
        return std::nullopt;
    if (minute > 59 || hour > 24 || (hour == 24 && minute != 0)) return std::nullopt;
    return minutes{hour * 60 + minute};
}

}  // namespace kesu::domain
