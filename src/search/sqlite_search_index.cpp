#include "search/sqlite_search_index.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "search/tokenizer.hpp"

namespace kesu::search {
namespace {

using domain::ErrorCode;
using domain::Result;

// The FTS5 rowid encodes the sort time (seconds << kSlotBits, plus a slot), so "newest first" is FTS5's own
// descending rowid scan, which stops after a page instead of sorting every match. Few slot bits keep the
// rowid deltas in posting lists, and so the index, small; a second with more documents than slots spills
// into the following keys.
constexpr int kSlotBits = 4;
constexpr std::int64_t kMaxSeconds = (std::int64_t{1} << 50) - 1;
constexpr std::int64_t kSpillRange = std::int64_t{1} << 30;
constexpr std::int64_t kFrequencyCap = 1000;
constexpr std::size_t kFewDistinctive = 3;
constexpr std::size_t kCommonTokensAnded = 4;

// bm25 weights in column order: subject, body, notes, product/order, customer, scope (never relevant).
constexpr std::string_view kBm25 = "bm25(f.search_fts, 4.0, 1.0, 1.0, 2.0, 2.0, 0.0)";

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS search_doc (
    doc_id       INTEGER PRIMARY KEY,
    fts_rowid    INTEGER NOT NULL UNIQUE,
    customer_key TEXT
);
CREATE INDEX IF NOT EXISTS search_doc_by_customer ON search_doc (customer_key, fts_rowid)
    WHERE customer_key IS NOT NULL;
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5 (
    subject, body, notes, product, customer, scope,
    tokenize = "ascii tokenchars '_'",
    detail = full
);
CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
)sql";

std::unexpected<domain::Error> SqliteFailure(sqlite3* db, std::string_view what) {
    const int code = sqlite3_errcode(db) & 0xFF;
    const ErrorCode error_code =
        code == SQLITE_BUSY || code == SQLITE_LOCKED ? ErrorCode::kUnavailable : ErrorCode::kInternal;
    return domain::Fail(error_code, "search index: " + std::string(what) + ": " + sqlite3_errmsg(db));
}

std::int64_t RowidKey(const IndexedDocument& document) {
    const std::int64_t seconds = std::clamp<std::int64_t>(domain::ToMillis(document.sort_time) / 1000, 0, kMaxSeconds);
    return (seconds << kSlotBits) | (document.doc_id & ((std::int64_t{1} << kSlotBits) - 1));
}

std::vector<std::string> SplitTokens(std::string_view stream) {
    std::vector<std::string> tokens;
    std::size_t begin = 0;
    while (begin < stream.size()) {
        std::size_t end = stream.find(' ', begin);
        if (end == std::string_view::npos) end = stream.size();
        if (end > begin) tokens.emplace_back(stream.substr(begin, end - begin));
        begin = end + 1;
    }
    return tokens;
}

bool IsComparable(std::string_view token) { return token != kGapToken && !token.starts_with("_h"); }

// Token sets as sorted hashes: comparing hundreds of candidates stays cheap.
using TokenSet = std::vector<std::size_t>;

void AddTokens(std::string_view stream, TokenSet& set) {
    std::size_t begin = 0;
    while (begin < stream.size()) {
        std::size_t end = stream.find(' ', begin);
        if (end == std::string_view::npos) end = stream.size();
        const std::string_view token = stream.substr(begin, end - begin);
        if (!token.empty() && IsComparable(token)) set.push_back(std::hash<std::string_view>{}(token));
        begin = end + 1;
    }
}

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

std::string Fts5Columns(ColumnSet columns) {
    std::string list;
    for (const IndexColumn column :
         {IndexColumn::kSubject, IndexColumn::kBody, IndexColumn::kInternalNotes, IndexColumn::kProductOrder}) {
        if (!columns.Has(column)) continue;
        if (!list.empty()) list += ' ';
        list += Fts5ColumnName(column);
    }
    return list;
}

}  // namespace

