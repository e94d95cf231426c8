// A short extract of a complaint's text around the best match of a query, with the matched words marked,
// for result lists. Everything else is HTML-escaped, and the extract never splits a UTF-8 character.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "search/query.hpp"
#include "search/text_normalizer.hpp"

namespace kesu::search {

struct SnippetOptions {
    std::size_t max_characters = 120;
    std::string_view mark_open = "<mark>";
    std::string_view mark_close = "</mark>";
    std::string_view ellipsis = "…";
};

// Picks the window of at most max_characters that holds the most distinct query terms (earliest on a tie),
// starting a little before the first match so it reads in context. Terms under '-' are not marked.
// With no match, returns the start of the text. Whitespace runs collapse to one space.
std::string MakeSnippet(const TextNormalizer& normalizer, std::string_view text, const QueryNode& query,
                        const SnippetOptions& options = {});

// A search hit's snippet: from the description, or from the subject when only the subject matches.
std::string HitSnippet(const TextNormalizer& normalizer, std::string_view description, std::string_view subject,
                       const QueryNode& query);

}  // namespace kesu::search
