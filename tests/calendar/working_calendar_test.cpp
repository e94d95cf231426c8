#include "domain/calendar/working_calendar.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "calendar/calendar_test_support.hpp"
#include "domain/calendar/china_calendar.hpp"

namespace kesu::domain {
namespace {

using namespace std::chrono_literals;
using std::chrono::year_month_day;
using testing::Beijing;
using testing::Local;

const WorkingCalendar& China() {
    static const WorkingCalendar calendar = ChinaDefaultWorkingCalendar();
    return calendar;
}

TEST(WorkingCalendar, SkipsSpringFestivalButCountsMakeupSaturday) {
    const WorkingCalendar& china = China();
    EXPECT_TRUE(china.IsWorkingDay(2026y / 2 / 13));  // Friday
    EXPECT_TRUE(china.IsWorkingDay(2026y / 2 / 14));  // Saturday, 上班(补春节假期)
    for (unsigned day = 15; day <= 23; ++day)
        EXPECT_FALSE(china.IsWorkingDay(2026y / 2 / std::chrono::day{day})) << day;
    EXPECT_TRUE(china.IsWorkingDay(2026y / 2 / 24));
    EXPECT_TRUE(china.IsWorkingDay(2026y / 2 / 28));  // Saturday, makeup
    EXPECT_FALSE(china.IsWorkingDay(2026y / 3 / 1));  // an ordinary Sunday

    EXPECT_EQ(Local(china.AddWorkingDays(Beijing(2026, 2, 13, 20, 0), 1)), "2026-02-14 18:00");
    EXPECT_EQ(Local(china.AddWorkingDays(Beijing(2026, 2, 13, 20, 0), 2)), "2026-02-24 18:00");
    EXPECT_EQ(Local(china.AddWorkingTime(Beijing(2026, 2, 13, 17, 0), 2h)), "2026-02-14 10:00");
    EXPECT_EQ(Local(china.AddWorkingTime(Beijing(2026, 2, 14, 17, 0), 2h)), "2026-02-24 10:00");
}

TEST(WorkingCalendar, MakeupDayWorksTheStandardHours) {
    EXPECT_EQ(China().WorkingIntervals(2026y / 2 / 14), China().WorkingIntervals(2026y / 2 / 13));
    EXPECT_TRUE(China().WorkingIntervals(2026y / 2 / 16).empty());
    EXPECT_TRUE(China().IsWorkingTime(Beijing(2026, 2, 14, 9, 0)));
    EXPECT_FALSE(China().IsWorkingTime(Beijing(2026, 2, 14, 12, 30)));
    EXPECT_FALSE(China().IsWorkingTime(Beijing(2026, 2, 14, 18, 0)));
}

TEST(WorkingCalendar, ReceiptDayNeverCountsTowardsWorkingDays) {
    const WorkingCalendar& china = China();
    // Monday 2026-03-02: before opening, last minute, at close, after close — all due Tuesday at close.
    for (int hour_minute : {800, 1230, 1759, 1800, 2300})
        EXPECT_EQ(Local(china.AddWorkingDays(Beijing(2026, 3, 2, hour_minute / 100, hour_minute % 100), 1)),
                  "2026-03-03 18:00")
            << hour_minute;
    // Received on a holiday or a makeup Saturday: the next working day is day one.
    EXPECT_EQ(Local(china.AddWorkingDays(Beijing(2026, 2, 17, 10, 0), 1)), "2026-02-24 18:00");
    EXPECT_EQ(Local(china.AddWorkingDays(Beijing(2026, 2, 14, 10, 0), 1)), "2026-02-24 18:00");
}

TEST(WorkingCalendar, WorkingDayTableInDocsHolds) {
    struct Row {
        Instant received;
        const char* one_day;
        const char* three_days;
    };
    const Row rows[] = {
        {Beijing(2026, 3, 2, 8, 0), "2026-03-03 18:00", "2026-03-05 18:00"},
        {Beijing(2026, 3, 2, 23, 0), "2026-03-03 18:00", "2026-03-05 18:00"},
        {Beijing(2026, 2, 17, 10, 0), "2026-02-24 18:00", "2026-02-26 18:00"},
        {Beijing(2026, 2, 14, 10, 0), "2026-02-24 18:00", "2026-02-26 18:00"},
        {Beijing(2026, 2, 13, 20, 0), "2026-02-14 18:00", "2026-02-25 18:00"},
        {Beijing(2025, 9, 26, 20, 0), "2025-09-28 18:00", "2025-09-30 18:00"},
        {Beijing(2025, 12, 31, 10, 0), "2026-01-04 18:00", "2026-01-06 18:00"},
    };
    for (const Row& row : rows) {
        EXPECT_EQ(Local(China().AddWorkingDays(row.received, 1)), row.one_day) << Local(row.received);
        EXPECT_EQ(Local(China().AddWorkingDays(row.received, 3)), row.three_days) << Local(row.received);
    }
}

TEST(WorkingCalendar, ZeroWorkingDaysMeansCloseOfTheSameWorkingDay) {
    EXPECT_EQ(Local(China().AddWorkingDays(Beijing(2026, 3, 2, 8, 0), 0)), "2026-03-02 18:00");
    EXPECT_EQ(Local(China().AddWorkingDays(Beijing(2026, 3, 2, 17, 59), 0)), "2026-03-02 18:00");
    EXPECT_EQ(Local(China().AddWorkingDays(Beijing(2026, 3, 2, 18, 0), 0)), "2026-03-03 18:00");
    EXPECT_EQ(Local(China().AddWorkingDays(Beijing(2026, 3, 7, 10, 0), 0)), "2026-03-09 18:00");  // Saturday
}

TEST(WorkingCalendar, FridayEveningBeforeNationalDayCountsTheMakeupSunday) {
    const WorkingCalendar& china = China();
    Instant friday_evening = Beijing(2025, 9, 26, 20, 0);
    EXPECT_EQ(Local(china.AddWorkingDays(friday_evening, 1)), "2025-09-28 18:00");  // Sunday, makeup
    EXPECT_EQ(Local(china.AddWorkingDays(friday_evening, 3)), "2025-09-30 18:00");
    EXPECT_EQ(Local(china.AddWorkingDays(friday_evening, 4)), "2025-10-09 18:00");               // after 1-8 October
    EXPECT_EQ(Local(china.AddWorkingDays(Beijing(2024, 9, 27, 19, 0), 7)), "2024-10-12 18:00");  // makeup Saturday
}

TEST(WorkingCalendar, AddsWorkingTimeAroundDayEdgesAndLunch) {
    const WorkingCalendar& china = China();
    EXPECT_EQ(Local(china.AddWorkingTime(Beijing(2026, 3, 2, 17, 59), 2h)), "2026-03-03 10:59");
    EXPECT_EQ(Local(china.AddWorkingTime(Beijing(2026, 3, 2, 18, 0), 2h)), "2026-03-03 11:00");
    EXPECT_EQ(Local(china.AddWorkingTime(Beijing(2026, 3, 2, 12, 30), 2h)), "2026-03-02 15:30");
    EXPECT_EQ(Local(china.AddWorkingTime(Beijing(2026, 3, 2, 8, 0), 2h)), "2026-03-02 11:00");
    EXPECT_EQ(Local(china.AddWorkingTime(Beijing(2026, 3, 2, 9, 0), 3h)), "2026-03-02 12:00");  // not 13:30
    EXPECT_EQ(Local(china.AddWorkingTime(Beijing(2026, 3, 2, 9, 0), 7h + 30min)), "2026-03-02 18:00");
    EXPECT_EQ(Local(china.AddWorkingTime(Beijing(2026, 3, 2, 20, 0), 0min)), "2026-03-02 20:00");
}

TEST(WorkingCalendar, MeasuresWorkingTimeBetweenInstants) {
    const WorkingCalendar& china = China();
    EXPECT_EQ(china.WorkingTimeBetween(Beijing(2026, 3, 2, 8, 0), Beijing(2026, 3, 2, 20, 0)), 7h + 30min);
    EXPECT_EQ(china.WorkingTimeBetween(Beijing(2026, 3, 2, 11, 0), Beijing(2026, 3, 2, 14, 0)), 1h + 30min);
    EXPECT_EQ(china.WorkingTimeBetween(Beijing(2026, 2, 13, 18, 0), Beijing(2026, 2, 24, 9, 0)), 7h + 30min);
    EXPECT_EQ(china.WorkingTimeBetween(Beijing(2026, 3, 3, 9, 0), Beijing(2026, 3, 2, 9, 0)), -(7h + 30min));
    EXPECT_EQ(Local(china.AddWorkingTime(Beijing(2026, 3, 3, 10, 0), -(2h))), "2026-03-02 17:00");
}

TEST(WorkingCalendar, CrossesYearEndIntoMakeupSundayOf2026) {
    const WorkingCalendar& china = China();
    // 2026-01-01..03 are holidays; Sunday 2026-01-04 is worked.
    EXPECT_EQ(Local(china.AddWorkingTime(Beijing(2025, 12, 31, 17, 0), 2h)), "2026-01-04 10:00");
    EXPECT_EQ(Local(china.AddWorkingDays(Beijing(2025, 12, 31, 10, 0), 1)), "2026-01-04 18:00");
    EXPECT_EQ(Local(china.AddWorkingDays(Beijing(2025, 12, 31, 10, 0), 2)), "2026-01-05 18:00");
    // The 2023 New Year holiday began on Saturday 2022-12-31.
    EXPECT_EQ(Local(china.AddWorkingDays(Beijing(2022, 12, 30, 15, 0), 1)), "2023-01-03 18:00");
}

TEST(WorkingCalendar, FollowsTheWeeklyPatternOutsideTheOfficialYears) {
    const WorkingCalendar& china = China();
    EXPECT_EQ(Local(china.AddWorkingDays(Beijing(2026, 12, 31, 10, 0), 1)), "2027-01-01 18:00");
    EXPECT_EQ(Local(china.AddWorkingDays(Beijing(2019, 12, 27, 10, 0), 2)), "2019-12-31 18:00");
    EXPECT_EQ(Local(china.AddWorkingDays(Beijing(2019, 12, 31, 10, 0), 1)), "2020-01-02 18:00");
    EXPECT_EQ(Local(china.AddWorkingTime(Beijing(2030, 1, 4, 17, 0), 7h + 30min)), "2030-01-07 17:00");
    EXPECT_EQ(Local(china.AddWorkingTime(Beijing(2019, 12, 30, 9, 0), -7h)), "2019-12-27 09:30");
}

TEST(WorkingCalendar, CalendarDaysEndAtMidnightAndSkipToAWorkingDay) {
    const WorkingCalendar& china = China();
    EXPECT_EQ(Local(china.AddCalendarDays(Beijing(2026, 3, 2, 10, 0), 15)), "2026-03-18 00:00");
    // 15 days after 16 September is 1 October, a holiday: the period ends with 8 October.
    EXPECT_EQ(Local(china.AddCalendarDays(Beijing(2026, 9, 16, 10, 0), 15)), "2026-10-09 00:00");
}

TEST(WorkingCalendar, NextWorkingDayAndCloseOfBusiness) {
    EXPECT_EQ(China().NextWorkingDay(2026y / 2 / 14), 2026y / 2 / 24);
    EXPECT_EQ(China().NextWorkingDay(2026y / 2 / 13), 2026y / 2 / 14);
    EXPECT_EQ(Local(China().CloseOfBusiness(2026y / 2 / 14)), "2026-02-14 18:00");
    EXPECT_EQ(China().LocalDate(Beijing(2026, 3, 2, 0, 0)), 2026y / 3 / 2);
    EXPECT_EQ(China().LocalDate(Beijing(2026, 3, 2, 23, 59)), 2026y / 3 / 2);
}

TEST(WorkingCalendar, HonoursTheCalendarsOwnOffsetAndHours) {
    BusinessCalendar utc{.id = "utc-shop",
                         .name = "",
                         .time_zone = "UTC",
                         .utc_offset = 0min,
                         .weekly_hours = {},
                         .holidays = {},
                         .makeup_days = {}};
    utc.weekly_hours[6] = {{10h, 16h}};  // Saturdays only
    auto calendar = WorkingCalendar::Build(utc);
    ASSERT_TRUE(calendar.has_value());
    Instant friday = Instant{std::chrono::sys_days{2026y / 3 / 6}} + 12h;
    Instant due = calendar->AddWorkingTime(friday, 7h);
    EXPECT_EQ(due, Instant{std::chrono::sys_days{2026y / 3 / 14}} + 11h);
}

// The reference: walk day by day through the BusinessCalendar data itself, a minute at a time.
struct NaiveCalendar {
    const BusinessCalendar& data;

