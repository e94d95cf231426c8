#include "search/fts5_query.hpp"

#include <array>

#include "search/query_terms.hpp"
#include "search/tokenizer.hpp"

namespace kesu::search {
namespace {

using domain::ErrorCode;
using domain::Result;

constexpr std::array kAllColumns{IndexColumn::kSubject, IndexColumn::kBody, IndexColumn::kInternalNotes,
                                 IndexColumn::kProductOrder, IndexColumn::kCustomerName};

std::string_view FieldLabel(TextField field) {
    switch (field) {
        case TextField::kAny:
            return "text";
        case TextField::kSubject:
            return "subject";
        case TextField::kBody:
            return "body";
        case TextField::kInternalNotes:
            return "internal notes";
        case TextField::kProductOrder:
            return "product and order number";
        case TextField::kCustomerName:
            return "customer name";
    }
    return "text";
}

ColumnSet ColumnsOf(TextField field) {
    switch (field) {
        case TextField::kAny:
            return ColumnSet::All();
        case TextField::kSubject:
            return {IndexColumn::kSubject};
        case TextField::kBody:
            return {IndexColumn::kBody};
        case TextField::kInternalNotes:
            return {IndexColumn::kInternalNotes};
        case TextField::kProductOrder:
            return {IndexColumn::kProductOrder};
        case TextField::kCustomerName:
            return {IndexColumn::kCustomerName};
    }
    return {};
}

std::string ColumnFilter(ColumnSet columns) {
    std::string filter = "{";
    for (const IndexColumn column : kAllColumns) {
        if (!columns.Has(column)) continue;
        if (filter.size() > 1) filter += ' ';
        filter += Fts5ColumnName(column);
    }
    return filter + "}";
}

// Tokens never contain '"' (it separates words), so quoting needs no escaping.
std::string PatternsExpression(const std::vector<TermPattern>& patterns) {
    std::string expression;
    for (const TermPattern& pattern : patterns) {
        if (!expression.empty()) expression += " OR ";
        expression += '"';
        for (std::size_t i = 0; i < pattern.tokens.size(); ++i) {
            if (i > 0) expression += ' ';
            expression += pattern.tokens[i];
        }
        expression += pattern.prefix ? "\" *" : "\"";
    }
    return patterns.size() > 1 ? "(" + expression + ")" : expression;
}

class Compiler {
public:
    Compiler(const TextNormalizer& normalizer, ColumnSet columns, const TokenHasher& hasher)
        : normalizer_(normalizer), columns_(columns), hasher_(hasher) {}

    // An empty string means the node holds nothing searchable and drops out.
    Result<std::string> Compile(const QueryNode& node) const {
        switch (node.kind) {
            case QueryNode::Kind::kWord:
            case QueryNode::Kind::kPhrase:
                return CompileLeaf(node);
            case QueryNode::Kind::kAnd:
                return CompileAnd(node);
            case QueryNode::Kind::kOr:
                return CompileOr(node);
            case QueryNode::Kind::kNot:
                return NeedsPositive(node);
        }
        return std::string();
    }

private:
    static std::unexpected<domain::Error> NeedsPositive(const QueryNode& node) {
        return domain::FailField(
            ErrorCode::kInvalidArgument, "q",
            "a query needs at least one word to look for besides the excluded ones (at character " +
                std::to_string(node.position) + ")");
    }

    Result<std::string> CompileLeaf(const QueryNode& leaf) const {
        const ColumnSet wanted = ColumnsOf(leaf.field);
        const ColumnSet allowed = columns_.Intersect(wanted);
        if (allowed.IsEmpty()) {
            return domain::FailField(ErrorCode::kForbidden, "q",
                                     "you may not search the " + std::string(FieldLabel(leaf.field)) +
                                         " (at character " + std::to_string(leaf.position) + ")");
        }
        const std::vector<TermPattern> patterns = TermPatterns(normalizer_, leaf);
        if (patterns.empty()) return std::string();

        const bool hash_customer = hasher_ && allowed.Has(IndexColumn::kCustomerName);
        const ColumnSet plain = hash_customer ? allowed.Without(IndexColumn::kCustomerName) : allowed;
        std::vector<std::string> alternatives;
        if (!plain.IsEmpty()) alternatives.push_back(ColumnFilter(plain) + " : " + PatternsExpression(patterns));
        if (hash_customer) {
            std::vector<TermPattern> hashed;
            for (const TermPattern& pattern : patterns) {
                if (pattern.prefix) continue;
                TermPattern copy;
                for (const std::string& token : pattern.tokens) copy.tokens.push_back(HashedToken(hasher_, token));
                hashed.push_back(std::move(copy));
            }
            if (!hashed.empty())
                alternatives.push_back(ColumnFilter({IndexColumn::kCustomerName}) + " : " + PatternsExpression(hashed));
        }
        if (alternatives.empty()) return std::string();
        if (alternatives.size() == 1) return alternatives.front();
        return "(" + alternatives[0] + " OR " + alternatives[1] + ")";
    }

    Result<std::string> CompileAnd(const QueryNode& node) const {
        std::vector<std::string> included;
        std::vector<std::string> excluded;
        for (const QueryNode& child : node.children) {
            const bool negated = child.kind == QueryNode::Kind::kNot;
            auto compiled = negated ? Compile(child.children.front()) : Compile(child);
            if (!compiled) return compiled;
            if (compiled->empty()) continue;
            (negated ? excluded : included).push_back(std::move(*compiled));
        }
        if (included.empty()) {
            if (!excluded.empty()) return NeedsPositive(node);
            return std::string();
        }
        std::string expression = included.front();
        if (included.size() > 1) {
            expression = "(" + expression;
            for (std::size_t i = 1; i < included.size(); ++i) expression += " AND " + included[i];
            expression += ")";
        }
        for (const std::string& exclusion : excluded) expression = "(" + expression + " NOT " + exclusion + ")";
        return expression;
    }

    Result<std::string> CompileOr(const QueryNode& node) const {
        std::vector<std::string> branches;
        for (const QueryNode& child : node.children) {
            auto compiled = Compile(child);
            if (!compiled) return compiled;
            if (!compiled->empty()) branches.push_back(std::move(*compiled));
        }
        if (branches.size() <= 1) return branches.empty() ? std::string() : branches.front();
        std::string expression = "(" + branches.front();
        for (std::size_t i = 1; i < branches.size(); ++i) expression += " OR " + branches[i];
        return expression + ")";
    }

    const TextNormalizer& normalizer_;
    ColumnSet columns_;
    const TokenHasher& hasher_;
};

}  // namespace

std::string HashedToken(const TokenHasher& hasher, std::string_view token) {
    if (token == kGapToken) return std::string(kGapToken);
    std::string hashed = "_h";
    for (const char c : hasher(token)) {
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
            hashed.push_back(c);
        else if (c >= 'A' && c <= 'Z')
            hashed.push_back(static_cast<char>(c - 'A' + 'a'));
    }
    return hashed;
}

Result<std::string> CompileFts5Query(const QueryNode& query, const TextNormalizer& normalizer, ColumnSet columns,
                                     const TokenHasher& customer_hasher) {
    if (columns.IsEmpty()) return domain::Fail(ErrorCode::kForbidden, "there is no text you may search");
    auto expression = Compiler(normalizer, columns, customer_hasher).Compile(query);
    if (!expression) return expression;
    if (expression->empty()) {
        return domain::FailField(ErrorCode::kInvalidArgument, "q",
                                 "nothing to search for: the query has no letters, digits or Chinese characters");
    }
    return expression;
}

}  // namespace kesu::search
