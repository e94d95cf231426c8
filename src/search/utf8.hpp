// UTF-8 decoding and the character classes the search analyzer needs, without pulling in ICU.
// Invalid bytes decode as U+FFFD one byte at a time, so every input yields a sequence of code points.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kesu::search {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// Decodes the code point starting at text[offset] and returns it with its length in bytes (at least 1).
// Requires: offset < text.size().
struct DecodedChar {
    char32_t code_point;
    std::size_t length;
};
DecodedChar DecodeUtf8(std::string_view text, std::size_t offset);

void AppendUtf8(std::string& out, char32_t code_point);
std::size_t CountCodePoints(std::string_view text);

// Han, kana and Hangul: scripts written without spaces, indexed as bigrams.
bool IsCjk(char32_t code_point);
// Letters of alphabetic scripts (Latin, Greek, Cyrillic, ...). After normalisation ASCII letters are lower case.
bool IsWordLetter(char32_t code_point);
inline bool IsAsciiDigit(char32_t code_point) { return code_point >= U'0' && code_point <= U'9'; }

}  // namespace kesu::search
