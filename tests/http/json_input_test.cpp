#include "http/json_input.hpp"

#include <gtest/gtest.h>

namespace kesu::http {
namespace {

// Found by the raw-socket fuzzer (tests/api/raw_socket_fuzz_test.cpp) and the json_fields fuzz target: nlohmann
// reports a number beyond a double's range as out_of_range, not parse_error, and it escaped as a 500 on every JSON
// route, the anonymous login and portal included.
TEST(ParseJsonObject, RefusesANumberTooLargeForADoubleNamingItsField) {
    struct Case {
        const char* body;
        const char* field;
    };
    for (const Case& c : {Case{R"({"amount":1e309})", "amount"}, Case{R"({"username":-1e400,"x":1})", "username"},
                          Case{R"({"complainant":{"name":"王","phone":1E999}})", "complainant.phone"},
                          Case{R"({"complainant":{"name":"王"},"items":[1,2,9e999]})", "items"},
                          Case{R"({"a":{"b":1},"c":[{"d":1e309}]})", "c.d"}}) {
        auto parsed = ParseJsonObject(c.body);
        ASSERT_FALSE(parsed) << c.body;
        EXPECT_EQ(parsed.error().code, domain::ErrorCode::kInvalidArgument);
        ASSERT_EQ(parsed.error().fields.size(), 1u) << c.body;
        EXPECT_EQ(parsed.error().fields[0].field, c.field) << c.body;
    }
}

TEST(ParseJsonObject, StillReadsLargeButRepresentableNumbers) {
    auto parsed = ParseJsonObject(R"({"amount":1e308,"n":18446744073709551615,"m":-9223372036854775808})");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_DOUBLE_EQ((*parsed)["amount"].get<double>(), 1e308);
}

}  // namespace
}  // namespace kesu::http
