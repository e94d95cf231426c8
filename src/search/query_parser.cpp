#include <algorithm>
#include <array>
#include <charconv>
#include <span>
#include <string>
#include <utility>

#include "search/query.hpp"
#include "search/utf8.hpp"

namespace kesu::search {
namespace {

using domain::ErrorCode;
using domain::Result;

constexpr std::string_view kKnownFields =
    "subject body notes product order customer status level category channel kind dept owner from to";
constexpr std::array<std::string_view, 9> kFilterFields{"status", "level", "category", "channel", "kind",
                                                        "dept",   "owner", "from",     "to"};

// Full-width and curly forms of the syntax characters, so a query typed with a Chinese input method works.
char32_t FoldSyntax(char32_t code_point) {
    if (code_point >= 0xFF01 && code_point <= 0xFF5E) return code_point - 0xFEE0;
    if (code_point == 0x201C || code_point == 0x201D) return U'"';
    if (code_point == 0x3000) return U' ';
    return code_point;
}

bool IsSpace(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\v' || c == U'\f'; }
bool IsAsciiLetter(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }

std::string ToUtf8(std::u32string_view text) {
    std::string out;
    for (const char32_t c : text) AppendUtf8(out, c);
    return out;
}

std::string Lower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

std::optional<std::int64_t> ParseInteger(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<std::chrono::year_month_day> ParseDate(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto year = ParseInteger(text.substr(0, 4));
    const auto month = ParseInteger(text.substr(5, 2));
    const auto day = ParseInteger(text.substr(8, 2));
    if (!year || !month || !day || *month < 1 || *day < 1) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year{static_cast<int>(*year)},
                                           std::chrono::month{static_cast<unsigned>(*month)},
                                           std::chrono::day{static_cast<unsigned>(*day)}};
    if (!date.ok()) return std::nullopt;
    return date;
}

template <class E>
std::string NamesOf(std::span<const domain::EnumName<E>> table) {
    std::string names;
    for (const auto& entry : table) {
        if (!names.empty()) names += ", ";
        names += entry.name;
    }
    return names;
}

struct Primary {
    std::optional<QueryNode> node;
    bool was_filter = false;
};

class Parser {
public:
    explicit Parser(std::string_view query) {
        for (std::size_t offset = 0; offset < query.size();) {
            const auto [code_point, length] = DecodeUtf8(query, offset);
            query_.push_back(FoldSyntax(code_point));
            offset += length;
        }
    }

    Result<ParsedQuery> Run() {
        SkipSpace();
        if (AtEnd()) return Error(0, "the query is empty");
        auto text = ParseAnd(0);
        if (!text) return std::unexpected(text.error());
        // Only operators ("AND", "\v AND \r"): as empty as blanks, not a query that lists everything.
        if (!*text && filters_.IsEmpty()) return Error(0, "the query is empty: it has no words or filters");
        return ParsedQuery{std::move(*text), std::move(filters_)};
    }

private:
    bool AtEnd() const { return at_ >= query_.size(); }
    void SkipSpace() {
        while (!AtEnd() && IsSpace(query_[at_])) ++at_;
    }
    bool IsWordEnd(std::size_t index) const {
        return index >= query_.size() || IsSpace(query_[index]) || query_[index] == U'(' || query_[index] == U')';
    }
    bool AtKeyword(std::u32string_view keyword) const {
        return query_.compare(at_, keyword.size(), keyword) == 0 && IsWordEnd(at_ + keyword.size());
    }

    std::unexpected<domain::Error> Error(std::size_t index, std::string reason) const {
        if (index < query_.size()) reason += " (at character " + std::to_string(index + 1) + ")";
        return domain::FailField(ErrorCode::kInvalidArgument, "q", std::move(reason));
    }

    static QueryNode Combine(QueryNode::Kind kind, std::vector<QueryNode> children, std::size_t position) {
        if (children.size() == 1) return std::move(children.front());
        QueryNode node;
        node.kind = kind;
        node.children = std::move(children);
        node.position = position;
        return node;
    }

    // Juxtaposed operands, all required. Depth counts open parentheses.
    Result<std::optional<QueryNode>> ParseAnd(int depth) {
        std::vector<QueryNode> children;
        const std::size_t start = at_;
        while (true) {
            SkipSpace();
            if (AtEnd()) break;
            if (query_[at_] == U')') {
                if (depth == 0) return Error(at_, "')' without a matching '('");
                break;
            }
            if (AtKeyword(U"AND")) {
                at_ += 3;
                continue;
            }
            auto operand = ParseOr(depth);
            if (!operand) return std::unexpected(operand.error());
            if (*operand) children.push_back(std::move(**operand));
        }
        if (children.empty()) return std::optional<QueryNode>{};
        return std::optional<QueryNode>{Combine(QueryNode::Kind::kAnd, std::move(children), start + 1)};
    }

    Result<std::optional<QueryNode>> ParseOr(int depth) {
        const std::size_t start = at_;
        auto first = ParseUnary(depth, false);
        if (!first) return std::unexpected(first.error());
        std::vector<QueryNode> branches;
        if (first->node) branches.push_back(std::move(*first->node));
        while (true) {
            const std::size_t before = at_;
            SkipSpace();
            if (!AtKeyword(U"OR")) {
                at_ = before;
                break;
            }
            const std::size_t or_at = at_;
            if (first->was_filter) return Error(or_at, "a filter such as status: cannot be combined with OR");
            at_ += 2;
            SkipSpace();
            if (AtEnd() || query_[at_] == U')' || AtKeyword(U"OR"))
                return Error(or_at, "OR needs a word on both sides");
            auto next = ParseUnary(depth, true);
            if (!next) return std::unexpected(next.error());
            if (next->node) branches.push_back(std::move(*next->node));
        }
        if (branches.empty()) return std::optional<QueryNode>{};
        return std::optional<QueryNode>{Combine(QueryNode::Kind::kOr, std::move(branches), start + 1)};
    }

    Result<Primary> ParseUnary(int depth, bool in_or) {
        const std::size_t start = at_;
        bool negated = false;
        if (AtKeyword(U"OR")) return Error(at_, "OR needs a word on both sides");
        if (AtKeyword(U"NOT")) {
            at_ += 3;
            SkipSpace();
            if (AtEnd()) return Error(start, "NOT needs a word after it");
            negated = true;
        } else if (query_[at_] == U'-' && at_ + 1 < query_.size() && !IsSpace(query_[at_ + 1]) &&
                   query_[at_ + 1] != U')' && query_[at_ + 1] != U'-') {
            ++at_;
            negated = true;
        }
        if (negated && in_or) return Error(start, "'-' cannot be used inside OR; exclude outside it: (a OR b) -c");
        auto primary = ParsePrimary(depth, negated, in_or);
        if (!primary || !negated || !primary->node) return primary;
        QueryNode node;
        node.kind = QueryNode::Kind::kNot;
        node.position = start + 1;
        node.children.push_back(std::move(*primary->node));
        return Primary{std::move(node), false};
    }

    Result<Primary> ParsePrimary(int depth, bool negated, bool in_or) {
        const std::size_t start = at_;
        if (query_[at_] == U'(') {
            ++at_;
            auto inner = ParseAnd(depth + 1);
            if (!inner) return std::unexpected(inner.error());
            if (AtEnd()) return Error(start, "'(' is never closed");
            ++at_;
            if (!*inner) return Error(start, "the parentheses hold nothing to search for");
            return Primary{std::move(*inner), false};
        }
        if (query_[at_] == U'"') {
            auto phrase = TakeQuoted();
            if (!phrase) return std::unexpected(phrase.error());
            return Primary{MakeText(QueryNode::Kind::kPhrase, std::move(*phrase), TextField::kAny, start), false};
        }
        std::size_t end = at_;
        while (!IsWordEnd(end) && query_[end] != U'"') ++end;
        std::size_t colon = at_;
        while (colon < end && IsAsciiLetter(query_[colon])) ++colon;
        if (colon > at_ && colon < query_.size() && query_[colon] == U':') {
            const std::string name = Lower(ToUtf8(std::u32string_view(query_).substr(at_, colon - at_)));
            at_ = colon + 1;
            return ParseField(name, start, depth, negated, in_or);
        }
        std::u32string_view word = std::u32string_view(query_).substr(at_, end - at_);
        at_ = end;
        if (end < query_.size() && query_[end] == U'"') return Error(end, "a quote must start a new word");
        QueryNode node = MakeText(QueryNode::Kind::kWord, {}, TextField::kAny, start);
        if (word.size() > 1 && word.back() == U'*') {
            word.remove_suffix(1);
            node.prefix = true;
        }
        node.text = ToUtf8(word);
        return Primary{std::move(node), false};
    }

    static QueryNode MakeText(QueryNode::Kind kind, std::string text, TextField field, std::size_t start) {
        QueryNode node;
        node.kind = kind;
        node.text = std::move(text);
        node.field = field;
        node.position = start + 1;
        return node;
    }

    Result<std::string> TakeQuoted() {
        const std::size_t open = at_;
        const std::size_t close = query_.find(U'"', open + 1);
        if (close == std::u32string::npos) return Error(open, "unbalanced quote: this quote is never closed");
        at_ = close + 1;
        if (!IsWordEnd(at_) && query_[at_] != U'"') return Error(at_, "a closing quote must end the word");
        return ToUtf8(std::u32string_view(query_).substr(open + 1, close - open - 1));
    }

    static std::optional<TextField> TextFieldNamed(std::string_view name) {
        if (name == "subject") return TextField::kSubject;
        if (name == "body") return TextField::kBody;
        if (name == "notes") return TextField::kInternalNotes;
        if (name == "product" || name == "order") return TextField::kProductOrder;
        if (name == "customer") return TextField::kCustomerName;
        return std::nullopt;
    }

    Result<Primary> ParseField(const std::string& name, std::size_t start, int depth, bool negated, bool in_or) {
        const std::size_t value_at = at_;
        if (IsWordEnd(value_at)) return Error(start, name + ": needs a value right after the colon");
        if (const auto field = TextFieldNamed(name)) {
            if (query_[value_at] == U'"') {
                auto phrase = TakeQuoted();
                if (!phrase) return std::unexpected(phrase.error());
                return Primary{MakeText(QueryNode::Kind::kPhrase, std::move(*phrase), *field, start), false};
            }
            std::size_t end = value_at;
            while (!IsWordEnd(end)) ++end;
            std::u32string_view value = std::u32string_view(query_).substr(value_at, end - value_at);
            at_ = end;
            QueryNode node = MakeText(QueryNode::Kind::kWord, {}, *field, start);
            if (value.size() > 1 && value.back() == U'*') {
                value.remove_suffix(1);
                node.prefix = true;
            }
            node.text = ToUtf8(value);
            return Primary{std::move(node), false};
        }
        if (std::ranges::find(kFilterFields, name) == kFilterFields.end())
            return Error(start, "unknown field '" + name + ":'; known fields are " + std::string(kKnownFields) +
                                    " (put the words in quotes to search for them as text)");
        if (negated || in_or || depth > 0)
            return Error(start, "the filter " + name +
                                    ": applies to the whole query; it cannot be negated, "
                                    "combined with OR or put inside parentheses");
        std::string value;
        if (query_[value_at] == U'"') {
            auto quoted = TakeQuoted();
            if (!quoted) return std::unexpected(quoted.error());
            value = std::move(*quoted);
        } else {
            std::size_t end = value_at;
            while (!IsWordEnd(end)) ++end;
            value = ToUtf8(std::u32string_view(query_).substr(value_at, end - value_at));
            at_ = end;
        }
        std::size_t item_begin = 0;
        while (item_begin <= value.size()) {
            std::size_t item_end = value.find(',', item_begin);
            if (item_end == std::string::npos) item_end = value.size();
            const std::string item = value.substr(item_begin, item_end - item_begin);
            if (item.empty()) return Error(value_at, name + ": has an empty value");
            if (auto applied = ApplyFilter(name, item, value_at); !applied) return std::unexpected(applied.error());
            item_begin = item_end + 1;
        }
        return Primary{std::nullopt, true};
    }

    template <class E>
    Result<void> AddEnum(std::vector<E>& values, std::span<const domain::EnumName<E>> table, const std::string& name,
                         const std::string& item, std::size_t at) {
        const auto value = domain::ParseIn(table, Lower(item));
        if (!value) return Error(at, "unknown " + name + " '" + item + "'; expected one of " + NamesOf(table));
        values.push_back(*value);
        return {};
    }

    Result<void> ApplyFilter(const std::string& name, const std::string& item, std::size_t at) {
        if (name == "status") return AddEnum(filters_.statuses, domain::StatusNames(), name, item, at);
        if (name == "level") return AddEnum(filters_.levels, domain::LevelNames(), name, item, at);
        if (name == "channel") return AddEnum(filters_.channels, domain::ChannelNames(), name, item, at);
        if (name == "kind") return AddEnum(filters_.kinds, domain::RequestKindNames(), name, item, at);
        if (name == "category") {
            filters_.categories.push_back(item);
            return {};
        }
        if (name == "dept") {
            const auto id = ParseInteger(item);
            if (!id) return Error(at, "dept: expects a department number, not '" + item + "'");
            filters_.department_ids.push_back(*id);
            return {};
        }
        if (name == "owner") {
            if (filters_.owner) return Error(at, "owner: may be given only once");
            if (Lower(item) == "me") {
                filters_.owner = OwnerFilter{true, std::nullopt};
                return {};
            }
            const auto id = ParseInteger(item);
            if (!id) return Error(at, "owner: expects 'me' or a user number, not '" + item + "'");
            filters_.owner = OwnerFilter{false, *id};
            return {};
        }
        auto& bound = name == "from" ? filters_.from : filters_.to;
        if (bound) return Error(at, name + ": may be given only once");
        bound = ParseDate(item);
        if (!bound) return Error(at, name + ": expects a date like 2026-01-31, not '" + item + "'");
        return {};
    }

    std::u32string query_;
    std::size_t at_ = 0;
    QueryFilters filters_;
};

}  // namespace

bool QueryFilters::IsEmpty() const {
    return statuses.empty() && levels.empty() && categories.empty() && channels.empty() && kinds.empty() &&
           department_ids.empty() && !owner && !from && !to;
}

Result<ParsedQuery> ParseQuery(std::string_view query) { return Parser(query).Run(); }

}  // namespace kesu::search
