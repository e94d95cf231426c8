// Splits normalised text into the tokens the index stores and queries look up, with positions for phrases.
// Chinese (and other CJK) runs become overlapping bigrams, a lone CJK character a unigram; letters form
// words, digits numbers; an alphanumeric code such as so2023-11-0042 yields its parts and, because it has
// digits, a compound token "_so2023110042" so it is found whether typed with or without separators.
// Requires: input already went through TextNormalizer (lower case, folded).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kesu::search {

enum class TokenKind {
    kCjkBigram,
    kCjkUnigram,  // a CJK run of one character
    kWord,        // letters
    kNumber,      // ASCII digits
    kCompound,    // the joined parts of a code with digits, prefixed by kCompoundMarker
    kGap,         // between two CJK runs with only punctuation or spaces between them
};

// The gap token keeps a phrase of bigrams from matching across punctuation ("屏幕，碎了" must not match
// 屏幕碎了). Neither it nor the compound marker can come out of text: '_' always separates words.
inline constexpr std::string_view kGapToken = "_";
inline constexpr char kCompoundMarker = '_';

struct Token {
    std::string text;
    TokenKind kind = TokenKind::kWord;
    std::uint32_t begin = 0;  // byte offsets into the normalised text; a gap is empty
    std::uint32_t end = 0;
};

// Connectors join the parts of a code when they stand between two letters or digits: - _ / .
std::vector<Token> Tokenize(std::string_view normalized);

// The space-separated token stream stored in an FTS5 column (token i is at position i).
std::string JoinTokens(const std::vector<Token>& tokens);

}  // namespace kesu::search
