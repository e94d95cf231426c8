// Helpers for the calendar tests: instants written and read as China local time, so expectations read like the
// rules in docs/sla.md, and the location of the shared holiday feeds.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "domain/time.hpp"

namespace kesu::domain::testing {

// Local time in Asia/Shanghai (+08:00).
inline Instant Beijing(int year, unsigned month, unsigned day, int hour = 0, int minute = 0) {
    using namespace std::chrono;
    sys_days date{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
    return Instant{date} + hours{hour - 8} + minutes{minute};
}

// "2026-02-24 18:00" (with ":ss.mmm" when not on a whole minute), in Asia/Shanghai.
inline std::string Local(Instant at) {
    using namespace std::chrono;
    Instant local = at + hours{8};
    auto day = floor<days>(local);
    year_month_day date{day};
    hh_mm_ss<milliseconds> time{local - day};
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u %02ld:%02ld", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()));
    std::string text = buffer;
    if (time.seconds().count() != 0 || time.subseconds().count() != 0) {
        std::snprintf(buffer, sizeof buffer, ":%02ld.%03ld", static_cast<long>(time.seconds().count()),
                      static_cast<long>(time.subseconds().count()));
        text += buffer;
    }
    return text;
}

// KESU_SHARED_DATA (CTest sets it), else the path CMake knew at configure time.
inline std::filesystem::path SharedData() {
    if (const char* value = std::getenv("KESU_SHARED_DATA"); value && *value) return value;
    return KESU_DEFAULT_SHARED_DATA;
}

inline std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

}  // namespace kesu::domain::testing
