#include "storage/postgres/postgres_tsquery.hpp"

#include <algorithm>

#include "search/query_terms.hpp"
#include "storage/postgres/postgres_connection.hpp"

namespace kesu::storage::postgres {
namespace {

using domain::ErrorCode;
using domain::Result;
using search::ColumnSet;
using search::IndexColumn;
using search::QueryNode;

// tsvector limits: positions run up to 16383 and a lexeme keeps at most 256 of them. Past those, a word is
// still found; only phrases deep inside very long texts may be missed.
constexpr int kMaxPosition = 16383;
constexpr std::size_t kMaxPositionsPerLexeme = 256;
constexpr IndexColumn kTextColumns[] = {IndexColumn::kSubject, IndexColumn::kProductOrder, IndexColumn::kInternalNotes,
                                        IndexColumn::kBody};

// A tsquery for alternative token patterns, each lexeme restricted to `weights`.
std::string PatternsTsquery(const std::vector<search::TermPattern>& patterns, const std::string& weights) {
    std::string query;
    for (const search::TermPattern& pattern : patterns) {
        if (!query.empty()) query += " | ";
        std::string phrase;
        for (std::size_t i = 0; i < pattern.tokens.size(); ++i) {
            if (i > 0) phrase += " <-> ";
            phrase += QuoteLexeme(pattern.tokens[i]);
            const bool prefix = pattern.prefix && i + 1 == pattern.tokens.size();
            if (prefix || !weights.empty()) phrase += ":" + std::string(prefix ? "*" : "") + weights;
        }
        query += pattern.tokens.size() > 1 && patterns.size() > 1 ? "(" + phrase + ")" : phrase;
    }
    return patterns.size() > 1 ? "(" + query + ")" : query;
}

// A condition on search_doc d with its parameters, in the order they appear in the SQL.
struct Fragment {
    std::string sql;
    std::vector<std::string> params;
    bool Empty() const { return sql.empty(); }
};

std::string_view FieldLabel(search::TextField field) {
    switch (field) {
        case search::TextField::kAny: return "text";
        case search::TextField::kSubject: return "subject";
        case search::TextField::kBody: return "body";
        case search::TextField::kInternalNotes: return "internal notes";
        case search::TextField::kProductOrder: return "product and order number";
        case search::TextField::kCustomerName: return "customer name";
    }
    return "text";
}

ColumnSet ColumnsOf(search::TextField field) {
    switch (field) {
        case search::TextField::kAny: return ColumnSet::All();
        case search::TextField::kSubject: return {IndexColumn::kSubject};
        case search::TextField::kBody: return {IndexColumn::kBody};
        case search::TextField::kInternalNotes: return {IndexColumn::kInternalNotes};
        case search::TextField::kProductOrder: return {IndexColumn::kProductOrder};
        case search::TextField::kCustomerName: return {IndexColumn::kCustomerName};
    }
    return {};
}

// The parsed query as SQL over search_doc d, plus one tsquery of every positive term for ranking. Same rules
// and messages as CompileFts5Query.
class Compiler {
public:
    Compiler(const search::TextNormalizer& normalizer, ColumnSet columns, const search::TokenHasher& hasher)
        : normalizer_(normalizer), columns_(columns), hasher_(hasher) {}

    Result<Fragment> Compile(const QueryNode& node, bool positive = true) {
        switch (node.kind) {
            case QueryNode::Kind::kWord:
            case QueryNode::Kind::kPhrase: return CompileLeaf(node, positive);
            case QueryNode::Kind::kAnd: return CompileAnd(node, positive);
            case QueryNode::Kind::kOr: return CompileOr(node, positive);
            case QueryNode::Kind::kNot: return NeedsPositive(node);
        }
        return Fragment{};
    }
    std::string RankQuery() const {
        std::string query;
        for (const std::string& part : rank_parts_) query += (query.empty() ? "" : " | ") + part;
        return query;
    }

private:
    static std::unexpected<domain::Error> NeedsPositive(const QueryNode& node) {
        return domain::FailField(
            ErrorCode::kInvalidArgument, "q",
            "a query needs at least one word to look for besides the excluded ones (at character " +
                std::to_string(node.position) + ")");
    }

    Result<Fragment> CompileLeaf(const QueryNode& leaf, bool positive) {
        const ColumnSet allowed = columns_.Intersect(ColumnsOf(leaf.field));
        if (allowed.IsEmpty()) {
            return domain::FailField(ErrorCode::kForbidden, "q",
                                     "you may not search the " + std::string(FieldLabel(leaf.field)) +
                                         " (at character " + std::to_string(leaf.position) + ")");
        }
        const std::vector<search::TermPattern> patterns = search::TermPatterns(normalizer_, leaf);
        if (patterns.empty()) return Fragment{};
        std::vector<Fragment> parts;
        const ColumnSet text = allowed.Without(IndexColumn::kCustomerName);
        if (!text.IsEmpty()) {
            std::string query = PatternsTsquery(patterns, WeightLetters(text));
            if (positive) rank_parts_.push_back("(" + query + ")");
            parts.push_back({"d.doc_tokens @@ ?::tsquery", {query}});
        }
        if (allowed.Has(IndexColumn::kCustomerName)) {
            std::vector<search::TermPattern> customer;
            for (const search::TermPattern& pattern : patterns) {
                if (!hasher_) {
                    customer.push_back(pattern);
                    continue;
                }
                if (pattern.prefix) continue;
                search::TermPattern hashed;
                for (const std::string& token : pattern.tokens) hashed.tokens.push_back(search::HashedToken(hasher_, token));
                customer.push_back(std::move(hashed));
            }
            if (!customer.empty()) parts.push_back({"d.customer_tokens @@ ?::tsquery", {PatternsTsquery(customer, "")}});
        }
        if (parts.empty()) return Fragment{};
        if (parts.size() == 1) return parts.front();
        return Fragment{"(" + parts[0].sql + " OR " + parts[1].sql + ")", {parts[0].params[0], parts[1].params[0]}};
    }

