#include "codec/json_text.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace kesu::codec {
namespace {

std::string ReadBack(std::string_view text) {
    std::string out;
    AppendJsonString(out, text);
    return nlohmann::json::parse(out).get<std::string>();
}

TEST(JsonText, StringsReadBackUnchangedWhateverTheyContain) {
    for (std::string_view text : {"", "plain ascii", "快递三天未到，要求退款", "he said \"no\"", "C:\\path\\file",
                                  "line one\nline two\r\n", "tab\tand \x01\x1f controls", "混合 \"引号\" 与\\反斜杠\n"})
        EXPECT_EQ(ReadBack(text), text);
}

TEST(JsonText, NumbersAreWrittenInFull) {
    std::string out;
    AppendJsonNumber(out, -9'223'372'036'854'775'807 - 1);
    out += ',';
    AppendJsonNumber(out, 1'790'000'000'000);
    EXPECT_EQ(out, "-9223372036854775808,1790000000000");
}

}  // namespace
}  // namespace kesu::codec
