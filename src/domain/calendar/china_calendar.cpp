#include "domain/calendar/china_calendar.hpp"

#include <array>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

namespace kesu::domain {
namespace {

using namespace std::chrono_literals;
using std::chrono::year_month_day;

struct OfficialHoliday {
    std::string_view name;
    year_month_day first;
    year_month_day last;  // inclusive
};

struct OfficialMakeupDay {
    std::string_view name;  // the holiday it pays for
    year_month_day date;
};

// From the State Council's yearly notices (国务院办公厅关于<year>年部分节假日安排的通知). Names as the notices
// group them. tests/calendar checks this table against the published feeds.
constexpr std::array kHolidays{
    OfficialHoliday{"元旦", 2020y / 1 / 1, 2020y / 1 / 1},
    OfficialHoliday{"春节", 2020y / 1 / 24, 2020y / 2 / 2},  // extended to 2 Feb on 2020-01-27 (COVID-19)
    OfficialHoliday{"清明节", 2020y / 4 / 4, 2020y / 4 / 6},
    OfficialHoliday{"劳动节", 2020y / 5 / 1, 2020y / 5 / 5},
    OfficialHoliday{"端午节", 2020y / 6 / 25, 2020y / 6 / 27},
    OfficialHoliday{"国庆节、中秋节", 2020y / 10 / 1, 2020y / 10 / 8},

    OfficialHoliday{"元旦", 2021y / 1 / 1, 2021y / 1 / 3},
    OfficialHoliday{"春节", 2021y / 2 / 11, 2021y / 2 / 17},
    OfficialHoliday{"清明节", 2021y / 4 / 3, 2021y / 4 / 5},
    OfficialHoliday{"劳动节", 2021y / 5 / 1, 2021y / 5 / 5},
    OfficialHoliday{"端午节", 2021y / 6 / 12, 2021y / 6 / 14},
    OfficialHoliday{"中秋节", 2021y / 9 / 19, 2021y / 9 / 21},
    OfficialHoliday{"国庆节", 2021y / 10 / 1, 2021y / 10 / 7},

    OfficialHoliday{"元旦", 2022y / 1 / 1, 2022y / 1 / 3},
    OfficialHoliday{"春节", 2022y / 1 / 31, 2022y / 2 / 6},
    OfficialHoliday{"清明节", 2022y / 4 / 3, 2022y / 4 / 5},
    OfficialHoliday{"劳动节", 2022y / 4 / 30, 2022y / 5 / 4},
    OfficialHoliday{"端午节", 2022y / 6 / 3, 2022y / 6 / 5},
    OfficialHoliday{"中秋节", 2022y / 9 / 10, 2022y / 9 / 12},
    OfficialHoliday{"国庆节", 2022y / 10 / 1, 2022y / 10 / 7},

    OfficialHoliday{"元旦", 2022y / 12 / 31, 2023y / 1 / 2},  // the 2023 notice starts on the last day of 2022
    OfficialHoliday{"春节", 2023y / 1 / 21, 2023y / 1 / 27},
    OfficialHoliday{"清明节", 2023y / 4 / 5, 2023y / 4 / 5},
    OfficialHoliday{"劳动节", 2023y / 4 / 29, 2023y / 5 / 3},
    OfficialHoliday{"端午节", 2023y / 6 / 22, 2023y / 6 / 24},
    OfficialHoliday{"中秋节、国庆节", 2023y / 9 / 29, 2023y / 10 / 6},

    OfficialHoliday{"元旦", 2024y / 1 / 1, 2024y / 1 / 1},
    OfficialHoliday{"春节", 2024y / 2 / 10, 2024y / 2 / 17},
    OfficialHoliday{"清明节", 2024y / 4 / 4, 2024y / 4 / 6},
    OfficialHoliday{"劳动节", 2024y / 5 / 1, 2024y / 5 / 5},
    OfficialHoliday{"端午节", 2024y / 6 / 10, 2024y / 6 / 10},
    OfficialHoliday{"中秋节", 2024y / 9 / 15, 2024y / 9 / 17},
    OfficialHoliday{"国庆节", 2024y / 10 / 1, 2024y / 10 / 7},

    OfficialHoliday{"元旦", 2025y / 1 / 1, 2025y / 1 / 1},
    OfficialHoliday{"春节", 2025y / 1 / 28, 2025y / 2 / 4},
    OfficialHoliday{"清明节", 2025y / 4 / 4, 2025y / 4 / 6},
    OfficialHoliday{"劳动节", 2025y / 5 / 1, 2025y / 5 / 5},
    OfficialHoliday{"端午节", 2025y / 5 / 31, 2025y / 6 / 2},
    OfficialHoliday{"国庆节、中秋节", 2025y / 10 / 1, 2025y / 10 / 8},

    OfficialHoliday{"元旦", 2026y / 1 / 1, 2026y / 1 / 3},
    OfficialHoliday{"春节", 2026y / 2 / 15, 2026y / 2 / 23},
    OfficialHoliday{"清明节", 2026y / 4 / 4, 2026y / 4 / 6},
    OfficialHoliday{"劳动节", 2026y / 5 / 1, 2026y / 5 / 5},
    OfficialHoliday{"端午节", 2026y / 6 / 19, 2026y / 6 / 21},
    OfficialHoliday{"中秋节", 2026y / 9 / 25, 2026y / 9 / 27},
    OfficialHoliday{"国庆节", 2026y / 10 / 1, 2026y / 10 / 7},
};

constexpr std::array kMakeupDays{
    OfficialMakeupDay{"春节", 2020y / 1 / 19},  // 1 Feb was a makeup day too until the extension cancelled it
    OfficialMakeupDay{"春节", 2020y / 2 / 3},   // a Monday; the feeds list it as the day work resumed
    OfficialMakeupDay{"劳动节", 2020y / 4 / 26},
    OfficialMakeupDay{"劳动节", 2020y / 5 / 9},
    OfficialMakeupDay{"端午节", 2020y / 6 / 28},
    OfficialMakeupDay{"国庆节、中秋节", 2020y / 9 / 27},
    OfficialMakeupDay{"国庆节、中秋节", 2020y / 10 / 10},

    OfficialMakeupDay{"春节", 2021y / 2 / 7},
    OfficialMakeupDay{"春节", 2021y / 2 / 20},
    OfficialMakeupDay{"劳动节", 2021y / 4 / 25},
    OfficialMakeupDay{"劳动节", 2021y / 5 / 8},
    OfficialMakeupDay{"中秋节", 2021y / 9 / 18},
    OfficialMakeupDay{"国庆节", 2021y / 9 / 26},
    OfficialMakeupDay{"国庆节", 2021y / 10 / 9},

    OfficialMakeupDay{"春节", 2022y / 1 / 29},
    OfficialMakeupDay{"春节", 2022y / 1 / 30},
    OfficialMakeupDay{"清明节", 2022y / 4 / 2},
    OfficialMakeupDay{"劳动节", 2022y / 4 / 24},
    OfficialMakeupDay{"劳动节", 2022y / 5 / 7},
    OfficialMakeupDay{"国庆节", 2022y / 10 / 8},
    OfficialMakeupDay{"国庆节", 2022y / 10 / 9},

    OfficialMakeupDay{"春节", 2023y / 1 / 28},
    OfficialMakeupDay{"春节", 2023y / 1 / 29},
    OfficialMakeupDay{"劳动节", 2023y / 4 / 23},
    OfficialMakeupDay{"劳动节", 2023y / 5 / 6},
    OfficialMakeupDay{"端午节", 2023y / 6 / 25},
    OfficialMakeupDay{"中秋节、国庆节", 2023y / 10 / 7},
    OfficialMakeupDay{"中秋节、国庆节", 2023y / 10 / 8},

    OfficialMakeupDay{"春节", 2024y / 2 / 4},
    OfficialMakeupDay{"春节", 2024y / 2 / 18},
    OfficialMakeupDay{"清明节", 2024y / 4 / 7},
    OfficialMakeupDay{"劳动节", 2024y / 4 / 28},
    OfficialMakeupDay{"劳动节", 2024y / 5 / 11},
    OfficialMakeupDay{"中秋节", 2024y / 9 / 14},
    OfficialMakeupDay{"国庆节", 2024y / 9 / 29},
    OfficialMakeupDay{"国庆节", 2024y / 10 / 12},

    OfficialMakeupDay{"春节", 2025y / 1 / 26},
    OfficialMakeupDay{"春节", 2025y / 2 / 8},
    OfficialMakeupDay{"劳动节", 2025y / 4 / 27},
    OfficialMakeupDay{"国庆节、中秋节", 2025y / 9 / 28},
    OfficialMakeupDay{"国庆节、中秋节", 2025y / 10 / 11},

    OfficialMakeupDay{"元旦", 2026y / 1 / 4},
    OfficialMakeupDay{"春节", 2026y / 2 / 14},
    OfficialMakeupDay{"春节", 2026y / 2 / 28},
    OfficialMakeupDay{"劳动节", 2026y / 5 / 9},
    OfficialMakeupDay{"国庆节", 2026y / 9 / 20},
    OfficialMakeupDay{"国庆节", 2026y / 10 / 10},
};

}  // namespace

SpecialDays ChinaOfficialDays() {
    SpecialDays days;
    for (const OfficialHoliday& holiday : kHolidays)
        for (auto day = std::chrono::sys_days{holiday.first}; day <= std::chrono::sys_days{holiday.last};
             day += std::chrono::days{1})
            days.holidays.push_back(Holiday{year_month_day{day}, std::string{holiday.name}});
    for (const OfficialMakeupDay& makeup : kMakeupDays)
        days.makeup_days.push_back(MakeupDay{makeup.date, std::string{makeup.name}, {}});
    return days;
}

BusinessCalendar ChinaDefaultCalendar() {
    const DayHours office_hours{{9h, 12h}, {13h + 30min, 18h}};
    BusinessCalendar calendar{
        .id = "cn-default",
        .name = "中国法定工作日 (China official working days)",
        .time_zone = "Asia/Shanghai",
        .utc_offset = 8h,
        .weekly_hours = {DayHours{}, office_hours, office_hours, office_hours, office_hours, office_hours, DayHours{}},
        .holidays = {},
        .makeup_days = {},
    };
    return MergeSpecialDays(std::move(calendar), ChinaOfficialDays());
}

WorkingCalendar ChinaDefaultWorkingCalendar() {
    auto calendar = WorkingCalendar::Build(ChinaDefaultCalendar());
    if (!calendar) std::abort();
    return std::move(*calendar);
}

}  // namespace kesu::domain
