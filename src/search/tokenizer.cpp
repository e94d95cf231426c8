#include "search/tokenizer.hpp"

#include "search/utf8.hpp"

namespace kesu::search {
namespace {

enum class CharClass { kCjk, kLetter, kDigit, kOther };

CharClass Classify(char32_t code_point) {
    if (IsAsciiDigit(code_point)) return CharClass::kDigit;
    if (IsWordLetter(code_point)) return CharClass::kLetter;
    if (IsCjk(code_point)) return CharClass::kCjk;
    return CharClass::kOther;
}

bool IsConnector(char32_t code_point) {
    return code_point == U'-' || code_point == U'_' || code_point == U'/' || code_point == U'.';
}

bool IsAlphanumeric(CharClass char_class) {
    return char_class == CharClass::kLetter || char_class == CharClass::kDigit;
}

struct Part {
    std::size_t begin;
    std::size_t end;
    bool digits;
};

class Splitter {
public:
    explicit Splitter(std::string_view text) : text_(text) {}

    std::vector<Token> Run() {
        while (offset_ < text_.size()) {
            const auto [code_point, length] = DecodeUtf8(text_, offset_);
            const CharClass char_class = Classify(code_point);
            if (char_class == CharClass::kCjk) {
                TakeCjkRun();
            } else if (IsAlphanumeric(char_class)) {
                TakeCode();
            } else {
                offset_ += length;
            }
        }
        return std::move(tokens_);
    }

private:
    void Emit(std::string text, TokenKind kind, std::size_t begin, std::size_t end) {
        tokens_.push_back(
            Token{std::move(text), kind, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)});
    }

    void TakeCjkRun() {
        std::vector<std::size_t> starts;
        std::size_t end = offset_;
        while (end < text_.size()) {
            const auto [code_point, length] = DecodeUtf8(text_, end);
            if (!IsCjk(code_point)) break;
            starts.push_back(end);
            end += length;
        }
        starts.push_back(end);
        if (!tokens_.empty() && tokens_.size() == tokens_after_cjk_run_)
            Emit(std::string(kGapToken), TokenKind::kGap, offset_, offset_);
        const std::size_t characters = starts.size() - 1;
        if (characters == 1) {
            Emit(std::string(text_.substr(offset_, end - offset_)), TokenKind::kCjkUnigram, offset_, end);
        } else {
            for (std::size_t i = 0; i + 1 < characters; ++i)
                Emit(std::string(text_.substr(starts[i], starts[i + 2] - starts[i])), TokenKind::kCjkBigram, starts[i],
                     starts[i + 2]);
        }
        tokens_after_cjk_run_ = tokens_.size();
        offset_ = end;
    }

    // Letters and digits, split where the class changes or at a connector between two of them.
    void TakeCode() {
        std::vector<Part> parts;
        std::size_t position = offset_;
        while (true) {
            const auto [first, first_length] = DecodeUtf8(text_, position);
            const CharClass part_class = Classify(first);
            const std::size_t begin = position;
            position += first_length;
            while (position < text_.size()) {
                const auto [code_point, length] = DecodeUtf8(text_, position);
                if (Classify(code_point) != part_class) break;
                position += length;
            }
            parts.push_back(Part{begin, position, part_class == CharClass::kDigit});
            if (position >= text_.size()) break;
            const auto [next, next_length] = DecodeUtf8(text_, position);
            if (IsAlphanumeric(Classify(next))) continue;
            if (!IsConnector(next) || position + next_length >= text_.size()) break;
            if (!IsAlphanumeric(Classify(DecodeUtf8(text_, position + next_length).code_point))) break;
            position += next_length;
        }
        std::string joined(1, kCompoundMarker);
        bool has_digits = false;
        for (const Part& part : parts) {
            const std::string_view text = text_.substr(part.begin, part.end - part.begin);
            Emit(std::string(text), part.digits ? TokenKind::kNumber : TokenKind::kWord, part.begin, part.end);
            joined += text;
            has_digits = has_digits || part.digits;
        }
        if (parts.size() > 1 && has_digits)
            Emit(std::move(joined), TokenKind::kCompound, parts.front().begin, parts.back().end);
        offset_ = position;
    }

    std::string_view text_;
    std::size_t offset_ = 0;
    std::vector<Token> tokens_;
    std::size_t tokens_after_cjk_run_ = static_cast<std::size_t>(-1);
};

}  // namespace

std::vector<Token> Tokenize(std::string_view normalized) { return Splitter(normalized).Run(); }

std::string JoinTokens(const std::vector<Token>& tokens) {
    std::string out;
    for (const Token& token : tokens) {
        if (!out.empty()) out.push_back(' ');
        out += token.text;
    }
    return out;
}

}  // namespace kesu::search
