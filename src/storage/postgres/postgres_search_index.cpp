#include "storage/postgres/postgres_search_index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "search/index_columns.hpp"
#include "search/tokenizer.hpp"
#include "storage/postgres/postgres_tsquery.hpp"

namespace kesu::storage::postgres {
namespace {

using domain::ErrorCode;
using domain::Result;
using search::ColumnSet;
using search::IndexColumn;
using search::QueryNode;

constexpr std::int64_t kFrequencyCap = 1000;
constexpr std::size_t kFewDistinctive = 3;
constexpr std::size_t kCommonTokensAnded = 4;
// ts_rank weights {D, C, B, A}: body 1, notes 1, product/order 2, subject 4 (as SQLite's bm25 weights).
constexpr const char* kRank = "ts_rank('{0.25,0.25,0.5,1}', d.doc_tokens, ?::tsquery, 1)";

std::vector<std::string> TokenTexts(const search::TextNormalizer& normalizer, std::string_view text) {
    std::vector<std::string> texts;
    for (search::Token& token : search::Tokenize(normalizer.Normalize(text))) texts.push_back(std::move(token.text));
    return texts;
}

void AddArguments(Params& params, const std::vector<search::SqlArgument>& arguments) {
    for (const search::SqlArgument& argument : arguments) {
        if (const auto* number = std::get_if<std::int64_t>(&argument)) params.Add(*number);
        else params.Add(std::get<std::string>(argument));
    }
}

bool IsComparable(std::string_view token) { return token != search::kGapToken && !token.starts_with("_h"); }

using TokenSet = std::vector<std::size_t>;

void Seal(TokenSet& set) {
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
}

double Jaccard(const TokenSet& left, const TokenSet& right) {
    if (left.empty() || right.empty()) return 0;
    std::size_t common = 0;
    for (auto l = left.begin(), r = right.begin(); l != left.end() && r != right.end();) {
        if (*l < *r) {
            ++l;
        } else if (*r < *l) {
            ++r;
        } else {
            ++common, ++l, ++r;
        }
    }
    return static_cast<double>(common) / static_cast<double>(left.size() + right.size() - common);
}

// A text[] / tsquery[] / bigint[] array literal of already-formatted elements.
std::string ArrayLiteral(const std::vector<std::string>& elements) {
    std::string array = "{";
    for (const std::string& element : elements) {
        if (array.size() > 1) array += ',';
        array += '"';
        for (char c : element) {
            if (c == '"' || c == '\\') array += '\\';
            array += c;
        }
        array += '"';
    }
    return array + "}";
}

}  // namespace

Result<void> PostgresSearchIndex::CheckAnalyzerVersion() {
    const std::string version = std::to_string(search::kAnalyzerVersion);
    auto stored = connection_.Query(
        "WITH inserted AS (INSERT INTO search_meta (key, value) VALUES ('analyzer_version', ?) "
        "ON CONFLICT (key) DO NOTHING RETURNING value) "
        "SELECT value FROM inserted UNION ALL SELECT value FROM search_meta WHERE key = 'analyzer_version'",
        version);
    if (!stored) return std::unexpected(stored.error());
    for (int i = 0; i < stored->Rows(); ++i) {
        if (stored->At(i).Text(0) != version)
            return domain::Fail(ErrorCode::kConflict, "the search index was built by analyzer version " +
                                                          stored->At(i).Text(0) + " and must be rebuilt");
    }
    return {};
}

Result<void> PostgresSearchIndex::Upsert(const search::IndexedDocument& document) {
    TsvectorBuilder text;
    text.AddColumn(TokenTexts(normalizer_, document.subject), ColumnWeight(IndexColumn::kSubject));
    text.AddColumn(TokenTexts(normalizer_, document.product_order), ColumnWeight(IndexColumn::kProductOrder));
    text.AddColumn(TokenTexts(normalizer_, document.body), ColumnWeight(IndexColumn::kBody));
    text.AddColumn(TokenTexts(normalizer_, document.internal_notes), ColumnWeight(IndexColumn::kInternalNotes));
    std::vector<std::string> names = TokenTexts(normalizer_, document.customer_name);
    if (customer_hasher_)
        for (std::string& token : names) token = search::HashedToken(customer_hasher_, token);
    TsvectorBuilder customer;
    customer.AddColumn(names, ' ');
    auto done = connection_.Query(
        "INSERT INTO search_doc (doc_id, sort_at, customer_key, doc_tokens, customer_tokens) "
        "VALUES (?, ?, NULLIF(?, ''), ?::tsvector, ?::tsvector) ON CONFLICT (doc_id) DO UPDATE SET "
        "sort_at = excluded.sort_at, customer_key = excluded.customer_key, doc_tokens = excluded.doc_tokens, "
        "customer_tokens = excluded.customer_tokens",
        document.doc_id, domain::ToMillis(document.sort_time), document.customer_key, text.Literal(),
        customer.Literal());
    if (!done) return std::unexpected(done.error());
    return {};
}

Result<search::SearchPage> PostgresSearchIndex::Search(const QueryNode& query,
                                                       const search::SearchOptions& options) const {
    auto match = CompileTextQuery(query, normalizer_, options.columns, customer_hasher_);
    if (!match) return std::unexpected(match.error());
    const std::string& rank_query = match->rank_query;
    const std::string where =
        " FROM search_doc d WHERE " + match->sql +
        (options.doc_filter_sql.empty() ? std::string() : " AND (" + options.doc_filter_sql + ")");
    auto add_where = [&](Params& params) {
        for (const std::string& param : match->params) params.Add(param);
        AddArguments(params, options.doc_filter_arguments);
    };

    search::SearchPage page;
    Params count_params;
    add_where(count_params);
    count_params.Add(static_cast<std::int64_t>(options.count_cap + 1));
    auto counted = connection_.ExecuteOnce("SELECT count(*) FROM (SELECT 1" + where + " LIMIT ?) s", count_params);
    if (!counted) return std::unexpected(counted.error());
    const auto total = static_cast<std::size_t>(counted->At(0).Int(0));
    page.total = std::min(total, options.count_cap);
    page.total_is_capped = total > options.count_cap;
    if (total == 0 || options.limit == 0) return page;

    const std::string rank = rank_query.empty() ? "0::float8" : kRank;
    Params params;
    if (!rank_query.empty()) params.Add(rank_query);
    add_where(params);
    std::string sql;
    if (options.order == search::SearchOrder::kRelevance) {
        sql = "SELECT r.doc_id, r.score FROM (SELECT d.doc_id, d.sort_at, " + rank + " AS score" + where +
              " ORDER BY d.sort_at DESC, d.doc_id DESC LIMIT ?) r"
              " ORDER BY r.score DESC, r.sort_at DESC, r.doc_id DESC LIMIT ? OFFSET ?";
        params.Add(static_cast<std::int64_t>(std::max(options.relevance_window, options.offset + options.limit)));
    } else {
        const char* direction = options.order == search::SearchOrder::kNewest ? "DESC" : "ASC";
        sql = "SELECT d.doc_id, " + rank + where + " ORDER BY d.sort_at " + direction + ", d.doc_id " + direction +
              " LIMIT ? OFFSET ?";
    }
    params.Add(static_cast<std::int64_t>(options.limit));
    params.Add(static_cast<std::int64_t>(options.offset));
    auto hits = connection_.ExecuteOnce(sql, params);
    if (!hits) return std::unexpected(hits.error());
    for (int i = 0; i < hits->Rows(); ++i) page.hits.push_back({hits->At(i).Int(0), hits->At(i).Real(1)});
    return page;
}

Result<std::vector<search::SimilarHit>> PostgresSearchIndex::Similar(std::int64_t doc_id,
                                                                     const search::SimilarOptions& options) const {
    const ColumnSet columns = options.columns.Without(IndexColumn::kCustomerName);
    const std::string weight_array = WeightArray(columns);
    auto loaded = connection_.Query(
        "SELECT d.sort_at, COALESCE(d.customer_key, ''), l.lexeme, COALESCE(array_length(l.positions, 1), 1) "
        "FROM search_doc d LEFT JOIN LATERAL unnest(ts_filter(d.doc_tokens, ?::\"char\"[])) l ON true "
        "WHERE d.doc_id = ?",
        weight_array, doc_id);
    if (!loaded) return std::unexpected(loaded.error());
    if (loaded->Rows() == 0) return domain::Fail(ErrorCode::kNotFound, "no indexed complaint " + std::to_string(doc_id));
    const std::int64_t sort_at = loaded->At(0).Int(0);
    const std::string customer_key = loaded->At(0).Text(1);
    std::map<std::string, int> frequencies;
    TokenSet target_set;
    for (int i = 0; i < loaded->Rows(); ++i) {
        const Row row = loaded->At(i);
        if (row.IsNull(2) || !IsComparable(row.View(2))) continue;
        frequencies[row.Text(2)] = static_cast<int>(row.Int(3));
        target_set.push_back(std::hash<std::string_view>{}(row.View(2)));
    }
    Seal(target_set);
    constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::max();
    const std::int64_t before_time = options.earlier_only ? sort_at : kNone;
    const std::int64_t before_id = options.earlier_only ? doc_id : kNone;

    std::vector<std::int64_t> same_customer_ids;
    if (!customer_key.empty() && options.same_customer_max > 0) {
        auto mine = CollectRows<std::int64_t>(
            connection_.Query("SELECT doc_id FROM search_doc WHERE customer_key = ? AND (sort_at, doc_id) < (?, ?) "
                              "AND doc_id <> ? ORDER BY sort_at DESC, doc_id DESC LIMIT ?",
                              customer_key, before_time, before_id, doc_id,
                              static_cast<std::int64_t>(options.same_customer_max)),
            [](const Row& row) { return row.Int(0); });
        if (!mine) return std::unexpected(mine.error());
        same_customer_ids = std::move(*mine);
    }

    // The most distinctive tokens by TF-IDF, with document frequencies counted only up to kFrequencyCap (as on
    // SQLite); a token only this document has cannot find another one.
    std::vector<std::pair<double, std::string>> distinctive;
    std::vector<std::pair<double, std::string>> common;
    if (!frequencies.empty() && !columns.IsEmpty()) {
        std::vector<std::string> queries;
        std::vector<const std::string*> tokens;
        for (const auto& [token, frequency] : frequencies) {
            queries.push_back(QuoteLexeme(token));
            tokens.push_back(&token);
        }
        auto documents = FirstRow<double>(
            connection_.Query("SELECT CASE WHEN c.reltuples >= 10000 THEN c.reltuples::float8 "
                              "ELSE (SELECT count(*) FROM search_doc)::float8 END "
                              "FROM pg_class c WHERE c.oid = 'search_doc'::regclass"),
            [](const Row& row) { return row.Real(0); }, "no search_doc table");
        if (!documents) return std::unexpected(documents.error());
        Params params;
        params.Add(kFrequencyCap);
        params.Add(ArrayLiteral(queries));
        auto containing = connection_.ExecuteOnce(
            "SELECT u.i, (SELECT count(*) FROM (SELECT 1 FROM search_doc s WHERE s.doc_tokens @@ u.q LIMIT ?) c) "
            "FROM unnest(?::tsquery[]) WITH ORDINALITY AS u(q, i)",
            params);
        if (!containing) return std::unexpected(containing.error());
        for (int i = 0; i < containing->Rows(); ++i) {
            const std::string& token = *tokens[static_cast<std::size_t>(containing->At(i).Int(0) - 1)];
            const std::int64_t count = containing->At(i).Int(1);
            if (count <= 1) continue;
            const double idf = std::log(1.0 + *documents / static_cast<double>(count));
            (count < kFrequencyCap ? distinctive : common)
                .emplace_back((1.0 + std::log(frequencies[token])) * idf, token);
        }
    }
    const auto by_weight = [](const auto& a, const auto& b) { return a.first > b.first; };
    std::stable_sort(distinctive.begin(), distinctive.end(), by_weight);
    std::stable_sort(common.begin(), common.end(), by_weight);
    if (distinctive.size() > options.query_terms) distinctive.resize(options.query_terms);

    const std::string weights = WeightLetters(columns);
    const auto lexeme = [&](const std::string& token) {
        return QuoteLexeme(token) + (weights.empty() ? "" : ":" + weights);
    };
    std::string alternatives;
    for (const auto& [weight, token] : distinctive) alternatives += (alternatives.empty() ? "" : " | ") + lexeme(token);
    if (distinctive.size() < kFewDistinctive && !common.empty()) {
        std::string all_of;
        for (std::size_t i = 0; i < common.size() && i < kCommonTokensAnded; ++i)
            all_of += (i > 0 ? " & " : "") + lexeme(common[i].second);
        alternatives += (alternatives.empty() ? "(" : " | (") + all_of + ")";
    }

    std::vector<std::int64_t> candidate_ids;
    if (!alternatives.empty()) {
        Params params;
        params.Add(alternatives);
        params.Add(alternatives);
        params.Add(before_time);
        params.Add(before_id);
        params.Add(doc_id);
        params.Add(static_cast<std::int64_t>(options.candidate_window));
        params.Add(static_cast<std::int64_t>(options.candidates));
        auto candidates = connection_.ExecuteOnce(
            std::string("SELECT r.doc_id FROM (SELECT d.doc_id, ") + kRank +
                " AS score FROM search_doc d WHERE d.doc_tokens @@ ?::tsquery AND (d.sort_at, d.doc_id) < (?, ?) "
                "AND d.doc_id <> ? ORDER BY d.sort_at DESC, d.doc_id DESC LIMIT ?) r "
                "ORDER BY r.score DESC, r.doc_id DESC LIMIT ?",
            params);
        if (!candidates) return std::unexpected(candidates.error());
        for (int i = 0; i < candidates->Rows(); ++i) candidate_ids.push_back(candidates->At(i).Int(0));
    }

    // Jaccard of token sets: CJK bigrams are character shingles, words and numbers whole-word shingles.
    std::vector<std::string> ids;
    for (auto id : same_customer_ids) ids.push_back(std::to_string(id));
    for (auto id : candidate_ids) ids.push_back(std::to_string(id));
    std::unordered_map<std::int64_t, double> similarity;
    if (!ids.empty()) {
        auto sets = connection_.Query(
            "SELECT doc_id, array_to_string(tsvector_to_array(ts_filter(doc_tokens, ?::\"char\"[])), ' ') "
            "FROM search_doc WHERE doc_id = ANY(?::bigint[])",
            weight_array, ArrayLiteral(ids));
        if (!sets) return std::unexpected(sets.error());
        for (int i = 0; i < sets->Rows(); ++i) {
            TokenSet tokens;
            std::string_view stream = sets->At(i).View(1);
            for (std::size_t begin = 0; begin < stream.size();) {
                std::size_t end = std::min(stream.find(' ', begin), stream.size());
                std::string_view token = stream.substr(begin, end - begin);
                if (!token.empty() && IsComparable(token)) tokens.push_back(std::hash<std::string_view>{}(token));
                begin = end + 1;
            }
            Seal(tokens);
            similarity[sets->At(i).Int(0)] = Jaccard(target_set, tokens);
        }
    }
    std::vector<search::SimilarHit> same_customer;
    std::vector<search::SimilarHit> similar;
    std::set<std::int64_t> seen{doc_id};
    for (auto id : same_customer_ids)
        if (seen.insert(id).second) same_customer.push_back({id, similarity[id], true});
    for (auto id : candidate_ids)
        if (seen.insert(id).second) similar.push_back({id, similarity[id], false});
    const auto by_similarity = [](const auto& a, const auto& b) { return a.similarity > b.similarity; };
    std::stable_sort(same_customer.begin(), same_customer.end(), by_similarity);
    std::stable_sort(similar.begin(), similar.end(), by_similarity);
    same_customer.insert(same_customer.end(), similar.begin(), similar.end());
    if (same_customer.size() > options.limit) same_customer.resize(options.limit);
    return same_customer;
}

}  // namespace kesu::storage::postgres