// Prepared statements cached by SQL text; a Statement resets its statement when it goes out of scope.
class SqliteSearchIndex::Statements {
public:
    class Statement {
    public:
        Statement(sqlite3_stmt* statement, bool owned) : statement_(statement), owned_(owned) {}
        Statement(const Statement&) = delete;
        Statement& operator=(const Statement&) = delete;
        ~Statement() {
            if (owned_) {
                sqlite3_finalize(statement_);
                return;
            }
            sqlite3_reset(statement_);
            sqlite3_clear_bindings(statement_);
        }
        sqlite3_stmt* get() const { return statement_; }

        void Bind(const char* name, std::int64_t value) const {
            sqlite3_bind_int64(statement_, sqlite3_bind_parameter_index(statement_, name), value);
        }
        void Bind(const char* name, std::string_view value) const {
            sqlite3_bind_text(statement_, sqlite3_bind_parameter_index(statement_, name), value.data(),
                              static_cast<int>(value.size()), SQLITE_TRANSIENT);
        }
        // Binds the anonymous '?' parameters, in order, to the caller's filter arguments.
        void BindAnonymous(const std::vector<SqlArgument>& arguments) const {
            std::size_t next = 0;
            const int count = sqlite3_bind_parameter_count(statement_);
            for (int index = 1; index <= count && next < arguments.size(); ++index) {
                const char* name = sqlite3_bind_parameter_name(statement_, index);
                if (name != nullptr) continue;
                const SqlArgument& argument = arguments[next++];
                if (const auto* number = std::get_if<std::int64_t>(&argument)) {
                    sqlite3_bind_int64(statement_, index, *number);
                } else {
                    const auto& text = std::get<std::string>(argument);
                    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
                }
            }
        }
        int Step() const { return sqlite3_step(statement_); }
        std::int64_t Int(int column) const { return sqlite3_column_int64(statement_, column); }
        double Real(int column) const { return sqlite3_column_double(statement_, column); }
        std::string_view Text(int column) const {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
            return text == nullptr
                       ? std::string_view()
                       : std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
        }

    private:
        sqlite3_stmt* statement_;
        bool owned_;
    };

    explicit Statements(sqlite3* db) : db_(db) {}
    Statements(const Statements&) = delete;
    Statements& operator=(const Statements&) = delete;
    ~Statements() {
        for (auto& [sql, statement] : cache_) sqlite3_finalize(statement);
    }

    // Past kMaxCached distinct texts (callers' filters vary) statements are prepared per use instead.
    Result<std::unique_ptr<Statement>> Prepare(const std::string& sql) {
        if (const auto found = cache_.find(sql); found != cache_.end())
            return std::make_unique<Statement>(found->second, false);
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &statement,
                               nullptr) != SQLITE_OK) {
            sqlite3_finalize(statement);
            return SqliteFailure(db_, "prepare");
        }
        if (cache_.size() >= kMaxCached) return std::make_unique<Statement>(statement, true);
        cache_.emplace(sql, statement);
        return std::make_unique<Statement>(statement, false);
    }

private:
    static constexpr std::size_t kMaxCached = 64;
    sqlite3* db_;
    std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

struct SqliteSearchIndex::Target {
    std::int64_t fts_rowid = std::numeric_limits<std::int64_t>::max();  // none for free text
    std::string customer_key;
    std::vector<std::string> tokens;
};

SqliteSearchIndex::SqliteSearchIndex(sqlite3* db, TextNormalizer normalizer, TokenHasher customer_hasher)
    : db_(db),
      normalizer_(std::move(normalizer)),
      customer_hasher_(std::move(customer_hasher)),
      statements_(std::make_unique<Statements>(db)) {}

SqliteSearchIndex::~SqliteSearchIndex() = default;

std::string DepartmentScopeToken(std::optional<std::int64_t> department_id) {
    return department_id ? "d_" + std::to_string(*department_id) : "d_none";
}

std::string OwnerScopeToken(std::optional<std::int64_t> owner_id) {
    return owner_id ? "u_" + std::to_string(*owner_id) : "u_none";
}

