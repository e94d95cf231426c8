// How one word or phrase of a query turns into index tokens. The FTS5 compiler and the snippet maker both
// use it, so what is highlighted is what was searched.
#pragma once

#include <string>
#include <vector>

#include "search/query.hpp"
#include "search/text_normalizer.hpp"

namespace kesu::search {

// Tokens that must stand at consecutive positions; with prefix the last one may be longer (refund* , or a
// trailing lone Chinese character, which matches the bigram it starts).
struct TermPattern {
    std::vector<std::string> tokens;
    bool prefix = false;
};

// The alternatives one kWord / kPhrase leaf matches; empty if it holds no letters, digits or CJK.
// A word that is a single code (SO2023-11-0042, iphone6) matches its compound token or its parts in a row.
// A lone CJK character at the start of a longer term is dropped: it may end a bigram that cannot be named.
// Requires: leaf.kind is kWord or kPhrase.
std::vector<TermPattern> TermPatterns(const TextNormalizer& normalizer, const QueryNode& leaf);

// Calls visit(leaf) for every kWord / kPhrase that is not under a kNot.
template <class Visit>
void ForEachPositiveLeaf(const QueryNode& node, Visit&& visit) {
    switch (node.kind) {
        case QueryNode::Kind::kWord:
        case QueryNode::Kind::kPhrase:
            visit(node);
            return;
        case QueryNode::Kind::kNot:
            return;
        case QueryNode::Kind::kAnd:
        case QueryNode::Kind::kOr:
            for (const QueryNode& child : node.children) ForEachPositiveLeaf(child, visit);
            return;
    }
}

}  // namespace kesu::search
