#include "codec/sla_json.hpp"

#include <gtest/gtest.h>

namespace kesu::codec {
namespace {

using domain::FromMillis;

domain::SlaClock BusyClock() {
    domain::SlaClock clock;
    clock.target = domain::SlaTarget::kSolution;
    clock.rule_name = "一般投诉 \"加急\" \\ 规则\n第二行";
    clock.limit = domain::SlaLimit::WorkingHours(16);
    clock.started_at = FromMillis(1'790'000'000'000);
    clock.due_at = FromMillis(1'790'100'000'000);
    clock.state = domain::ClockState::kPaused;
    clock.pauses.push_back({FromMillis(1'790'000'100'000), FromMillis(1'790'000'200'000), "等待客户补充材料"});
    clock.pauses.push_back({FromMillis(1'790'000'300'000), std::nullopt, "tab\there \x01 control"});
    clock.extensions.push_back({domain::SlaLimit::CalendarHours(24), FromMillis(1'790'000'250'000), 42,
                                domain::Role::kManager, "客户要求延期", true});
    clock.revision = 3;
    clock.revised_at = FromMillis(1'790'000'250'000);
    clock.warnings_fired = 2;
    clock.warnings_revision = 3;
    clock.breaches.push_back({1, 2, FromMillis(1'790'000'260'000)});
    clock.breaches.push_back({2, 3, FromMillis(1'790'000'270'000)});
    return clock;
}

TEST(ClockJson, ReadsBackEveryFieldOfAClockWithPausesExtensionsAndBreaches) {
    domain::SlaClock clock = BusyClock();
    auto text = ClockToJsonText(clock);
    auto parsed = nlohmann::json::parse(text);  // throws, and fails the test, on malformed JSON
    EXPECT_EQ(parsed["rule_name"], clock.rule_name);
    EXPECT_EQ(parsed["pauses"][1]["reason"], "tab\there \x01 control");
    auto decoded = ClockFromJson(parsed);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(*decoded, clock);
}

TEST(ClockJson, ReadsBackANewRunningClock) {
    domain::SlaClock clock;
    clock.target = domain::SlaTarget::kAcknowledge;
    clock.rule_name = "default";
    clock.limit = domain::SlaLimit::CalendarMinutes(30);
    clock.started_at = FromMillis(1'790'000'000'000);
    clock.due_at = FromMillis(1'790'001'800'000);
    auto parsed = nlohmann::json::parse(ClockToJsonText(clock));
    EXPECT_TRUE(parsed["stopped_at"].is_null());
    EXPECT_TRUE(parsed["pauses"].empty());
    auto decoded = ClockFromJson(parsed);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(*decoded, clock);
}

}  // namespace
}  // namespace kesu::codec
