// The full-text index of complaints on PostgreSQL (docs/search.md, "PostgreSQL plan"). kesu's own analyzer
// (kesu::search) produces the same tokens as for SQLite; they are stored as tsvector literals — PostgreSQL's
// parser and dictionaries are never involved — with one weight per column (subject A, product/order B, internal
// notes C, body D) and customer-name tokens, hashed, in a tsvector of their own. Each word or phrase of a query
// becomes a tsquery (<-> for adjacency, :* for a prefix, weights for the columns the role may search); the
// boolean structure is SQL over those matches, so a term may match in any allowed column. GIN indexes serve
// the matches; relevance is ts_rank over the newest matches, as SQLite ranks the newest by BM25.
// It works on a connection the caller owns, inside the caller's transaction.
// Thread-safety: none; one thread at a time, like the connection.
#pragma once

#include <cstdint>
#include <vector>

#include "domain/error.hpp"
#include "search/fts5_query.hpp"
#include "search/query.hpp"
#include "search/sqlite_search_index.hpp"  // IndexedDocument, SearchOptions, SearchPage, Similar*: shared types
#include "search/text_normalizer.hpp"
#include "storage/postgres/postgres_connection.hpp"

namespace kesu::storage::postgres {

class PostgresSearchIndex {
public:
    // Requires: connection, normalizer and hasher outlive the index. With a hasher, customer-name tokens are
    // stored and searched only hashed.
    PostgresSearchIndex(Connection& connection, const search::TextNormalizer& normalizer,
                        const search::TokenHasher& customer_hasher)
        : connection_(connection), normalizer_(normalizer), customer_hasher_(customer_hasher) {}

    // Records the analyzer version on first use; kConflict if the index was built by another one (rebuild it).
    domain::Result<void> CheckAnalyzerVersion();
    domain::Result<void> Upsert(const search::IndexedDocument& document);

    // options.doc_filter_sql: trusted SQL over d.doc_id with '?' placeholders. Errors as CompileFts5Query's:
    // kInvalidArgument for nothing to search, kForbidden for a field the columns do not allow.
    domain::Result<search::SearchPage> Search(const search::QueryNode& query, const search::SearchOptions& options) const;
    // Same customer first (most similar first), then text-similar documents. kNotFound for an unknown id.
    domain::Result<std::vector<search::SimilarHit>> Similar(std::int64_t doc_id,
                                                            const search::SimilarOptions& options) const;

    const search::TextNormalizer& normalizer() const { return normalizer_; }

private:
    Connection& connection_;
    const search::TextNormalizer& normalizer_;
    const search::TokenHasher& customer_hasher_;
};

}  // namespace kesu::storage::postgres
