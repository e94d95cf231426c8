#include "domain/calendar/working_calendar.hpp"

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace kesu::domain {
namespace {

using std::chrono::year_month_day;

constexpr std::int64_t kDayMs = 24 * 60 * 60 * 1000;
constexpr std::int64_t kMinuteMs = 60 * 1000;

std::int64_t FloorDiv(std::int64_t value, std::int64_t divisor) {
    std::int64_t quotient = value / divisor;
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

// 1970-01-01 was a Thursday; the result is weekday::c_encoding() (0 = Sunday).
std::size_t WeekdayOf(std::int64_t day) { return static_cast<std::size_t>(day + 4 - FloorDiv(day + 4, 7) * 7); }

std::int64_t DayNumber(year_month_day date) { return std::chrono::sys_days{date}.time_since_epoch().count(); }

year_month_day DateOf(std::int64_t day) { return year_month_day{std::chrono::sys_days{std::chrono::days{day}}}; }

}  // namespace

WorkingCalendar::DaySeries::DaySeries(Day first_day, const std::vector<std::int64_t>& values,
                                      const std::array<std::int64_t, 7>& weekly)
    : first_day_(first_day), weekly_(weekly) {
    prefix_.reserve(values.size() + 1);
    for (std::int64_t value : values) prefix_.push_back(prefix_.back() + value);
    for (std::size_t start = 0; start < 7; ++start)
        for (std::size_t length = 1; length <= 7; ++length)
            run_[start][length] = run_[start][length - 1] + weekly_[(start + length - 1) % 7];
}

std::int64_t WorkingCalendar::DaySeries::Value(Day day) const {
    Day last = first_day_ + static_cast<Day>(prefix_.size()) - 1;
    if (day >= first_day_ && day < last) {
        auto index = static_cast<std::size_t>(day - first_day_);
        return prefix_[index + 1] - prefix_[index];
    }
    return weekly_[WeekdayOf(day)];
}

std::int64_t WorkingCalendar::DaySeries::Before(Day day) const {
    Day last = first_day_ + static_cast<Day>(prefix_.size()) - 1;
    std::int64_t week = run_[0][7];
    if (day >= first_day_ && day <= last) return prefix_[static_cast<std::size_t>(day - first_day_)];
    if (day > last) {
        std::int64_t weeks = (day - last) / 7;
        auto rest = static_cast<std::size_t>((day - last) % 7);
        return prefix_.back() + weeks * week + run_[WeekdayOf(last)][rest];
    }
    std::int64_t weeks = (first_day_ - day) / 7;
    auto rest = static_cast<std::size_t>((first_day_ - day) % 7);
    return -(weeks * week + run_[WeekdayOf(day)][rest]);
}

WorkingCalendar::Day WorkingCalendar::DaySeries::DayReaching(std::int64_t target) const {
    std::int64_t week = run_[0][7];
    if (target > 0 && target <= prefix_.back()) {
        auto found = std::lower_bound(prefix_.begin(), prefix_.end(), target);
        return first_day_ + (found - prefix_.begin()) - 1;
    }
    if (target > 0) {
        // After the table the weekly pattern repeats: skip whole weeks, then walk at most seven days.
        Day last = first_day_ + static_cast<Day>(prefix_.size()) - 1;
        std::int64_t beyond = target - prefix_.back();
        std::int64_t weeks = (beyond - 1) / week;
        Day day = last + weeks * 7;
        std::int64_t reached = prefix_.back() + weeks * week;
        while (reached + Value(day) < target) reached += Value(day++);
        return day;
    }
    std::int64_t weeks = -target / week;
    Day day = first_day_ - weeks * 7;
    std::int64_t reached = -weeks * week;
    while (reached >= target) reached -= Value(--day);
    return day;
}

Result<WorkingCalendar> WorkingCalendar::Build(BusinessCalendar calendar) {
    if (auto valid = ValidateCalendar(calendar); !valid) return std::unexpected(std::move(valid.error()));
    return WorkingCalendar(std::move(calendar));
}

WorkingCalendar::WorkingCalendar(BusinessCalendar calendar)
    : definition_(std::move(calendar)), offset_ms_(definition_.utc_offset.count() * kMinuteMs) {
    auto shape_index = [this](const DayHours& hours) {
        for (std::size_t i = 0; i < shapes_.size(); ++i)
            if (shapes_[i].hours == hours) return static_cast<std::uint16_t>(i);
        Shape shape{hours, {}, 0};
        for (const WorkingInterval& interval : hours) {
            shape.millis.push_back({interval.begin.count() * kMinuteMs, interval.end.count() * kMinuteMs});
            shape.total += (interval.end - interval.begin).count() * kMinuteMs;
        }
        shapes_.push_back(std::move(shape));
        return static_cast<std::uint16_t>(shapes_.size() - 1);
    };
    shape_index({});
    for (std::size_t weekday = 0; weekday < 7; ++weekday)
        weekly_shape_[weekday] = shape_index(definition_.weekly_hours[weekday]);

    // The table spans whole years around the special days; beyond it only the weekly pattern applies.
    std::vector<Day> special;
    for (const Holiday& holiday : definition_.holidays) special.push_back(DayNumber(holiday.date));
    for (const MakeupDay& day : definition_.makeup_days) special.push_back(DayNumber(day.date));
    Day table_end = 0;
    if (!special.empty()) {
        auto [lowest, highest] = std::ranges::minmax(special);
        table_first_day_ = DayNumber(DateOf(lowest).year() / std::chrono::January / 1);
        table_end = DayNumber((DateOf(highest).year() + std::chrono::years{1}) / std::chrono::January / 1);
    }
    day_shape_.resize(static_cast<std::size_t>(table_end - table_first_day_));
    for (std::size_t i = 0; i < day_shape_.size(); ++i)
        day_shape_[i] = weekly_shape_[WeekdayOf(table_first_day_ + static_cast<Day>(i))];
    for (const Holiday& holiday : definition_.holidays)
        day_shape_[static_cast<std::size_t>(DayNumber(holiday.date) - table_first_day_)] = 0;
    const DayHours& standard = StandardHours(definition_);
    for (const MakeupDay& day : definition_.makeup_days)
        day_shape_[static_cast<std::size_t>(DayNumber(day.date) - table_first_day_)] =
            shape_index(day.hours.empty() ? standard : day.hours);

    std::vector<std::int64_t> millis(day_shape_.size()), working(day_shape_.size());
    for (std::size_t i = 0; i < day_shape_.size(); ++i) {
        millis[i] = shapes_[day_shape_[i]].total;
        working[i] = millis[i] > 0 ? 1 : 0;
    }
    std::array<std::int64_t, 7> weekly_millis{}, weekly_working{};
    for (std::size_t weekday = 0; weekday < 7; ++weekday) {
        weekly_millis[weekday] = shapes_[weekly_shape_[weekday]].total;
        weekly_working[weekday] = weekly_millis[weekday] > 0 ? 1 : 0;
    }
    working_ms_ = DaySeries(table_first_day_, millis, weekly_millis);
    working_days_ = DaySeries(table_first_day_, working, weekly_working);
}

const WorkingCalendar::Shape& WorkingCalendar::ShapeOf(Day day) const {
    Day index = day - table_first_day_;
    if (index >= 0 && index < static_cast<Day>(day_shape_.size()))
        return shapes_[day_shape_[static_cast<std::size_t>(index)]];
    return shapes_[weekly_shape_[WeekdayOf(day)]];
}

WorkingCalendar::Day WorkingCalendar::LocalDay(Instant at) const { return FloorDiv(ToMillis(at) + offset_ms_, kDayMs); }

Instant WorkingCalendar::FromLocal(Day day, std::int64_t millis_of_day) const {
    return FromMillis(day * kDayMs + millis_of_day - offset_ms_);
}

std::int64_t WorkingCalendar::PositionOf(Instant at) const {
    std::int64_t local = ToMillis(at) + offset_ms_;
    Day day = FloorDiv(local, kDayMs);
    std::int64_t time_of_day = local - day * kDayMs;
    std::int64_t within = 0;
    for (const auto& [begin, end] : ShapeOf(day).millis)
        within += std::clamp(time_of_day - begin, std::int64_t{0}, end - begin);
    return working_ms_.Before(day) + within;
}

Instant WorkingCalendar::InstantAt(std::int64_t position) const {
    Day day = working_ms_.DayReaching(position);
    std::int64_t rest = position - working_ms_.Before(day);
    for (const auto& [begin, end] : ShapeOf(day).millis) {
        if (rest <= end - begin) return FromLocal(day, begin + rest);
        rest -= end - begin;
    }
    std::abort();  // DayReaching guarantees the day holds the position
}

year_month_day WorkingCalendar::LocalDate(Instant at) const { return DateOf(LocalDay(at)); }

Instant WorkingCalendar::StartOfDay(year_month_day date) const { return FromLocal(DayNumber(date), 0); }

bool WorkingCalendar::IsWorkingDay(year_month_day date) const { return ShapeOf(DayNumber(date)).total > 0; }

bool WorkingCalendar::IsWorkingTime(Instant at) const {
    std::int64_t local = ToMillis(at) + offset_ms_;
    Day day = FloorDiv(local, kDayMs);
    std::int64_t time_of_day = local - day * kDayMs;
    return std::ranges::any_of(ShapeOf(day).millis, [&](const auto& interval) {
        return time_of_day >= interval[0] && time_of_day < interval[1];
    });
}

const DayHours& WorkingCalendar::WorkingIntervals(year_month_day date) const { return ShapeOf(DayNumber(date)).hours; }

year_month_day WorkingCalendar::NextWorkingDay(year_month_day date) const {
    Day day = DayNumber(date);
    return DateOf(working_days_.DayReaching(working_days_.Before(day + 1) + 1));
}

Instant WorkingCalendar::CloseOfBusiness(year_month_day date) const {
    Day day = DayNumber(date);
    const Shape& shape = ShapeOf(day);
    if (shape.millis.empty()) std::abort();  // contract: a working day
    return FromLocal(day, shape.millis.back()[1]);
}

Instant WorkingCalendar::AddWorkingTime(Instant from, std::chrono::milliseconds amount) const {
    if (amount.count() == 0) return from;
    return InstantAt(PositionOf(from) + amount.count());
}

std::chrono::milliseconds WorkingCalendar::WorkingTimeBetween(Instant from, Instant to) const {
    return std::chrono::milliseconds{PositionOf(to) - PositionOf(from)};
}

Instant WorkingCalendar::AddWorkingDays(Instant received, int days) const {
    Day day = LocalDay(received);
    if (days <= 0) {
        const Shape& shape = ShapeOf(day);
        if (!shape.millis.empty() && received < FromLocal(day, shape.millis.back()[1]))
            return FromLocal(day, shape.millis.back()[1]);
        days = 1;
    }
    Day due_day = working_days_.DayReaching(working_days_.Before(day + 1) + days);
    return FromLocal(due_day, ShapeOf(due_day).millis.back()[1]);
}

Instant WorkingCalendar::AddCalendarDays(Instant received, int days) const {
    Day last = LocalDay(received) + std::max(days, 0);
    if (ShapeOf(last).total == 0) last = working_days_.DayReaching(working_days_.Before(last) + 1);
    return FromLocal(last + 1, 0);
}

}  // namespace kesu::domain
