#include "http/json_input.hpp"

#include <gtest/gtest.h>

namespace kesu::http {
namespace {

std::string FieldOf(const domain::Result<nlohmann::json>& parsed) {
    if (parsed || parsed.error().fields.empty()) return "";
    return parsed.error().fields.front().field;
}

TEST(JsonInput, ANumberBeyondADoubleIsRefusedNamingItsField) {
    auto top = ParseJsonObject(R"({"subject":"x","amount":1e309})");
    ASSERT_FALSE(top);
    EXPECT_EQ(top.error().code, domain::ErrorCode::kInvalidArgument);
    EXPECT_EQ(FieldOf(top), "amount");

    auto nested = ParseJsonObject(R"({"a":{"b":[1,{"c":2},-1e400]}})");
    ASSERT_FALSE(nested);
    EXPECT_EQ(FieldOf(nested), "a.b[2]");

    auto after_arrays = ParseJsonObject(R"({"list":[[1],[2]],"complainant":{"name":"n","age":2e308}})");
    ASSERT_FALSE(after_arrays);
    EXPECT_EQ(FieldOf(after_arrays), "complainant.age");
}

TEST(JsonInput, LargeButRepresentableNumbersStillParse) {
    auto parsed = ParseJsonObject(R"({"a":1e308,"b":18446744073709551616,"c":[1.5e-320]})");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_TRUE((*parsed)["b"].is_number_float());
}

TEST(JsonInput, MalformedJsonStillSaysWhere) {
    auto parsed = ParseJsonObject(R"({"a":)");
    ASSERT_FALSE(parsed);
    EXPECT_NE(parsed.error().message.find("malformed JSON at byte"), std::string::npos);
}

}  // namespace
}  // namespace kesu::http
