// The text columns of the search index, kept apart so the caller can search only what a role may see:
// internal notes only for staff who may read them, customer names only for roles that see them unmasked.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace kesu::search {

enum class IndexColumn {
    kSubject,
    kBody,  // description and customer-visible replies
    kInternalNotes,
    kProductOrder,  // product name and order number
    kCustomerName,
};

inline constexpr int kIndexColumnCount = 5;

// The FTS5 column names, in table order.
std::string_view Fts5ColumnName(IndexColumn column);

class ColumnSet {
public:
    constexpr ColumnSet() = default;
    constexpr ColumnSet(std::initializer_list<IndexColumn> columns) {
        for (const IndexColumn column : columns) bits_ |= Bit(column);
    }
    // Subject, body and product/order: what every role that may open the complaint can read.
    static constexpr ColumnSet Public() {
        return {IndexColumn::kSubject, IndexColumn::kBody, IndexColumn::kProductOrder};
    }
    static constexpr ColumnSet All() {
        return {IndexColumn::kSubject, IndexColumn::kBody, IndexColumn::kInternalNotes, IndexColumn::kProductOrder,
                IndexColumn::kCustomerName};
    }

    constexpr bool Has(IndexColumn column) const { return (bits_ & Bit(column)) != 0; }
    constexpr bool IsEmpty() const { return bits_ == 0; }
    constexpr ColumnSet With(IndexColumn column) const {
        return ColumnSet(static_cast<std::uint8_t>(bits_ | Bit(column)));
    }
    constexpr ColumnSet Without(IndexColumn column) const {
        return ColumnSet(static_cast<std::uint8_t>(bits_ & ~Bit(column)));
    }
    constexpr ColumnSet Intersect(ColumnSet other) const {
        return ColumnSet(static_cast<std::uint8_t>(bits_ & other.bits_));
    }
    constexpr bool operator==(const ColumnSet&) const = default;

private:
    constexpr explicit ColumnSet(std::uint8_t bits) : bits_(bits) {}
    static constexpr std::uint8_t Bit(IndexColumn column) {
        return static_cast<std::uint8_t>(1U << static_cast<unsigned>(column));
    }
    std::uint8_t bits_ = 0;
};

}  // namespace kesu::search