    DayHours HoursOf(year_month_day date) const {
        for (const Holiday& holiday : data.holidays)
            if (holiday.date == date) return {};
        for (const MakeupDay& makeup : data.makeup_days)
            if (makeup.date == date) return makeup.hours.empty() ? StandardHours(data) : makeup.hours;
        return data.weekly_hours[std::chrono::weekday{std::chrono::sys_days{date}}.c_encoding()];
    }

    Instant AddWorkingMinutes(Instant from, long minutes) const {
        auto offset = data.utc_offset;
        auto local = from + offset;
        auto day = std::chrono::floor<std::chrono::days>(local);
        auto time_of_day = std::chrono::duration_cast<std::chrono::minutes>(local - day);
        for (;; day += std::chrono::days{1}, time_of_day = 0min) {
            for (const WorkingInterval& interval : HoursOf(year_month_day{day})) {
                auto begin = std::max(interval.begin, time_of_day);
                if (begin >= interval.end) continue;
                long available = (interval.end - begin).count();
                if (minutes <= available) return Instant{day + begin + std::chrono::minutes{minutes}} - offset;
                minutes -= available;
            }
        }
    }
};

TEST(WorkingCalendar, AgreesWithADayByDayWalkOverSevenYears) {
    const WorkingCalendar& china = China();
    NaiveCalendar naive{china.Definition()};
    std::mt19937_64 random(20260214);
    std::uniform_int_distribution<long> minute_of_range(0, 8L * 366 * 24 * 60);
    std::uniform_int_distribution<long> amount(1, 60L * 7 * 60);  // up to 60 working days
    Instant origin = Beijing(2019, 6, 1);
    for (int i = 0; i < 2000; ++i) {
        Instant from = origin + std::chrono::minutes{minute_of_range(random)};
        long minutes = amount(random);
        Instant expected = naive.AddWorkingMinutes(from, minutes);
        Instant due = china.AddWorkingTime(from, std::chrono::minutes{minutes});
        ASSERT_EQ(Local(due), Local(expected)) << "from " << Local(from) << " + " << minutes << " min";
        ASSERT_EQ(china.WorkingTimeBetween(from, due), std::chrono::minutes{minutes});
    }
}

TEST(WorkingCalendar, RefusesOverlappingHoursAndAWeekWithoutWork) {
    BusinessCalendar calendar = ChinaDefaultCalendar();
    calendar.weekly_hours[1] = {{9h, 12h}, {11h, 18h}};
    auto overlapping = WorkingCalendar::Build(calendar);
    ASSERT_FALSE(overlapping.has_value());
    EXPECT_EQ(overlapping.error().fields.at(0).field, "weekly_hours[1][1]");

    BusinessCalendar idle = ChinaDefaultCalendar();
    for (DayHours& hours : idle.weekly_hours) hours.clear();
    EXPECT_FALSE(WorkingCalendar::Build(idle).has_value());

    BusinessCalendar clash = ChinaDefaultCalendar();
    clash.makeup_days.push_back({2026y / 2 / 16, "wrong", {}});
    auto clashing = WorkingCalendar::Build(clash);
    ASSERT_FALSE(clashing.has_value());
    EXPECT_EQ(clashing.error().code, ErrorCode::kInvalidArgument);
}

TEST(BusinessCalendar, ImportedDayReplacesWhatTheCalendarHadThatDay) {
    BusinessCalendar calendar = ChinaDefaultCalendar();
    SpecialDays correction{{Holiday{2026y / 2 / 14, "春节 (corrected)"}}, {MakeupDay{2026y / 2 / 16, "swap", {}}}};
    BusinessCalendar merged = MergeSpecialDays(calendar, correction);
    auto built = WorkingCalendar::Build(merged);
    ASSERT_TRUE(built.has_value());
    EXPECT_FALSE(built->IsWorkingDay(2026y / 2 / 14));
    EXPECT_TRUE(built->IsWorkingDay(2026y / 2 / 16));
}

TEST(BusinessCalendar, ParsesDatesAndTimesOfDayStrictly) {
    EXPECT_EQ(ParseIsoDate("2026-02-14"), 2026y / 2 / 14);
    EXPECT_EQ(ParseIsoDate("2026-02-30"), std::nullopt);
    EXPECT_EQ(ParseIsoDate("2026-2-14"), std::nullopt);
    EXPECT_EQ(FormatIsoDate(2026y / 2 / 4), "2026-02-04");
    EXPECT_EQ(ParseTimeOfDay("13:30"), std::chrono::minutes{13 * 60 + 30});
    EXPECT_EQ(ParseTimeOfDay("24:00"), std::chrono::minutes{24 * 60});
    EXPECT_EQ(ParseTimeOfDay("24:01"), std::nullopt);
    EXPECT_EQ(ParseTimeOfDay("9:00"), std::nullopt);
}

}  // namespace
}  // namespace kesu::domain
