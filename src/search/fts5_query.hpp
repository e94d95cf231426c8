// Turns a parsed query into an SQLite FTS5 MATCH expression over the precomputed token columns of
// SqliteSearchIndex: every word becomes a phrase of its tokens, restricted to the columns the caller allows.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "search/index_columns.hpp"
#include "search/query.hpp"
#include "search/text_normalizer.hpp"

namespace kesu::search {

// A keyed one-way function for customer-name tokens (a blind index), e.g. truncated HMAC-SHA-256 hex.
// Its output is reduced to [0-9a-z]; it must be deterministic for the life of the index.
using TokenHasher = std::function<std::string(std::string_view token)>;

// The token the customer column stores (and a query looks up) for one plain token.
std::string HashedToken(const TokenHasher& hasher, std::string_view token);

// Fails with kInvalidArgument when nothing is left to search for (only punctuation, or only exclusions) and with
// kForbidden when a field: names a column outside `columns`. With a hasher, customer-column terms are hashed and
// prefix terms skip that column.
domain::Result<std::string> CompileFts5Query(const QueryNode& query, const TextNormalizer& normalizer,
                                             ColumnSet columns, const TokenHasher& customer_hasher);

}  // namespace kesu::search
