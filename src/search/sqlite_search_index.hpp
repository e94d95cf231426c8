// The full-text index of complaints on SQLite: FTS5 over precomputed token streams (see tokenizer.hpp), so
// BM25, phrase positions and column filters come from FTS5 and any sqlite3 shell can read the tables.
// It works on a connection the caller owns, inside the caller's transaction: the storage layer calls
// Upsert/Remove in the same write transaction as the complaint. Schema and design: docs/search.md.
// Thread-safety: none; use one instance per connection from one thread at a time, like the connection.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/error.hpp"
#include "domain/time.hpp"
#include "search/fts5_query.hpp"
#include "search/index_columns.hpp"
#include "search/query.hpp"
#include "search/text_normalizer.hpp"

struct sqlite3;

namespace kesu::search {

// Bump when tokens or normalisation change: stored token streams must then be rebuilt (docs/search.md).
// Version 2 added the scope column.
inline constexpr int kAnalyzerVersion = 2;

// Who may find a document, as tokens of the internal `scope` column (never matched by user queries): its
// department ("d_12", or "d_none" while unassigned) and owner ("u_7" or "u_none"). A search restricted to a
// reader's scope asks FTS5 for any of the reader's tokens, so FTS5 intersects the posting lists itself instead
// of the caller probing every match.
std::string DepartmentScopeToken(std::optional<std::int64_t> department_id);
std::string OwnerScopeToken(std::optional<std::int64_t> owner_id);

struct IndexedDocument {
    std::int64_t doc_id = 0;
    domain::Instant sort_time;  // received_at: drives date order and what counts as "earlier"
    std::string subject;
    std::string body;  // description and the replies the customer saw
    std::string internal_notes;
    std::string product_order;  // product and order number
    std::string customer_name;  // stored hashed when the index has a customer hasher
    std::string customer_key;   // opaque customer identity for "same customer first"; empty if unknown
    std::vector<std::string> scope;  // DepartmentScopeToken and OwnerScopeToken of the complaint
};

enum class SearchOrder { kRelevance, kNewest, kOldest };

using SqlArgument = std::variant<std::int64_t, std::string>;

struct SearchOptions {
    ColumnSet columns = ColumnSet::Public();  // what the caller's role may search
    std::size_t limit = 20;
    std::size_t offset = 0;
    SearchOrder order = SearchOrder::kRelevance;
    std::size_t count_cap = 1000;  // total stops counting here, so counts stay fast
    // kRelevance ranks the newest `relevance_window` matches by BM25 (exact when fewer match); see docs.
    std::size_t relevance_window = 5000;
    // With doc_filter_sql each candidate costs a row probe, so fewer are ranked (a narrow scope of a common word
    // would otherwise probe every match).
    std::size_t filtered_relevance_window = 1000;
    // Trusted SQL (never user text) restricting d.doc_id, with '?' placeholders bound to the arguments, e.g.
    // "d.doc_id IN (SELECT id FROM complaint WHERE status = ?)". Empty: no restriction.
    std::string doc_filter_sql;
    std::vector<SqlArgument> doc_filter_arguments;
    // Only documents carrying at least one of these scope tokens. Empty: no restriction.
    std::vector<std::string> scope_any;
};

struct SearchHit {
    std::int64_t doc_id = 0;
    double score = 0;  // BM25 relevance, higher is better (FTS5's bm25() negated)
};

struct SearchPage {
    std::vector<SearchHit> hits;
    std::size_t total = 0;         // matches, at most count_cap
    bool total_is_capped = false;  // there are more than count_cap
};

struct SimilarOptions {
    std::size_t limit = 10;
    bool earlier_only = true;                 // only documents with an earlier sort_time
    ColumnSet columns = ColumnSet::Public();  // compared text; the customer-name column never is
    std::size_t query_terms = 24;             // most distinctive tokens (by TF-IDF) searched for
    std::size_t candidate_window = 2000;      // newest matches of those tokens ranked by BM25
    std::size_t candidates = 200;             // BM25 candidates reranked by token-set Jaccard
    std::size_t same_customer_max = 20;
};

struct SimilarHit {
    std::int64_t doc_id = 0;
    double similarity = 0;       // Jaccard of the token sets, 0..1
    bool same_customer = false;  // same customer_key; these come first
};

class SqliteSearchIndex {
public:
    // Requires: db outlives the index. With a hasher, customer-name tokens are stored and searched only hashed.
    SqliteSearchIndex(sqlite3* db, TextNormalizer normalizer, TokenHasher customer_hasher = {});
    ~SqliteSearchIndex();
    SqliteSearchIndex(const SqliteSearchIndex&) = delete;
    SqliteSearchIndex& operator=(const SqliteSearchIndex&) = delete;

    // Idempotent. Fails with kConflict if the index was built by another kAnalyzerVersion (rebuild it).
    domain::Result<void> CreateSchema();
    // Drops the index and creates it empty for this kAnalyzerVersion; the caller re-adds every document.
    domain::Result<void> DropAndCreateSchema();
    domain::Result<void> Upsert(const IndexedDocument& document);
    // All or none; much cheaper than one Upsert each (FTS5 writes one segment per call).
    domain::Result<void> UpsertAll(std::span<const IndexedDocument> documents);
    domain::Result<void> Remove(std::int64_t doc_id);  // removing an unknown id is not an error

    // Errors: those of CompileFts5Query, and kUnavailable / kInternal from SQLite.
    domain::Result<SearchPage> Search(const QueryNode& query, const SearchOptions& options) const;
    // The MATCH expression for callers that write their own join (tables in docs/search.md).
    domain::Result<std::string> CompileQuery(const QueryNode& query, ColumnSet columns) const;

    // Same customer first (most similar first), then text-similar documents. kNotFound for an unknown id.
    domain::Result<std::vector<SimilarHit>> Similar(std::int64_t doc_id, const SimilarOptions& options) const;
    // For a complaint being typed: earlier_only is ignored.
    domain::Result<std::vector<SimilarHit>> SimilarToText(std::string_view text, std::string_view customer_key,
                                                          const SimilarOptions& options) const;

    const TextNormalizer& normalizer() const { return normalizer_; }

private:
    class Statements;
    struct Target;

    domain::Result<std::vector<SimilarHit>> FindSimilar(const Target& target, const SimilarOptions& options) const;
    std::string CustomerTokens(std::string_view name) const;
    domain::Result<std::int64_t> FreeRowid(std::int64_t wanted) const;
    domain::Result<void> WriteDocument(const IndexedDocument& document);

    sqlite3* db_;
    TextNormalizer normalizer_;
    TokenHasher customer_hasher_;
    std::unique_ptr<Statements> statements_;
};

}  // namespace kesu::search
