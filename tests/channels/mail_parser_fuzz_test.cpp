// Runs the fuzz harness over the seed corpus and a bounded number of mutations of it (fixed seed, so a failure
// repeats), plus inputs built to hit the parser's limits. Under AddressSanitizer (scripts/test.sh) this catches
// memory errors a real fuzzing run would.
#include "channels/mail_parser_fuzz.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace kesu::channels {
namespace {

std::vector<std::string> Seeds() {
    const char* source = std::getenv("KESU_SOURCE_DIR");
    const std::filesystem::path directory =
        std::filesystem::path(source != nullptr ? source : KESU_SOURCE_DIR_DEFAULT) / "tests/channels/fuzz_seeds";
    std::vector<std::string> seeds;
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
        std::ifstream file(entry.path(), std::ios::binary);
        std::stringstream content;
        content << file.rdbuf();
        seeds.push_back(content.str());
    }
    return seeds;
}

int Fuzz(const std::string& input) {
    return FuzzOne(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

TEST(MailParserFuzz, SurvivesTheSeedsAndTheirMutations) {
    const std::vector<std::string> seeds = Seeds();
    ASSERT_GE(seeds.size(), 5u);
    std::mt19937 random(20261122);
    const auto pick = [&](std::size_t bound) {
        return bound == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, bound - 1)(random);
    };
    constexpr std::string_view kTokens[] = {"\r\n",
                                            "--b",
                                            "=?",
                                            "?=",
                                            "?B?",
                                            "=?GBK?B?",
                                            "boundary=",
                                            "\r\n\r\n",
                                            "Content-Type: multipart/mixed; boundary=b\r\n",
                                            "=\r\n",
                                            "%",
                                            "''",
                                            "charset=gb2312",
                                            "\xff",
                                            "\x00",
                                            "<",
                                            ">",
                                            "=3D"};
    int runs = 0;
    for (const std::string& seed : seeds) {
        EXPECT_EQ(Fuzz(seed), 0);
        for (int i = 0; i < 600; ++i) {
            std::string input = seed;
            const int edits = 1 + static_cast<int>(pick(8));
            for (int edit = 0; edit < edits; ++edit) {
                switch (pick(6)) {
                    case 0:  // flip a bit
                        if (!input.empty()) input[pick(input.size())] ^= static_cast<char>(1 << pick(8));
                        break;
                    case 1:  // insert a token the parser cares about
                        input.insert(pick(input.size() + 1), kTokens[pick(std::size(kTokens))]);
                        break;
                    case 2:  // delete a run
                        if (!input.empty()) {
                            const std::size_t at = pick(input.size());
                            input.erase(at, pick(32));
                        }
                        break;
                    case 3:  // duplicate a run
                        if (!input.empty()) {
                            const std::size_t at = pick(input.size());
                            input.insert(pick(input.size()), input.substr(at, pick(200)));
                        }
                        break;
                    case 4:  // splice in another seed
                        input.insert(pick(input.size() + 1), seeds[pick(seeds.size())]);
                        break;
                    default:  // truncate
                        input.resize(pick(input.size() + 1));
                        break;
                }
            }
            EXPECT_EQ(Fuzz(input), 0);
            ++runs;
        }
    }
    EXPECT_GE(runs, 3000);
}

TEST(MailParserFuzz, SurvivesInputsBuiltToHitTheLimits) {
    std::string deep = "Content-Type: multipart/mixed; boundary=b0\r\n\r\n";
    for (int i = 0; i < 2000; ++i)
        deep += "--b" + std::to_string(i) + "\r\nContent-Type: multipart/mixed; boundary=b" + std::to_string(i + 1) +
                "\r\n\r\n";
    EXPECT_EQ(Fuzz(deep), 0);
    std::string wide = "Content-Type: multipart/mixed; boundary=b\r\n\r\n";
    for (int i = 0; i < 20000; ++i) wide += "--b\r\nContent-Type: image/png\r\n\r\nx\r\n";
    EXPECT_EQ(Fuzz(wide + "--b--\r\n"), 0);
    std::string long_header = "Subject: ";
    for (int i = 0; i < 20000; ++i) long_header += "=?GBK?B?1tA=?= ";
    EXPECT_EQ(Fuzz(long_header + "\r\n\r\nbody"), 0);
    EXPECT_EQ(Fuzz(std::string(100000, '\n')), 0);
    EXPECT_EQ(Fuzz(std::string(1, '\0')), 0);
    EXPECT_EQ(Fuzz(""), 0);
}

}  // namespace
}  // namespace kesu::channels
