// Calendars and SLA policies read from JSON are checked like every other input: text is UTF-8 without control
// characters and bounded, and a malformed escalation is an error rather than a policy that never escalates.
#include <gtest/gtest.h>

#include <string>

#include "codec/sla_json.hpp"
#include "domain/calendar/china_calendar.hpp"

namespace kesu::codec {
namespace {

using nlohmann::json;

std::string FirstField(const domain::Error& error) {
    return error.fields.empty() ? "" : error.fields.front().field;
}

bool Names(const domain::Error& error, const std::string& field) {
    for (const auto& problem : error.fields)
        if (problem.field == field) return true;
    return false;
}

json ValidPolicy() {
    return PolicyToJson(domain::DefaultSlaPolicy());
}
json ValidCalendar() {
    return CalendarToJson(domain::ChinaDefaultCalendar());
}

TEST(SettingsInput, TheShippedPolicyAndCalendarRoundTrip) {
    ASSERT_TRUE(PolicyFromJson(ValidPolicy()).has_value());
    ASSERT_TRUE(CalendarFromJson(ValidCalendar()).has_value());
}

TEST(SettingsInput, AMalformedEscalationIsRefusedNamingIt) {
    for (const json& escalation : {json("on"), json::array(), json(nullptr)}) {
        json policy = ValidPolicy();
        policy["escalation"] = escalation;
        auto read = PolicyFromJson(policy);
        ASSERT_FALSE(read) << escalation.dump();
        EXPECT_TRUE(Names(read.error(), "escalation")) << read.error().message;
    }
    json missing = ValidPolicy();
    missing.erase("escalation");
    ASSERT_FALSE(PolicyFromJson(missing));

    json steps_not_a_list = ValidPolicy();
    steps_not_a_list["escalation"]["steps"] = "notify_leader";
    auto read = PolicyFromJson(steps_not_a_list);
    ASSERT_FALSE(read);
    EXPECT_TRUE(Names(read.error(), "escalation.steps"));

    json step_not_an_object = ValidPolicy();
    step_not_an_object["escalation"]["steps"] = json::array({"notify_leader"});
    read = PolicyFromJson(step_not_an_object);
    ASSERT_FALSE(read);
    EXPECT_TRUE(Names(read.error(), "escalation.steps[0].actions"));

    json wrapping = ValidPolicy();
    wrapping["escalation"]["repeat_breach_every_percent"] = 4294967396LL;  // 100 once cast to a 32-bit int
    read = PolicyFromJson(wrapping);
    ASSERT_FALSE(read);
    EXPECT_TRUE(Names(read.error(), "escalation.repeat_breach_every_percent"));

    json no_steps = ValidPolicy();
    no_steps["escalation"]["steps"] = json::array();  // said on purpose: no breach actions
    EXPECT_TRUE(PolicyFromJson(no_steps).has_value());
}

TEST(SettingsInput, PolicyTextIsBoundedAndFreeOfControlCharacters) {
    json nul = ValidPolicy();
    nul["name"] = std::string("默认\0时限", 13);
    auto read = PolicyFromJson(nul);
    ASSERT_FALSE(read);
    EXPECT_EQ(FirstField(read.error()), "name");

    json long_rule = ValidPolicy();
    long_rule["rules"][0]["name"] = std::string(300'000, 'r');
    read = PolicyFromJson(long_rule);
    ASSERT_FALSE(read);
    EXPECT_TRUE(Names(read.error(), "rules[0].name"));

    json bad_source = ValidPolicy();
    bad_source["rules"][0]["match"]["sources"] = json::array({std::string("123\x01") + "15"});
    read = PolicyFromJson(bad_source);
    ASSERT_FALSE(read);
    EXPECT_TRUE(Names(read.error(), "rules[0].match.sources[0]"));
}

TEST(SettingsInput, CalendarTextIsBoundedAndFreeOfControlCharacters) {
    json nul = ValidCalendar();
    nul["name"] = std::string("日历\0", 7);
    auto read = CalendarFromJson(nul);
    ASSERT_FALSE(read);
    EXPECT_TRUE(Names(read.error(), "name"));

    json long_name = ValidCalendar();
    long_name["name"] = std::string(300'000, 'c');
    read = CalendarFromJson(long_name);
    ASSERT_FALSE(read);
    EXPECT_TRUE(Names(read.error(), "name"));

    json holiday = ValidCalendar();
    ASSERT_FALSE(holiday["holidays"].empty());
    holiday["holidays"][0]["name"] = "春节\x07";
    read = CalendarFromJson(holiday);
    ASSERT_FALSE(read);
    EXPECT_TRUE(Names(read.error(), "holidays[0].name"));

    json two_lines = ValidCalendar();
    two_lines["name"] = "工作日历\n第二行";
    read = CalendarFromJson(two_lines);
    ASSERT_FALSE(read);
    EXPECT_TRUE(Names(read.error(), "name"));

    json long_id = ValidCalendar();
    long_id["id"] = std::string(65, 'i');
    read = CalendarFromJson(long_id);
    ASSERT_FALSE(read);
    EXPECT_TRUE(Names(read.error(), "id"));
}

}  // namespace
}  // namespace kesu::codec
