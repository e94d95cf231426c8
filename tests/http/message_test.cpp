// Request targets taken apart strictly: a malformed escape or a path that is no path is refused, not guessed at.
#include "http/message.hpp"

#include <gtest/gtest.h>

namespace kesu::http {
namespace {

TEST(ParseTarget, DecodesThePathAndTheQuery) {
    auto target = ParseTarget("/api/v1/complaints/%E4%B8%AD?q=%E5%BF%AB+%E9%80%92&status=open&flag");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->path, "/api/v1/complaints/中");
    ASSERT_EQ(target->query.size(), 3u);
    EXPECT_EQ(target->query[0], (std::pair<std::string, std::string>{"q", "快 递"}));
    EXPECT_EQ(target->query[1], (std::pair<std::string, std::string>{"status", "open"}));
    EXPECT_EQ(target->query[2], (std::pair<std::string, std::string>{"flag", ""}));
}

TEST(ParseTarget, KeepsPlusInThePath) {
    auto target = ParseTarget("/a+b");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->path, "/a+b");
}

TEST(ParseTarget, RefusesMalformedEscapesAnywhere) {
    for (const char* text : {"/%", "/%Z", "/%ZZ", "/a%4", "/ok?x=%", "/ok?%G1=1", "/ok?q=%E4%B8%"})
        EXPECT_FALSE(ParseTarget(text)) << text;
}

TEST(ParseTarget, RefusesWhatIsNotAnAbsolutePath) {
    for (const char* text : {"", "*", "%2F", "http://127.0.0.1/", "?x=1", "/%00", "/a%00b"})
        EXPECT_FALSE(ParseTarget(text)) << text;
}

TEST(ParseQuery, LeavesOutPairsWithMalformedEscapes) {
    auto pairs = ParseQuery("a=%ZZ&b=2");
    ASSERT_EQ(pairs.size(), 1u);
    EXPECT_EQ(pairs[0].first, "b");
}

}  // namespace
}  // namespace kesu::http
