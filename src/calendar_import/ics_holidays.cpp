#include "calendar_import/holiday_import.hpp"

#include <libical/ical.h>

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/validation.hpp"

namespace kesu::calendar_import {
namespace {

using domain::ErrorCode;
using domain::FailField;
using domain::Holiday;
using domain::MakeupDay;
using domain::Result;
using domain::SpecialDays;

constexpr int kMaxEventDays = 366;

struct ComponentDeleter {
    void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using ComponentPtr = std::unique_ptr<icalcomponent, ComponentDeleter>;

bool IsMakeupSummary(std::string_view summary) {
    return summary.starts_with("上班") || summary.find("补班") != std::string_view::npos;
}

// libical keeps going past bad lines: it drops the property and leaves an X-LIC-ERROR in its place. Real feeds
// have harmless slips (holiday-cn writes DTSTAMP;VALUE=DATE), so only errors in the properties we read count.
std::optional<std::string> ErrorInPropertiesWeRead(icalcomponent* event) {
    constexpr std::string_view kRead[] = {"DTSTART", "DTEND", "DURATION", "SUMMARY", "RRULE"};
    for (icalproperty* error = icalcomponent_get_first_property(event, ICAL_XLICERROR_PROPERTY); error;
         error = icalcomponent_get_next_property(event, ICAL_XLICERROR_PROPERTY)) {
        const char* raw = icalproperty_get_xlicerror(error);
        std::string_view text = raw ? raw : "";
        for (std::string_view name : kRead)
            if (text.find(name) != std::string_view::npos) return std::string{text};
    }
    return std::nullopt;
}

std::chrono::sys_days DayOf(const icaltimetype& time) {
    return std::chrono::sys_days{std::chrono::year{time.year} / std::chrono::month{static_cast<unsigned>(time.month)} /
                                 std::chrono::day{static_cast<unsigned>(time.day)}};
}

Result<void> AddEvent(icalcomponent* event, std::size_t index, SpecialDays& days) {
    const char* raw_summary = icalcomponent_get_summary(event);
    std::string summary = raw_summary ? raw_summary : "";
    std::string field = "events[" + std::to_string(index) + "]";
    // libical passes the bytes through as they are: a SUMMARY that is not UTF-8 (or holds control characters)
    // must be refused here, naming the event, before it becomes a holiday name in answers and the database.
    std::vector<domain::FieldError> text_errors;
    domain::CheckLine(text_errors, field + ".summary", summary, false, domain::kMaxShortText);
    if (!text_errors.empty()) return std::unexpected(domain::Error{ErrorCode::kInvalidArgument,
                                                                   text_errors.front().field + ": " +
                                                                       text_errors.front().reason,
                                                                   std::move(text_errors), 0});
    std::string event_name = summary.empty() ? "the event" : "'" + summary + "'";
    if (auto error = ErrorInPropertiesWeRead(event))
        return FailField(ErrorCode::kInvalidArgument, field,
                         "malformed iCalendar in " + event_name +
                             (domain::IsValidUtf8(*error) ? ": " + *error : std::string(": a property it reads")));
    if (icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY))
        return FailField(ErrorCode::kInvalidArgument, field,
                         event_name + " recurs; recurring events are not supported");
    icaltimetype start = icalcomponent_get_dtstart(event);
    if (icaltime_is_null_time(start))
        return FailField(ErrorCode::kInvalidArgument, field, event_name + " has no DTSTART");
    if (!start.is_date)
        return FailField(ErrorCode::kInvalidArgument, field,
                         event_name + " is not an all-day event (DTSTART;VALUE=DATE)");
    icaltimetype end = icalcomponent_get_dtend(event);  // libical derives it from DURATION, or start + 1 day
    std::chrono::sys_days first = DayOf(start);
    std::chrono::sys_days past_last = icaltime_is_null_time(end) ? first + std::chrono::days{1} : DayOf(end);
    if (!std::chrono::year_month_day{first}.ok() || past_last <= first ||
        past_last - first > std::chrono::days{kMaxEventDays})
        return FailField(
            ErrorCode::kInvalidArgument, field,
            event_name + " must end after it starts and last at most " + std::to_string(kMaxEventDays) + " days");
    bool makeup = IsMakeupSummary(summary);
    for (std::chrono::sys_days day = first; day < past_last; day += std::chrono::days{1}) {
        std::chrono::year_month_day date{day};
        if (makeup)
            days.makeup_days.push_back(MakeupDay{date, summary, {}});
        else
            days.holidays.push_back(Holiday{date, summary});
    }
    return {};
}

}  // namespace

Result<SpecialDays> ParseIcsHolidays(std::string_view ics_text) {
    // RFC 5545 text is UTF-8. Other bytes would reach holiday names and, through libical's error text and the
    // SUMMARY quoted in messages, the answer to the upload; refuse them before anything echoes them.
    if (!domain::IsValidUtf8(ics_text)) {
        std::size_t line = 1;
        for (std::size_t start = 0; start < ics_text.size(); ++line) {
            std::size_t end = std::min(ics_text.find('\n', start), ics_text.size());
            if (!domain::IsValidUtf8(ics_text.substr(start, end - start))) break;
            start = end + 1;
        }
        return FailField(ErrorCode::kInvalidArgument, "calendar",
                         "is not UTF-8 text (RFC 5545) at line " + std::to_string(line));
    }
    try {
        std::string text{ics_text};  // libical wants a NUL-terminated string
        ComponentPtr root{icalparser_parse_string(text.c_str())};
        if (!root || icalcomponent_isa(root.get()) != ICAL_VCALENDAR_COMPONENT)
            return FailField(ErrorCode::kInvalidArgument, "calendar", "is not an iCalendar file (BEGIN:VCALENDAR)");
        SpecialDays days;
        std::size_t index = 0;
        for (icalcomponent* event = icalcomponent_get_first_component(root.get(), ICAL_VEVENT_COMPONENT); event;
             event = icalcomponent_get_next_component(root.get(), ICAL_VEVENT_COMPONENT), ++index) {
            if (auto added = AddEvent(event, index, days); !added) return std::unexpected(std::move(added.error()));
        }
        return days;
    } catch (const std::exception& error) {
        return domain::Fail(ErrorCode::kInternal, std::string{"iCalendar import failed: "} + error.what());
    }
}

}  // namespace kesu::calendar_import
