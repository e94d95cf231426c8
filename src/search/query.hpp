// What a user typed into the search box, parsed: a boolean tree of words and phrases for the full-text
// index, plus the list filters (status:, level:, from:, ...) that the caller applies next to it.
// See docs/search.md for the query language. Nodes keep 1-based character positions for error messages.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/complaint.hpp"
#include "domain/error.hpp"

namespace kesu::search {

// The text a term may be restricted to (subject:, body:, notes:, product:/order:, customer:).
enum class TextField { kAny, kSubject, kBody, kInternalNotes, kProductOrder, kCustomerName };

struct QueryNode {
    enum class Kind {
        kWord,    // one whitespace-delimited word; several tokens inside it must be adjacent (屏幕碎裂, e-mail)
        kPhrase,  // "quoted words": adjacent, in order; spaces between two CJK characters are ignored
        kAnd,     // children all match; kNot children exclude
        kOr,
        kNot,  // exactly one child; only as a child of kAnd
    };
    Kind kind = Kind::kWord;
    std::string text;                   // kWord, kPhrase: as typed (without quotes and trailing '*')
    bool prefix = false;                // kWord typed with a trailing '*'
    TextField field = TextField::kAny;  // kWord, kPhrase
    std::vector<QueryNode> children;    // kAnd, kOr, kNot
    std::size_t position = 0;           // 1-based character position in the query
};

struct OwnerFilter {
    bool me = false;                       // owner:me
    std::optional<std::int64_t> owner_id;  // owner:42
};

// Repeated or comma-separated values of one filter are alternatives (status:closed,replied); different
// filters all apply. Dates are civil dates, both bounds inclusive; the caller picks the time zone.
struct QueryFilters {
    std::vector<domain::Status> statuses;
    std::vector<domain::Level> levels;
    std::vector<std::string> categories;
    std::vector<domain::Channel> channels;
    std::vector<domain::RequestKind> kinds;
    std::vector<std::int64_t> department_ids;
    std::optional<OwnerFilter> owner;
    std::optional<std::chrono::year_month_day> from;
    std::optional<std::chrono::year_month_day> to;

    bool IsEmpty() const;
};

struct ParsedQuery {
    std::optional<QueryNode> text;  // absent when the query holds only filters
    QueryFilters filters;
};

// Fails with kInvalidArgument (field "q") for an empty query, an unbalanced quote or parenthesis, an unknown
// field, a bad filter value, a filter inside OR / negation / parentheses, or '-' inside OR; the message
// names the character position.
domain::Result<ParsedQuery> ParseQuery(std::string_view query);

}  // namespace kesu::search
