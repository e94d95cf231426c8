// WorkingCalendar: a BusinessCalendar compiled for deadline arithmetic. Working time per day is kept with prefix
// sums, so adding working time or working days is a binary search, not a walk day by day. Outside the years its
// special days cover, the weekly pattern repeats, so every instant has an answer.
// Rules (docs/sla.md): a deadline is the earliest instant at which enough working time has passed; "N working
// days" ends at close of business on the Nth working day after the day of receipt (that day never counts).
// Thread-safety: immutable after Build; share one instance between threads freely.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <vector>

#include "domain/calendar/business_calendar.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"

namespace kesu::domain {

class WorkingCalendar {
public:
    // Validates (ValidateCalendar) and compiles. Cost: linear in the days between the first and last special day.
    static Result<WorkingCalendar> Build(BusinessCalendar calendar);

    const BusinessCalendar& Definition() const { return definition_; }
    const std::string& Id() const { return definition_.id; }

    std::chrono::year_month_day LocalDate(Instant at) const;
    Instant StartOfDay(std::chrono::year_month_day date) const;  // local midnight
    bool IsWorkingDay(std::chrono::year_month_day date) const;
    bool IsWorkingTime(Instant at) const;
    const DayHours& WorkingIntervals(std::chrono::year_month_day date) const;
    std::chrono::year_month_day NextWorkingDay(std::chrono::year_month_day date) const;  // strictly after
    // End of the last working interval of the date. Requires: IsWorkingDay(date).
    Instant CloseOfBusiness(std::chrono::year_month_day date) const;

    // The earliest instant at which `amount` of working time has passed since `from`: 09:00 + 3 h is 12:00, not
    // 13:30. A negative amount counts back to the earliest instant with that much less working time behind it.
    Instant AddWorkingTime(Instant from, std::chrono::milliseconds amount) const;
    // Working time in [from, to); negative when to < from.
    std::chrono::milliseconds WorkingTimeBetween(Instant from, Instant to) const;
    // Close of business on the `days`-th working day after the local date of `received` (whatever its time of day).
    // days = 0: close of business the same day if received on a working day before close, else the next one.
    // Requires: days >= 0.
    Instant AddWorkingDays(Instant received, int days) const;
    // 24:00 local at the end of the `days`-th calendar day after the date of `received`; when that day is not a
    // working day, 24:00 of the next working day (Civil Code art. 203). Requires: days >= 0.
    Instant AddCalendarDays(Instant received, int days) const;

private:
    using Day = std::int64_t;  // local days since 1970-01-01

    // A per-day quantity with prefix sums over a table of days and the weekly pattern repeating outside it.
    class DaySeries {
    public:
        DaySeries() = default;
        DaySeries(Day first_day, const std::vector<std::int64_t>& values, const std::array<std::int64_t, 7>& weekly);
        std::int64_t Value(Day day) const;
        // Sum over [first_day, day); negative for days before the table.
        std::int64_t Before(Day day) const;
        // The day d with Before(d) < target <= Before(d + 1). Requires: the weekly pattern sums to more than 0.
        Day DayReaching(std::int64_t target) const;

    private:
        Day first_day_ = 0;
        std::vector<std::int64_t> prefix_{0};               // prefix_[i] = sum over [first_day_, first_day_ + i)
        std::array<std::int64_t, 7> weekly_{};              // by weekday, 0 = Sunday
        std::array<std::array<std::int64_t, 8>, 7> run_{};  // run_[w][r]: sum over r days starting on weekday w
    };

    struct Shape {
        DayHours hours;
        std::vector<std::array<std::int64_t, 2>> millis;  // the intervals as ms since local midnight
        std::int64_t total = 0;                           // working ms in the day
    };

    explicit WorkingCalendar(BusinessCalendar calendar);
    const Shape& ShapeOf(Day day) const;
    std::int64_t PositionOf(Instant at) const;  // working ms before `at`, from an arbitrary origin
    Instant InstantAt(std::int64_t position) const;
    Day LocalDay(Instant at) const;
    Instant FromLocal(Day day, std::int64_t millis_of_day) const;

    BusinessCalendar definition_;
    std::int64_t offset_ms_ = 0;
    std::vector<Shape> shapes_;  // [0] is the empty day
    std::array<std::uint16_t, 7> weekly_shape_{};
    Day table_first_day_ = 0;
    std::vector<std::uint16_t> day_shape_;  // shape of each day of the table
    DaySeries working_ms_;
    DaySeries working_days_;
};

}  // namespace kesu::domain
