#include "calendar_import/holiday_import.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "calendar/calendar_test_support.hpp"
#include "domain/calendar/china_calendar.hpp"
#include "domain/calendar/working_calendar.hpp"
#include "domain/validation.hpp"

namespace kesu::calendar_import {
namespace {

using namespace std::chrono_literals;
using domain::ErrorCode;
using domain::SpecialDays;
using domain::testing::Beijing;
using domain::testing::Local;
using domain::testing::ReadFile;
using domain::testing::SharedData;

// date -> true for a holiday, false for a makeup day
using DayMap = std::map<std::string, bool>;

DayMap Dates(const SpecialDays& days) {
    DayMap dates;
    for (const auto& holiday : days.holidays) dates[domain::FormatIsoDate(holiday.date)] = true;
    for (const auto& makeup : days.makeup_days) dates[domain::FormatIsoDate(makeup.date)] = false;
    return dates;
}

std::string Feed(int year, const char* extension) {
    std::filesystem::path path = SharedData() / "holiday-cn" / (std::to_string(year) + extension);
    EXPECT_TRUE(std::filesystem::exists(path)) << path;
    return ReadFile(path);
}

TEST(HolidayImport, OfficialFeedsFor2020To2026AgreeWithTheBuiltInTable) {
    DayMap from_ics, from_json;
    std::map<std::string, std::string> json_names;
    for (int year = 2020; year <= 2026; ++year) {
        auto ics = ParseIcsHolidays(Feed(year, ".ics"));
        ASSERT_TRUE(ics.has_value()) << year << ": " << ics.error().message;
        auto json = ParseHolidayJson(Feed(year, ".json"));
        ASSERT_TRUE(json.has_value()) << year << ": " << json.error().message;
        EXPECT_EQ(Dates(*ics), Dates(*json)) << year << ": the .ics and .json feeds disagree";
        from_ics.merge(Dates(*ics));
        from_json.merge(Dates(*json));
        for (const auto& holiday : json->holidays) json_names[domain::FormatIsoDate(holiday.date)] = holiday.name;
        for (const auto& makeup : json->makeup_days) json_names[domain::FormatIsoDate(makeup.date)] = makeup.name;
    }
    SpecialDays built_in = domain::ChinaOfficialDays();
    EXPECT_EQ(Dates(built_in), from_ics);
    EXPECT_EQ(Dates(built_in), from_json);
    for (const auto& holiday : built_in.holidays)
        EXPECT_EQ(holiday.name, json_names[domain::FormatIsoDate(holiday.date)]) << domain::FormatIsoDate(holiday.date);
    for (const auto& makeup : built_in.makeup_days)
        EXPECT_EQ(makeup.name, json_names[domain::FormatIsoDate(makeup.date)]) << domain::FormatIsoDate(makeup.date);
}

TEST(HolidayImport, ReadsMakeupEventsAndMultiDayRangesFromIcs) {
    auto days = ParseIcsHolidays(Feed(2026, ".ics"));
    ASSERT_TRUE(days.has_value()) << days.error().message;
    DayMap dates = Dates(*days);
    EXPECT_EQ(dates.at("2026-02-14"), false);  // 上班(补春节假期)
    EXPECT_EQ(dates.at("2026-02-15"), true);   // 春节假期 DTSTART 20260215
    EXPECT_EQ(dates.at("2026-02-23"), true);   // ... DTEND 20260224 is exclusive
    EXPECT_FALSE(dates.contains("2026-02-24"));
    auto makeup = std::ranges::find(days->makeup_days, 2026y / 2 / 14, &domain::MakeupDay::date);
    ASSERT_NE(makeup, days->makeup_days.end());
    EXPECT_EQ(makeup->name, "上班(补春节假期)");
}

TEST(HolidayImport, AnnouncedButEmptyYearImportsAsNoDays) {
    auto ics = ParseIcsHolidays(Feed(2027, ".ics"));
    ASSERT_TRUE(ics.has_value()) << ics.error().message;
    EXPECT_EQ(*ics, SpecialDays{});
    auto json = ParseHolidayJson(Feed(2027, ".json"));
    ASSERT_TRUE(json.has_value());
    EXPECT_EQ(*json, SpecialDays{});
}

TEST(HolidayImport, ImportedCalendarComputesTheSameDeadlines) {
    domain::BusinessCalendar calendar = domain::ChinaDefaultCalendar();
    calendar.id = "imported";
    calendar.holidays.clear();
    calendar.makeup_days.clear();
    auto days = ParseIcsHolidays(Feed(2026, ".ics"));
    ASSERT_TRUE(days.has_value()) << days.error().message;
    auto imported = domain::WorkingCalendar::Build(domain::MergeSpecialDays(calendar, *days));
    ASSERT_TRUE(imported.has_value()) << imported.error().message;
    EXPECT_EQ(Local(imported->AddWorkingDays(Beijing(2026, 2, 13, 20, 0), 2)), "2026-02-24 18:00");
    EXPECT_EQ(Local(imported->AddWorkingDays(Beijing(2026, 9, 30, 20, 0), 1)), "2026-10-08 18:00");
}

TEST(HolidayImport, IcsWithoutDtendIsOneDay) {
    auto days = ParseIcsHolidays(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:公司年会\r\nDTSTART;VALUE=DATE:20260320\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n");
    ASSERT_TRUE(days.has_value()) << days.error().message;
    ASSERT_EQ(days->holidays.size(), 1u);
    EXPECT_EQ(days->holidays[0].date, 2026y / 3 / 20);
    EXPECT_EQ(days->holidays[0].name, "公司年会");
}

TEST(HolidayImport, RefusesMalformedIcsWithAClearError) {
    struct Case {
        const char* text;
        const char* expected;
    };
    const Case cases[] = {
        {"not a calendar", "not an iCalendar file"},
        {"", "not an iCalendar file"},
        {"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nDTSTART;VALUE=DATE:2026XX01\nEND:VEVENT\nEND:VCALENDAR\n",
         "malformed iCalendar"},
        {"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR\n", "has no DTSTART"},
        {"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nDTSTART:20260101T090000Z\nEND:VEVENT\nEND:VCALENDAR\n",
         "not an all-day event"},
        {"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nDTSTART;VALUE=DATE:20260101\nRRULE:FREQ=YEARLY\nEND:VEVENT\n"
         "END:VCALENDAR\n",
         "recurring"},
        {"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nDTSTART;VALUE=DATE:20260105\nDTEND;VALUE=DATE:20260101\n"
         "END:VEVENT\nEND:VCALENDAR\n",
         "must end after it starts"},
    };
    for (const Case& c : cases) {
        auto result = ParseIcsHolidays(c.text);
        ASSERT_FALSE(result.has_value()) << c.text;
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(result.error().message.find(c.expected), std::string::npos) << result.error().message;
    }
}

// Found by tests/fuzz (ics_holidays, seed timed_recurring_bad_utf8.ics): bytes that are not UTF-8 were quoted into the
// error message (and, in a valid event, the holiday's name).
TEST(HolidayImport, RefusesIcsThatIsNotUtf8BeforeQuotingAnyOfIt) {
    for (const char* text :
         {"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260101T090000Z\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:\xff\xfe\r\n"
          "END:VEVENT\r\nEND:VCALENDAR\r\n",
          "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260215\r\nSUMMARY:\xe6\x98\r\nEND:VEVENT\r\n"
          "END:VCALENDAR\r\n"}) {
        auto result = ParseIcsHolidays(text);
        ASSERT_FALSE(result.has_value()) << text;
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
        ASSERT_EQ(result.error().fields.size(), 1u);
        EXPECT_EQ(result.error().fields[0].field, "calendar");
        EXPECT_TRUE(domain::IsValidUtf8(result.error().message)) << result.error().message;
    }
}

// Found by tests/fuzz (ics_holidays, seed backslash_before_utf8.ics): UTF-8 in, but libical's unescaping of a
// backslash before a multi-byte character handed back a SUMMARY (and error text) that was not UTF-8.
TEST(HolidayImport, NamesAndMessagesStayUtf8WhateverLibicalUnescapes) {
    // The input as the fuzzer reduced it: a malformed DTSTART, control characters and backslashes before 春节假期.
    const std::string text =
        "BEGIN:VCALENDAR\r\nVER[ION:2.0\r\nPRODID:-//kesu//fuzz seed//ZH\r\nBEGIN:VEVENT\r\n"
        "UID:2@kesu\r\nDTSCOPE;VA8U=:TAED0E02511010260214\r\nDTEND;VALUE=DATE:20260225\r\n"
        "SUMMARY://fu" +
        std::string(24, '\b') + "D propezz " + std::string(10, '\\') + std::string(20, 'x') + std::string(15, '\\') +
        "春节假期)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    ASSERT_TRUE(domain::IsValidUtf8(text));
    auto result = ParseIcsHolidays(text);
    ASSERT_FALSE(result.has_value());
    EXPECT_TRUE(domain::IsValidUtf8(result.error().message)) << result.error().message;
}

TEST(HolidayImport, RefusesMalformedJsonNamingTheField) {
    struct Case {
        const char* text;
        const char* field;
    };
    const Case cases[] = {
        {"{not json", "document"},
        {"[]", "days"},
        {R"({"days": {}})", "days"},
        {R"({"days": [1]})", "days[0]"},
        {R"({"days": [{"isOffDay": true}]})", "days[0].date"},
        {R"({"days": [{"date": "2026-02-30", "isOffDay": true}]})", "days[0].date"},
        {R"({"days": [{"date": "2026-02-14", "isOffDay": "no"}]})", "days[0].isOffDay"},
        {R"({"days": [{"date": "2026-02-14", "isOffDay": false, "name": 3}]})", "days[0].name"},
    };
    for (const Case& c : cases) {
        auto result = ParseHolidayJson(c.text);
        ASSERT_FALSE(result.has_value()) << c.text;
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
        ASSERT_EQ(result.error().fields.size(), 1u);
        EXPECT_EQ(result.error().fields[0].field, c.field) << c.text;
    }
}

TEST(HolidayImport, RefusesAnIcsSummaryThatIsNotUtf8OrHoldsControlCharacters) {
    auto feed = [](const std::string& summary) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nBEGIN:VEVENT\r\nUID:1\r\n"
               "DTSTART;VALUE=DATE:20260101\r\nSUMMARY:元旦\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:2\r\n"
               "DTSTART;VALUE=DATE:20260102\r\nSUMMARY:" +
               summary + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    };
    ASSERT_TRUE(ParseIcsHolidays(feed("元旦")).has_value());
    for (const std::string& summary : {std::string("a\x01b"), std::string(101, 'x')}) {
        auto result = ParseIcsHolidays(feed(summary));
        ASSERT_FALSE(result.has_value());
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
        ASSERT_FALSE(result.error().fields.empty());
        EXPECT_EQ(result.error().fields[0].field, "events[1].summary");
    }
    // Bytes that are not UTF-8 make the whole file unreadable text: refused as the calendar, naming the line.
    auto result = ParseIcsHolidays(feed("\xC0\xAF\xFF"));
    ASSERT_FALSE(result.has_value());
    ASSERT_FALSE(result.error().fields.empty());
    EXPECT_EQ(result.error().fields[0].field, "calendar");
    EXPECT_NE(result.error().fields[0].reason.find("line 12"), std::string::npos) << result.error().fields[0].reason;
}

}  // namespace
}  // namespace kesu::calendar_import
