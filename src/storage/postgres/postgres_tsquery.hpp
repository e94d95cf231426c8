// How kesu's tokens and parsed queries are written for PostgreSQL full-text search (docs/search.md): tsvector
// literals built from the analyzer's tokens with one weight per column, and a parsed query as SQL over search_doc
// d in which every word or phrase is a tsquery match (<-> for adjacency, :* for a prefix, weights for the columns
// the role may search), so a term may match in any allowed column. Same rules and messages as CompileFts5Query.
#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/error.hpp"
#include "search/fts5_query.hpp"
#include "search/index_columns.hpp"
#include "search/query.hpp"
#include "search/text_normalizer.hpp"

namespace kesu::storage::postgres {

// The tsvector weight of a text column: subject A, product/order B, internal notes C, body D.
char ColumnWeight(search::IndexColumn column);
// The weight letters of the text columns in `columns` ("" when all four: no restriction), as in 'tok':ABD.
std::string WeightLetters(search::ColumnSet columns);
// The same as a "char"[] literal for ts_filter ("{a,b,d}").
std::string WeightArray(search::ColumnSet columns);

// A tsvector literal: the tokens of each column in turn, one position per token, with the column's weight.
class TsvectorBuilder {
public:
    // weight: 'A'..'D', or ' ' for none (D and none are the same to PostgreSQL).
    void AddColumn(const std::vector<std::string>& tokens, char weight);
    std::string Literal() const;

private:
    int next_position_ = 1;
    std::unordered_map<std::string, std::vector<std::pair<int, char>>> lexemes_;
};

struct TextCondition {
    std::string sql;                  // a condition on search_doc d with '?' placeholders
    std::vector<std::string> params;  // tsquery literals, in placeholder order
    std::string rank_query;           // every positive term OR-ed, for ts_rank ("" when none is in doc_tokens)
};

// Errors: kForbidden when columns is empty or a field: names a column outside it; kInvalidArgument when nothing is
// left to search for (only punctuation, or only exclusions).
domain::Result<TextCondition> CompileTextQuery(const search::QueryNode& query, const search::TextNormalizer& normalizer,
                                               search::ColumnSet columns, const search::TokenHasher& customer_hasher);

}  // namespace kesu::storage::postgres
