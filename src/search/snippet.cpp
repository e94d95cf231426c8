#include "search/snippet.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include "search/query_terms.hpp"
#include "search/tokenizer.hpp"
#include "search/utf8.hpp"

namespace kesu::search {
namespace {

struct Span {
    std::size_t begin;  // character indexes into the original text
    std::size_t end;
    std::size_t term;
};

bool Matches(const std::vector<Token>& tokens, std::size_t at, const TermPattern& pattern) {
    if (at + pattern.tokens.size() > tokens.size()) return false;
    for (std::size_t i = 0; i < pattern.tokens.size(); ++i) {
        const std::string& token = tokens[at + i].text;
        const bool last = i + 1 == pattern.tokens.size();
        if (last && pattern.prefix ? !token.starts_with(pattern.tokens[i]) : token != pattern.tokens[i]) return false;
    }
    return true;
}

void AppendEscaped(std::string& out, char32_t code_point) {
    switch (code_point) {
        case U'&':
            out += "&amp;";
            return;
        case U'<':
            out += "&lt;";
            return;
        case U'>':
            out += "&gt;";
            return;
        case U'"':
            out += "&quot;";
            return;
        case U'\'':
            out += "&#39;";
            return;
        default:
            AppendUtf8(out, code_point);
    }
}

bool IsBlank(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == 0x3000; }

}  // namespace

std::string MakeSnippet(const TextNormalizer& normalizer, std::string_view text, const QueryNode& query,
                        const SnippetOptions& options) {
    std::vector<std::size_t> char_starts;
    std::vector<char32_t> chars;
    for (std::size_t offset = 0; offset < text.size();) {
        const auto [code_point, length] = DecodeUtf8(text, offset);
        char_starts.push_back(offset);
        chars.push_back(code_point);
        offset += length;
    }
    char_starts.push_back(text.size());
    const auto char_index = [&](std::size_t byte) {
        return static_cast<std::size_t>(std::lower_bound(char_starts.begin(), char_starts.end(), byte) -
                                        char_starts.begin());
    };

    std::vector<std::vector<TermPattern>> terms;
    ForEachPositiveLeaf(query, [&](const QueryNode& leaf) { terms.push_back(TermPatterns(normalizer, leaf)); });
    const NormalizedText normalized = normalizer.NormalizeWithOffsets(text);
    const std::vector<Token> tokens = Tokenize(normalized.text);
    std::vector<Span> spans;
    for (std::size_t at = 0; at < tokens.size(); ++at) {
        for (std::size_t term = 0; term < terms.size(); ++term) {
            for (const TermPattern& pattern : terms[term]) {
                if (pattern.tokens.empty() || !Matches(tokens, at, pattern)) continue;
                const std::size_t begin = tokens[at].begin;
                const std::size_t end = tokens[at + pattern.tokens.size() - 1].end;
                if (end <= begin) continue;
                const std::size_t source_begin = normalized.source_offsets[begin];
                const std::size_t last_source = normalized.source_offsets[end - 1];
                const std::size_t source_end = last_source + DecodeUtf8(text, last_source).length;
                spans.push_back(Span{char_index(source_begin), char_index(source_end), term});
            }
        }
    }

    const std::size_t total = chars.size();
    const std::size_t width = std::max<std::size_t>(options.max_characters, 1);
    const std::size_t lead = std::min<std::size_t>(width / 5, 24);
    std::size_t window_begin = 0;
    std::size_t best_terms = 0;
    for (const Span& anchor : spans) {
        std::size_t begin = anchor.begin > lead ? anchor.begin - lead : 0;
        if (begin + width > total) begin = total > width ? total - width : 0;
        std::set<std::size_t> covered;
        for (const Span& span : spans)
            if (span.begin >= begin && span.end <= begin + width) covered.insert(span.term);
        if (covered.size() > best_terms || (covered.size() == best_terms && begin < window_begin)) {
            best_terms = covered.size();
            window_begin = begin;
        }
    }
    const std::size_t window_end = std::min(total, window_begin + width);

    std::vector<bool> marked(total, false);
    for (const Span& span : spans)
        for (std::size_t i = span.begin; i < span.end && i < total; ++i) marked[i] = true;

    std::string out;
    if (window_begin > 0) out += options.ellipsis;
    bool in_mark = false;
    bool pending_space = false;
    for (std::size_t i = window_begin; i < window_end; ++i) {
        if (IsBlank(chars[i]) && !marked[i]) {
            pending_space = true;
            continue;
        }
        if (in_mark && !marked[i]) {
            out += options.mark_close;
            in_mark = false;
        }
        if (pending_space && !out.empty() && !(window_begin > 0 && out == options.ellipsis)) out += ' ';
        pending_space = false;
        if (!in_mark && marked[i]) {
            out += options.mark_open;
            in_mark = true;
        }
        AppendEscaped(out, IsBlank(chars[i]) ? U' ' : chars[i]);
    }
    if (in_mark) out += options.mark_close;
    if (window_end < total) out += options.ellipsis;
    return out;
}

std::string HitSnippet(const TextNormalizer& normalizer, std::string_view description, std::string_view subject,
                       const QueryNode& query) {
    std::string snippet = MakeSnippet(normalizer, description, query);
    if (snippet.find("<mark>") == std::string::npos) {
        std::string subject_snippet = MakeSnippet(normalizer, subject, query);
        if (subject_snippet.find("<mark>") != std::string::npos) return subject_snippet;
    }
    return snippet;
}

}  // namespace kesu::search
