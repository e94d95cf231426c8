// No logged value can forge a line or a field, in either format.
#include "logging/log_format.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace kesu::logging {
namespace {

TEST(Quote, LeavesPlainValuesAlone) {
    EXPECT_EQ(Quote("/api/v1/complaints/42"), "/api/v1/complaints/42");
    EXPECT_EQ(Quote("complaints.create"), "complaints.create");
    EXPECT_EQ(Quote("/投诉/王小明"), "/投诉/王小明");
}

TEST(Quote, QuotesAndEscapesEverythingElse) {
    EXPECT_EQ(Quote(""), "\"\"");
    EXPECT_EQ(Quote("a b"), "\"a b\"");
    EXPECT_EQ(Quote("x=1"), "\"x=1\"");
    EXPECT_EQ(Quote("say \"hi\" \\o/"), "\"say \\\"hi\\\" \\\\o/\"");
    EXPECT_EQ(Quote("/\nlevel=error forged"), "\"/\\nlevel=error forged\"");
    EXPECT_EQ(Quote(std::string("\r\t\x01\x7f", 4)), "\"\\r\\t\\x01\\x7f\"");
}

TEST(EscapeControl, NoControlCharacterSurvives) {
    std::string escaped = EscapeControl("a\nb\rc\x1b[31m");
    EXPECT_EQ(escaped, "a\\nb\\rc\\x1b[31m");
    for (char c : escaped) EXPECT_GE(static_cast<unsigned char>(c), 0x20);
}

TEST(JsonLine, TurnsFieldsIntoMembers) {
    auto line = nlohmann::json::parse(JsonLine(
        "2026-11-22T09:30:00.000+08:00", "info",
        "request method=GET route=static path=" + Quote("/a b\n\"x\"") + " status=404 ms=0.25 request_id=abc"));
    EXPECT_EQ(line["time"], "2026-11-22T09:30:00.000+08:00");
    EXPECT_EQ(line["level"], "info");
    EXPECT_EQ(line["msg"], "request");
    EXPECT_EQ(line["method"], "GET");
    EXPECT_EQ(line["path"], "/a b\n\"x\"");
    EXPECT_EQ(line["status"], 404);
    EXPECT_DOUBLE_EQ(line["ms"].get<double>(), 0.25);
    EXPECT_EQ(line["request_id"], "abc");
}

TEST(JsonLine, KeepsAMessageThatIsNotLogfmtWhole) {
    auto line = nlohmann::json::parse(JsonLine("t", "warn", "status=1 then words"));
    EXPECT_EQ(line["msg"], "status=1 then words");
    EXPECT_FALSE(line.contains("status"));
    auto forged = nlohmann::json::parse(JsonLine("t", "info", "request level=error"));
    EXPECT_EQ(forged["level"], "info") << "a field cannot replace the line's own level";
    EXPECT_EQ(forged["msg"], "request level=error");
}

TEST(JsonLine, ReplacesInvalidUtf8) {
    auto line = nlohmann::json::parse(JsonLine("t", "info", "request path=" + Quote("/\xff\xfe")));
    EXPECT_TRUE(line["path"].is_string());
}

}  // namespace
}  // namespace kesu::logging
