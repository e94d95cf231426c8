#include "domain/time.hpp"

#include <charconv>
#include <cstdio>

namespace kesu::domain {
namespace {

bool ReadInt(std::string_view text, std::size_t& pos, std::size_t digits, int& out) {
    if (pos + digits > text.size()) return false;
    int value = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        char c = text[pos + i];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    pos += digits;
    out = value;
    return true;
}

bool Expect(std::string_view text, std::size_t& pos, char c) {
    if (pos >= text.size() || text[pos] != c) return false;
    ++pos;
    return true;
}

}  // namespace

std::string FormatInstant(Instant at) {
    using namespace std::chrono;
    auto day = floor<days>(at);
    year_month_day ymd{day};
    hh_mm_ss<milliseconds> tod{at - day};
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ldZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<long>(tod.hours().count()), static_cast<long>(tod.minutes().count()),
                  static_cast<long>(tod.seconds().count()), static_cast<long>(tod.subseconds().count()));
    return buffer;
}

std::optional<Instant> ParseInstant(std::string_view text) {
    using namespace std::chrono;
    std::size_t pos = 0;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (!ReadInt(text, pos, 4, y) || !Expect(text, pos, '-') || !ReadInt(text, pos, 2, mo) ||
        !Expect(text, pos, '-') || !ReadInt(text, pos, 2, d))
        return std::nullopt;
    if (pos >= text.size() || (text[pos] != 'T' && text[pos] != ' ')) return std::nullopt;
    ++pos;
    if (!ReadInt(text, pos, 2, h) || !Expect(text, pos, ':') || !ReadInt(text, pos, 2, mi)) return std::nullopt;
    int millis = 0;
    if (pos < text.size() && text[pos] == ':') {
        ++pos;
        if (!ReadInt(text, pos, 2, s)) return std::nullopt;
        if (pos < text.size() && text[pos] == '.') {
            ++pos;
            int scale = 100;
            std::size_t start = pos;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                if (scale > 0) millis += (text[pos] - '0') * scale;
                scale /= 10;
                ++pos;
            }
            if (pos == start) return std::nullopt;
        }
    }
    int offset_minutes = 0;
    if (pos >= text.size()) return std::nullopt;  // an offset is required: no guessing of local time
    if (text[pos] == 'Z' || text[pos] == 'z') {
        ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
        int sign = text[pos] == '-' ? -1 : 1;
        ++pos;
        int oh = 0, om = 0;
        if (!ReadInt(text, pos, 2, oh) || !Expect(text, pos, ':') || !ReadInt(text, pos, 2, om)) return std::nullopt;
        if (oh > 23 || om > 59) return std::nullopt;
        offset_minutes = sign * (oh * 60 + om);
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) return std::nullopt;
    year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
    auto local = sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} + milliseconds{millis};
    return time_point_cast<milliseconds>(local - minutes{offset_minutes});
}

std::string CivilDateStamp(Instant at, std::chrono::minutes utc_offset) {
    using namespace std::chrono;
    year_month_day ymd{floor<days>(at + utc_offset)};
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d%02u%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buffer;
}

}  // namespace kesu::domain
