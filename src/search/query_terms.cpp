#include "search/query_terms.hpp"

#include <algorithm>

#include "search/tokenizer.hpp"
#include "search/utf8.hpp"

namespace kesu::search {
namespace {

// Chinese is written without spaces, so inside a phrase "屏幕 碎了" means 屏幕碎了.
std::string JoinCjkAcrossSpaces(std::string_view text) {
    std::string out;
    std::size_t offset = 0;
    char32_t previous = 0;
    while (offset < text.size()) {
        const auto [code_point, length] = DecodeUtf8(text, offset);
        if (code_point == U' ' && IsCjk(previous)) {
            std::size_t next = offset;
            while (next < text.size() && text[next] == ' ') ++next;
            if (next < text.size() && IsCjk(DecodeUtf8(text, next).code_point)) {
                offset = next;
                continue;
            }
        }
        out.append(text.substr(offset, length));
        previous = code_point;
        offset += length;
    }
    return out;
}

std::vector<std::string> TextsOf(std::vector<Token>::const_iterator begin, std::vector<Token>::const_iterator end) {
    std::vector<std::string> texts;
    for (auto it = begin; it != end; ++it) texts.push_back(it->text);
    return texts;
}

}  // namespace

std::vector<TermPattern> TermPatterns(const TextNormalizer& normalizer, const QueryNode& leaf) {
    const std::string text = leaf.kind == QueryNode::Kind::kPhrase ? JoinCjkAcrossSpaces(leaf.text) : leaf.text;
    std::vector<Token> tokens = Tokenize(normalizer.Normalize(text));
    auto first = tokens.begin();
    if (tokens.size() > 1 && first->kind == TokenKind::kCjkUnigram) ++first;
    while (first != tokens.end() && first->kind == TokenKind::kGap) ++first;
    if (first == tokens.end()) return {};
    const bool prefix = leaf.prefix || tokens.back().kind == TokenKind::kCjkUnigram;

    const bool single_code = tokens.back().kind == TokenKind::kCompound && tokens.back().begin == first->begin &&
                             std::none_of(first, tokens.end() - 1, [](const Token& token) {
                                 return token.kind != TokenKind::kWord && token.kind != TokenKind::kNumber;
                             });
    if (single_code) {
        return {TermPattern{{tokens.back().text}, prefix}, TermPattern{TextsOf(first, tokens.end() - 1), prefix}};
    }
    return {TermPattern{TextsOf(first, tokens.end()), prefix}};
}

}  // namespace kesu::search