Result<void> SqliteSearchIndex::DropAndCreateSchema() {
    statements_ = std::make_unique<Statements>(db_);  // cached statements refer to the tables being dropped
    if (sqlite3_exec(db_, "DROP TABLE IF EXISTS search_fts; DROP TABLE IF EXISTS search_doc; "
                          "DROP TABLE IF EXISTS search_meta;",
                     nullptr, nullptr, nullptr) != SQLITE_OK)
        return SqliteFailure(db_, "drop the index");
    return CreateSchema();
}

Result<void> SqliteSearchIndex::CreateSchema() {
    char* message = nullptr;
    if (sqlite3_exec(db_, std::string(kSchema).c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        sqlite3_free(message);
        return SqliteFailure(db_, "create schema");
    }
    auto insert =
        statements_->Prepare("INSERT OR IGNORE INTO search_meta (key, value) VALUES ('analyzer_version', :v)");
    if (!insert) return std::unexpected(insert.error());
    (*insert)->Bind(":v", std::to_string(kAnalyzerVersion));
    if ((*insert)->Step() != SQLITE_DONE) return SqliteFailure(db_, "record analyzer version");
    auto select = statements_->Prepare("SELECT value FROM search_meta WHERE key = 'analyzer_version'");
    if (!select) return std::unexpected(select.error());
    if ((*select)->Step() != SQLITE_ROW) return SqliteFailure(db_, "read analyzer version");
    if ((*select)->Text(0) != std::to_string(kAnalyzerVersion)) {
        return domain::Fail(ErrorCode::kConflict, "the search index was built by analyzer version " +
                                                      std::string((*select)->Text(0)) + " and must be rebuilt");
    }
    return {};
}

std::string SqliteSearchIndex::CustomerTokens(std::string_view name) const {
    const std::vector<Token> tokens = Tokenize(normalizer_.Normalize(name));
    if (!customer_hasher_) return JoinTokens(tokens);
    std::string out;
    for (const Token& token : tokens) {
        if (!out.empty()) out += ' ';
        out += HashedToken(customer_hasher_, token.text);
    }
    return out;
}

Result<void> SqliteSearchIndex::Upsert(const IndexedDocument& document) {
    return UpsertAll(std::span(&document, 1));
}

Result<void> SqliteSearchIndex::UpsertAll(std::span<const IndexedDocument> documents) {
    // One savepoint for all: FTS5 flushes its pending terms into a new segment at every savepoint.
    if (sqlite3_exec(db_, "SAVEPOINT kesu_search_upsert", nullptr, nullptr, nullptr) != SQLITE_OK)
        return SqliteFailure(db_, "begin upsert");
    Result<void> written;
    for (const IndexedDocument& document : documents)
        if (written = WriteDocument(document); !written) break;
    if (!written) sqlite3_exec(db_, "ROLLBACK TO kesu_search_upsert", nullptr, nullptr, nullptr);
    if (sqlite3_exec(db_, "RELEASE kesu_search_upsert", nullptr, nullptr, nullptr) != SQLITE_OK && written)
        return SqliteFailure(db_, "commit upsert");
    return written;
}

Result<void> SqliteSearchIndex::WriteDocument(const IndexedDocument& document) {
    const auto stream = [&](std::string_view text) { return JoinTokens(Tokenize(normalizer_.Normalize(text))); };
    const std::string subject = stream(document.subject);
    const std::string body = stream(document.body);
    const std::string notes = stream(document.internal_notes);
    const std::string product = stream(document.product_order);
    const std::string customer = CustomerTokens(document.customer_name);
    std::string scope;
    for (const std::string& token : document.scope) scope += (scope.empty() ? "" : " ") + token;
    {
        if (auto removed = Remove(document.doc_id); !removed) return removed;
        auto key = FreeRowid(RowidKey(document));
        if (!key) return std::unexpected(key.error());
        auto doc = statements_->Prepare(
            "INSERT INTO search_doc (doc_id, fts_rowid, customer_key) VALUES (:id, :key, NULLIF(:customer, ''))");
        if (!doc) return std::unexpected(doc.error());
        (*doc)->Bind(":id", document.doc_id);
        (*doc)->Bind(":key", *key);
        (*doc)->Bind(":customer", document.customer_key);
        if ((*doc)->Step() != SQLITE_DONE) return SqliteFailure(db_, "upsert");
        auto fts = statements_->Prepare(
            "INSERT INTO search_fts (rowid, subject, body, notes, product, customer, scope) "
            "VALUES (:key, :subject, :body, :notes, :product, :customer, :scope)");
        if (!fts) return std::unexpected(fts.error());
        (*fts)->Bind(":key", *key);
        (*fts)->Bind(":subject", subject);
        (*fts)->Bind(":body", body);
        (*fts)->Bind(":notes", notes);
        (*fts)->Bind(":product", product);
        (*fts)->Bind(":customer", customer);
        (*fts)->Bind(":scope", scope);
        if ((*fts)->Step() != SQLITE_DONE) return SqliteFailure(db_, "upsert");
        return {};
    }
}

// The wanted key if free, else the key after the highest taken one nearby: one index lookup even when a bulk
// import gives thousands of documents the same time.
Result<std::int64_t> SqliteSearchIndex::FreeRowid(std::int64_t wanted) const {
    auto taken = statements_->Prepare("SELECT 1 FROM search_doc WHERE fts_rowid = :key");
    if (!taken) return std::unexpected(taken.error());
    const auto is_taken = [&](std::int64_t key) -> Result<bool> {
        (*taken)->Bind(":key", key);
        const int step = (*taken)->Step();
        sqlite3_reset((*taken)->get());
        if (step != SQLITE_ROW && step != SQLITE_DONE) return SqliteFailure(db_, "upsert");
        return step == SQLITE_ROW;
    };
    auto wanted_taken = is_taken(wanted);
    if (!wanted_taken || !*wanted_taken)
        return wanted_taken ? Result<std::int64_t>(wanted) : std::unexpected(wanted_taken.error());

    auto highest =
        statements_->Prepare("SELECT max(fts_rowid) FROM search_doc WHERE fts_rowid >= :base AND fts_rowid < :end");
    if (!highest) return std::unexpected(highest.error());
    const std::int64_t base = wanted & ~((std::int64_t{1} << kSlotBits) - 1);
    (*highest)->Bind(":base", base);
    (*highest)->Bind(":end", base + kSpillRange);
    if ((*highest)->Step() != SQLITE_ROW) return SqliteFailure(db_, "upsert");
    std::int64_t key = (*highest)->Int(0) + 1;
    while (true) {
        auto key_taken = is_taken(key);
        if (!key_taken) return std::unexpected(key_taken.error());
        if (!*key_taken) return key;
        ++key;
    }
}

Result<void> SqliteSearchIndex::Remove(std::int64_t doc_id) {
    auto find = statements_->Prepare("SELECT fts_rowid FROM search_doc WHERE doc_id = :id");
    if (!find) return std::unexpected(find.error());
    (*find)->Bind(":id", doc_id);
    const int step = (*find)->Step();
    if (step == SQLITE_DONE) return {};
    if (step != SQLITE_ROW) return SqliteFailure(db_, "remove");
    const std::int64_t key = (*find)->Int(0);
    for (const char* sql :
         {"DELETE FROM search_fts WHERE rowid = :key", "DELETE FROM search_doc WHERE fts_rowid = :key"}) {
        auto remove = statements_->Prepare(sql);
        if (!remove) return std::unexpected(remove.error());
        (*remove)->Bind(":key", key);
        if ((*remove)->Step() != SQLITE_DONE) return SqliteFailure(db_, "remove");
    }
    return {};
}

Result<std::string> SqliteSearchIndex::CompileQuery(const QueryNode& query, ColumnSet columns) const {
    return CompileFts5Query(query, normalizer_, columns, customer_hasher_);
}

Result<SearchPage> SqliteSearchIndex::Search(const QueryNode& query, const SearchOptions& options) const {
    auto match = CompileQuery(query, options.columns);
    if (!match) return std::unexpected(match.error());
    if (!options.scope_any.empty()) {
        std::string any;
        for (const std::string& token : options.scope_any) {
            if (token.empty() || token.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
                return domain::Fail(ErrorCode::kInternal, "search index: malformed scope token");
            any += (any.empty() ? "" : " OR ") + token;
        }
        *match = "(" + *match + ") AND scope : (" + any + ")";
    }

    const bool filtered = !options.doc_filter_sql.empty();
    const std::string join = " CROSS JOIN search_doc AS d ON d.fts_rowid = f.rowid";
    const std::string where =
        " WHERE f.search_fts MATCH :match" + (filtered ? " AND (" + options.doc_filter_sql + ")" : "");
    SearchPage page;

    auto count = statements_->Prepare("SELECT count(*) FROM (SELECT 1 FROM search_fts AS f" + (filtered ? join : "") +
                                      where + " LIMIT :cap)");
    if (!count) return std::unexpected(count.error());
    (*count)->Bind(":match", *match);
    (*count)->Bind(":cap", static_cast<std::int64_t>(options.count_cap + 1));
    (*count)->BindAnonymous(options.doc_filter_arguments);
    if ((*count)->Step() != SQLITE_ROW) return SqliteFailure(db_, "count");
    const auto total = static_cast<std::size_t>((*count)->Int(0));
    page.total = std::min(total, options.count_cap);
    page.total_is_capped = total > options.count_cap;
    if (total == 0 || options.limit == 0) return page;

    std::string sql;
    if (options.order == SearchOrder::kRelevance) {
        sql = "SELECT d.doc_id, r.score FROM (SELECT f.rowid AS rid, -" + std::string(kBm25) +
              " AS score FROM search_fts AS f" + (filtered ? join : "") + where +
              " ORDER BY f.rowid DESC LIMIT :window) AS r CROSS JOIN search_doc AS d ON d.fts_rowid = r.rid"
              " ORDER BY r.score DESC, r.rid DESC LIMIT :limit OFFSET :offset";
    } else {
        sql = "SELECT d.doc_id, -" + std::string(kBm25) + " FROM search_fts AS f" + join + where +
              " ORDER BY f.rowid " + (options.order == SearchOrder::kNewest ? "DESC" : "ASC") +
              " LIMIT :limit OFFSET :offset";
    }
    auto hits = statements_->Prepare(sql);
    if (!hits) return std::unexpected(hits.error());
    (*hits)->Bind(":match", *match);
    (*hits)->Bind(":window",
                  static_cast<std::int64_t>(std::max(filtered ? options.filtered_relevance_window : options.relevance_window,
                                                     options.offset + options.limit)));
    (*hits)->Bind(":limit", static_cast<std::int64_t>(options.limit));
    (*hits)->Bind(":offset", static_cast<std::int64_t>(options.offset));
    (*hits)->BindAnonymous(options.doc_filter_arguments);
    int step = SQLITE_ROW;
    while ((step = (*hits)->Step()) == SQLITE_ROW) page.hits.push_back(SearchHit{(*hits)->Int(0), (*hits)->Real(1)});
    if (step != SQLITE_DONE) return SqliteFailure(db_, "search");
    return page;
}

Result<std::vector<SimilarHit>> SqliteSearchIndex::Similar(std::int64_t doc_id, const SimilarOptions& options) const {
    auto load = statements_->Prepare(
        "SELECT d.fts_rowid, coalesce(d.customer_key, ''), f.subject, f.body, f.notes, f.product "
        "FROM search_doc AS d CROSS JOIN search_fts AS f ON f.rowid = d.fts_rowid WHERE d.doc_id = :id");
    if (!load) return std::unexpected(load.error());
    (*load)->Bind(":id", doc_id);
    const int step = (*load)->Step();
    if (step == SQLITE_DONE)
        return domain::Fail(ErrorCode::kNotFound, "no indexed complaint " + std::to_string(doc_id));
    if (step != SQLITE_ROW) return SqliteFailure(db_, "similar");
    Target target;
    target.fts_rowid = (*load)->Int(0);
    target.customer_key = std::string((*load)->Text(1));
    const IndexColumn columns[] = {IndexColumn::kSubject, IndexColumn::kBody, IndexColumn::kInternalNotes,
                                   IndexColumn::kProductOrder};
    for (int i = 0; i < 4; ++i) {
        if (!options.columns.Has(columns[i])) continue;
        for (std::string& token : SplitTokens((*load)->Text(2 + i)))
            if (IsComparable(token)) target.tokens.push_back(std::move(token));
    }
    return FindSimilar(target, options);
}

Result<std::vector<SimilarHit>> SqliteSearchIndex::SimilarToText(std::string_view text, std::string_view customer_key,
                                                                 const SimilarOptions& options) const {
    Target target;
    target.customer_key = std::string(customer_key);
    for (Token& token : Tokenize(normalizer_.Normalize(text)))
        if (IsComparable(token.text)) target.tokens.push_back(std::move(token.text));
    SimilarOptions all = options;
    all.earlier_only = false;
    return FindSimilar(target, all);
}

Result<std::vector<SimilarHit>> SqliteSearchIndex::FindSimilar(const Target& target,
                                                               const SimilarOptions& options) const {
    const bool is_indexed = target.fts_rowid != std::numeric_limits<std::int64_t>::max();
    const std::int64_t before = options.earlier_only ? target.fts_rowid : std::numeric_limits<std::int64_t>::max();
    const ColumnSet columns = options.columns.Without(IndexColumn::kCustomerName);
    TokenSet target_set;
    for (const std::string& token : target.tokens) target_set.push_back(std::hash<std::string_view>{}(token));
    Seal(target_set);

    auto load = statements_->Prepare(
        "SELECT d.doc_id, f.subject, f.body, f.notes, f.product "
        "FROM search_fts AS f CROSS JOIN search_doc AS d ON d.fts_rowid = f.rowid WHERE f.rowid = :key");
    if (!load) return std::unexpected(load.error());
    // Jaccard of token sets: CJK bigrams are character shingles, words and numbers whole-word shingles.
    const auto compare = [&](std::int64_t key, bool same_customer) -> Result<SimilarHit> {
        (*load)->Bind(":key", key);
        const int step = (*load)->Step();
        SimilarHit hit{0, 0, same_customer};
        if (step == SQLITE_ROW) {
            hit.doc_id = (*load)->Int(0);
            TokenSet tokens;
            const IndexColumn order[] = {IndexColumn::kSubject, IndexColumn::kBody, IndexColumn::kInternalNotes,
                                         IndexColumn::kProductOrder};
            for (int i = 0; i < 4; ++i)
                if (columns.Has(order[i])) AddTokens((*load)->Text(1 + i), tokens);
            Seal(tokens);
            hit.similarity = Jaccard(target_set, tokens);
        }
        sqlite3_reset((*load)->get());
        if (step != SQLITE_ROW) return SqliteFailure(db_, "similar");
        return hit;
    };

    std::vector<SimilarHit> same_customer;
    std::set<std::int64_t> seen_keys{target.fts_rowid};
    if (!target.customer_key.empty() && options.same_customer_max > 0) {
        auto mine = statements_->Prepare(
            "SELECT fts_rowid FROM search_doc WHERE customer_key = :customer AND fts_rowid < :before "
            "ORDER BY fts_rowid DESC LIMIT :max");
        if (!mine) return std::unexpected(mine.error());
        (*mine)->Bind(":customer", target.customer_key);
        (*mine)->Bind(":before", before);
        (*mine)->Bind(":max", static_cast<std::int64_t>(options.same_customer_max + 1));
        std::vector<std::int64_t> keys;
        int step = SQLITE_ROW;
        while ((step = (*mine)->Step()) == SQLITE_ROW) keys.push_back((*mine)->Int(0));
        if (step != SQLITE_DONE) return SqliteFailure(db_, "similar");
        for (const std::int64_t key : keys) {
            if (same_customer.size() == options.same_customer_max) break;
            if (!seen_keys.insert(key).second) continue;
            auto hit = compare(key, true);
            if (!hit) return std::unexpected(hit.error());
            same_customer.push_back(*hit);
        }
    }

    // The most distinctive tokens by TF-IDF; a token only this document has cannot find another one.
    // Document frequencies are counted only up to kFrequencyCap (exact counts read whole posting lists, far
    // too slow for common tokens at a million documents); every token that common gets the same low weight.
    std::map<std::string, int> frequencies;
    for (const std::string& token : target.tokens) ++frequencies[token];
    auto total = statements_->Prepare("SELECT count(*) FROM search_doc");
    auto containing_count =
        statements_->Prepare("SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH :term LIMIT :cap)");
    if (!total) return std::unexpected(total.error());
    if (!containing_count) return std::unexpected(containing_count.error());
    if ((*total)->Step() != SQLITE_ROW) return SqliteFailure(db_, "similar");
    const auto documents = static_cast<double>((*total)->Int(0));
    std::vector<std::pair<double, std::string>> distinctive;
    std::vector<std::pair<double, std::string>> common;
    for (const auto& [token, frequency] : frequencies) {
        (*containing_count)->Bind(":term", "\"" + token + "\"");
        (*containing_count)->Bind(":cap", kFrequencyCap);
        const std::int64_t containing = (*containing_count)->Step() == SQLITE_ROW ? (*containing_count)->Int(0) : 0;
        sqlite3_reset((*containing_count)->get());
        if (containing <= (is_indexed ? 1 : 0)) continue;
        const double idf = std::log(1.0 + documents / static_cast<double>(containing));
        (containing < kFrequencyCap ? distinctive : common).emplace_back((1.0 + std::log(frequency)) * idf, token);
    }
    const auto by_weight = [](const auto& a, const auto& b) { return a.first > b.first; };
    std::sort(distinctive.begin(), distinctive.end(), by_weight);
    std::sort(common.begin(), common.end(), by_weight);
    if (distinctive.size() > options.query_terms) distinctive.resize(options.query_terms);

    // OR over distinctive tokens. A text made only of common words (很快，好吃) adds its most frequent ones
    // AND-ed: an OR of very common tokens would match most of the index and rank slowly.
    std::string alternatives;
    for (const auto& [weight, token] : distinctive)
        alternatives += (alternatives.empty() ? "\"" : " OR \"") + token + "\"";
    if (distinctive.size() < kFewDistinctive && !common.empty()) {
        std::string all_of;
        for (std::size_t i = 0; i < common.size() && i < kCommonTokensAnded; ++i)
            all_of += (i > 0 ? " AND \"" : "\"") + common[i].second + "\"";
        alternatives += (alternatives.empty() ? "(" : " OR (") + all_of + ")";
    }

    std::vector<SimilarHit> similar;
    if (!alternatives.empty() && !columns.IsEmpty()) {
        const std::string match = "{" + Fts5Columns(columns) + "} : (" + alternatives + ")";
        auto candidates = statements_->Prepare(
            "SELECT r.rid FROM (SELECT f.rowid AS rid, -" + std::string(kBm25) +
            " AS score FROM search_fts AS f "
            "WHERE f.search_fts MATCH :match AND f.rowid < :before ORDER BY f.rowid DESC LIMIT :window) AS r "
            "ORDER BY r.score DESC LIMIT :limit");
        if (!candidates) return std::unexpected(candidates.error());
        (*candidates)->Bind(":match", match);
        (*candidates)->Bind(":before", before);
        (*candidates)->Bind(":window", static_cast<std::int64_t>(options.candidate_window));
        (*candidates)->Bind(":limit", static_cast<std::int64_t>(options.candidates));
        std::vector<std::int64_t> keys;
        int step = SQLITE_ROW;
        while ((step = (*candidates)->Step()) == SQLITE_ROW) keys.push_back((*candidates)->Int(0));
        if (step != SQLITE_DONE) return SqliteFailure(db_, "similar");
        for (const std::int64_t key : keys) {
            if (!seen_keys.insert(key).second) continue;
            auto hit = compare(key, false);
            if (!hit) return std::unexpected(hit.error());
            similar.push_back(*hit);
        }
    }

    const auto by_similarity = [](const SimilarHit& a, const SimilarHit& b) { return a.similarity > b.similarity; };
    std::stable_sort(same_customer.begin(), same_customer.end(), by_similarity);
    std::stable_sort(similar.begin(), similar.end(), by_similarity);
    same_customer.insert(same_customer.end(), similar.begin(), similar.end());
    if (same_customer.size() > options.limit) same_customer.resize(options.limit);
    return same_customer;
}

}  // namespace kesu::search