    Result<Fragment> CompileAnd(const QueryNode& node, bool positive) {
        std::vector<Fragment> included;
        std::vector<Fragment> excluded;
        for (const QueryNode& child : node.children) {
            const bool negated = child.kind == QueryNode::Kind::kNot;
            auto compiled = negated ? Compile(child.children.front(), false) : Compile(child, positive);
            if (!compiled) return compiled;
            if (compiled->Empty()) continue;
            (negated ? excluded : included).push_back(std::move(*compiled));
        }
        if (included.empty()) {
            if (!excluded.empty()) return NeedsPositive(node);
            return Fragment{};
        }
        Fragment result;
        for (const Fragment& part : included) Append(result, part, " AND ");
        for (const Fragment& part : excluded) Append(result, Fragment{"NOT " + part.sql, part.params}, " AND ");
        if (included.size() + excluded.size() > 1) result.sql = "(" + result.sql + ")";
        return result;
    }

    Result<Fragment> CompileOr(const QueryNode& node, bool positive) {
        std::vector<Fragment> branches;
        for (const QueryNode& child : node.children) {
            auto compiled = Compile(child, positive);
            if (!compiled) return compiled;
            if (!compiled->Empty()) branches.push_back(std::move(*compiled));
        }
        Fragment result;
        for (const Fragment& branch : branches) Append(result, branch, " OR ");
        if (branches.size() > 1) result.sql = "(" + result.sql + ")";
        return result;
    }

    static void Append(Fragment& into, const Fragment& part, std::string_view glue) {
        if (!into.sql.empty()) into.sql += glue;
        into.sql += part.sql;
        into.params.insert(into.params.end(), part.params.begin(), part.params.end());
    }

    const search::TextNormalizer& normalizer_;
    ColumnSet columns_;
    const search::TokenHasher& hasher_;
    std::vector<std::string> rank_parts_;
};

}  // namespace

char ColumnWeight(IndexColumn column) {
    switch (column) {
        case IndexColumn::kSubject: return 'A';
        case IndexColumn::kProductOrder: return 'B';
        case IndexColumn::kInternalNotes: return 'C';
        case IndexColumn::kBody: return 'D';
        case IndexColumn::kCustomerName: return ' ';
    }
    return ' ';
}

std::string WeightLetters(ColumnSet columns) {
    std::string weights;
    for (IndexColumn column : kTextColumns)
        if (columns.Has(column)) weights += ColumnWeight(column);
    return weights.size() == 4 ? "" : weights;
}

std::string WeightArray(ColumnSet columns) {
    std::string array = "{";
    for (IndexColumn column : kTextColumns) {
        if (!columns.Has(column)) continue;
        if (array.size() > 1) array += ',';
        array += static_cast<char>(ColumnWeight(column) - 'A' + 'a');
    }
    return array + "}";
}

void TsvectorBuilder::AddColumn(const std::vector<std::string>& tokens, char weight) {
    for (const std::string& token : tokens) {
        const int position = std::min(next_position_, kMaxPosition);
        auto& positions = lexemes_[token];
        if (positions.size() < kMaxPositionsPerLexeme && (positions.empty() || positions.back().first != position))
            positions.emplace_back(position, weight);
        ++next_position_;
    }
    ++next_position_;  // an unused position between columns: no phrase spans two of them
}

std::string TsvectorBuilder::Literal() const {
    std::string out;
    for (const auto& [lexeme, positions] : lexemes_) {
        if (!out.empty()) out += ' ';
        out += QuoteLexeme(lexeme);
        for (std::size_t i = 0; i < positions.size(); ++i) {
            out += i == 0 ? ':' : ',';
            out += std::to_string(positions[i].first);
            if (positions[i].second != 'D' && positions[i].second != ' ') out += positions[i].second;
        }
    }
    return out;
}

Result<TextCondition> CompileTextQuery(const QueryNode& query, const search::TextNormalizer& normalizer,
                                       ColumnSet columns, const search::TokenHasher& customer_hasher) {
    if (columns.IsEmpty()) return domain::Fail(ErrorCode::kForbidden, "there is no text you may search");
    Compiler compiler(normalizer, columns, customer_hasher);
    auto match = compiler.Compile(query);
    if (!match) return std::unexpected(match.error());
    if (match->Empty()) {
        return domain::FailField(ErrorCode::kInvalidArgument, "q",
                                 "nothing to search for: the query has no letters, digits or Chinese characters");
    }
    return TextCondition{std::move(match->sql), std::move(match->params), compiler.RankQuery()};
}

}  // namespace kesu::storage::postgres
