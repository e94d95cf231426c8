#include "search/utf8.hpp"

#include <array>
#include <span>
#include <utility>

namespace kesu::search {
namespace {

bool IsContinuation(unsigned char byte) { return (byte & 0xC0U) == 0x80U; }

bool InRanges(char32_t code_point, std::span<const std::pair<char32_t, char32_t>> ranges) {
    for (const auto& [first, last] : ranges)
        if (code_point >= first && code_point <= last) return true;
    return false;
}

constexpr std::array<std::pair<char32_t, char32_t>, 10> kCjkRanges{{
    {0x3005, 0x3007},    // 々 〆 〇
    {0x3040, 0x30FF},    // hiragana, katakana
    {0x3400, 0x4DBF},    // CJK extension A
    {0x4E00, 0x9FFF},    // CJK unified ideographs
    {0xAC00, 0xD7AF},    // Hangul syllables
    {0xF900, 0xFAFF},    // CJK compatibility ideographs
    {0x20000, 0x2A6DF},  // extension B
    {0x2A700, 0x2EBEF},  // extensions C-F
    {0x2F800, 0x2FA1F},  // compatibility supplement
    {0x30000, 0x3134F},  // extension G
}};

constexpr std::array<std::pair<char32_t, char32_t>, 11> kLetterRanges{{
    {0x00C0, 0x00D6},
    {0x00D8, 0x00F6},
    {0x00F8, 0x024F},  // Latin-1 letters (not × ÷), extended A/B
    {0x0370, 0x03FF},  // Greek
    {0x0400, 0x052F},  // Cyrillic
    {0x0531, 0x058F},  // Armenian
    {0x05D0, 0x05EA},  // Hebrew
    {0x0620, 0x064A},  // Arabic letters
    {0x0E01, 0x0E30},  // Thai consonants and vowels
    {0x1E00, 0x1EFF},  // Latin extended additional (Vietnamese)
    {0xFB00, 0xFB06},  // Latin ligatures
}};

}  // namespace

DecodedChar DecodeUtf8(std::string_view text, std::size_t offset) {
    const auto lead = static_cast<unsigned char>(text[offset]);
    if (lead < 0x80U) return {lead, 1};
    std::size_t length = 0;
    char32_t code_point = 0;
    char32_t minimum = 0;
    if ((lead & 0xE0U) == 0xC0U) {
        length = 2, code_point = lead & 0x1FU, minimum = 0x80;
    } else if ((lead & 0xF0U) == 0xE0U) {
        length = 3, code_point = lead & 0x0FU, minimum = 0x800;
    } else if ((lead & 0xF8U) == 0xF0U) {
        length = 4, code_point = lead & 0x07U, minimum = 0x10000;
    } else {
        return {kReplacementCharacter, 1};
    }
    if (offset + length > text.size()) return {kReplacementCharacter, 1};
    for (std::size_t i = 1; i < length; ++i) {
        const auto byte = static_cast<unsigned char>(text[offset + i]);
        if (!IsContinuation(byte)) return {kReplacementCharacter, 1};
        code_point = (code_point << 6U) | (byte & 0x3FU);
    }
    if (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF))
        return {kReplacementCharacter, 1};
    return {code_point, length};
}

void AppendUtf8(std::string& out, char32_t code_point) {
    if (code_point < 0x80) {
        out.push_back(static_cast<char>(code_point));
    } else if (code_point < 0x800) {
        out.push_back(static_cast<char>(0xC0U | (code_point >> 6U)));
        out.push_back(static_cast<char>(0x80U | (code_point & 0x3FU)));
    } else if (code_point < 0x10000) {
        out.push_back(static_cast<char>(0xE0U | (code_point >> 12U)));
        out.push_back(static_cast<char>(0x80U | ((code_point >> 6U) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | (code_point & 0x3FU)));
    } else {
        out.push_back(static_cast<char>(0xF0U | (code_point >> 18U)));
        out.push_back(static_cast<char>(0x80U | ((code_point >> 12U) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | ((code_point >> 6U) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | (code_point & 0x3FU)));
    }
}

std::size_t CountCodePoints(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t offset = 0; offset < text.size(); offset += DecodeUtf8(text, offset).length) ++count;
    return count;
}

bool IsCjk(char32_t code_point) { return code_point >= 0x3005 && InRanges(code_point, kCjkRanges); }

bool IsWordLetter(char32_t code_point) {
    if (code_point < 0x80)
        return (code_point >= U'a' && code_point <= U'z') || (code_point >= U'A' && code_point <= U'Z');
    return InRanges(code_point, kLetterRanges);
}

}  // namespace kesu::search
