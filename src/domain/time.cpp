#include "domain/time.hpp"

#include <charconv>
#include <charconv>

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

void AppendPadded(std::string& out, long long value, int width) {
    char digits[24];
    const unsigned long long magnitude =
        value < 0 ? 0ULL - static_cast<unsigned long long>(value) : static_cast<unsigned long long>(value);
    const auto end = std::to_chars(digits, digits + sizeof digits, magnitude).ptr;
    const auto length = static_cast<int>(end - digits);
    if (value < 0) out.push_back('-');
    if (length < width) out.append(static_cast<std::size_t>(width - length), '0');
    out.append(digits, end);
}

std::string FormatInstant(Instant at) {
    using namespace std::chrono;
    auto day = floor<days>(at);
    year_month_day ymd{day};
    hh_mm_ss<milliseconds> tod{at - day};
    std::string out;
    out.reserve(24);
    AppendPadded(out, static_cast<int>(ymd.year()), 4);
    out.push_back('-');
    AppendPadded(out, static_cast<unsigned>(ymd.month()), 2);
    out.push_back('-');
    AppendPadded(out, static_cast<unsigned>(ymd.day()), 2);
    out.push_back('T');
    AppendPadded(out, tod.hours().count(), 2);
    out.push_back(':');
    AppendPadded(out, tod.minutes().count(), 2);
    out.push_back(':');
    AppendPadded(out, tod.seconds().count(), 2);
    out.push_back('.');
    AppendPadded(out, tod.subseconds().count(), 3);
    out.push_back('Z');
    return out;
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
    std::string out;
    AppendPadded(out, static_cast<int>(ymd.year()), 4);
    AppendPadded(out, static_cast<unsigned>(ymd.month()), 2);
    AppendPadded(out, static_cast<unsigned>(ymd.day()), 2);
    return out;
}

}  // namespace kesu::domain
