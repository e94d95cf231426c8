#include "search/index_columns.hpp"

namespace kesu::search {

std::string_view Fts5ColumnName(IndexColumn column) {
    switch (column) {
        case IndexColumn::kSubject:
            return "subject";
        case IndexColumn::kBody:
            return "body";
        case IndexColumn::kInternalNotes:
            return "notes";
        case IndexColumn::kProductOrder:
            return "product";
        case IndexColumn::kCustomerName:
            return "customer";
    }
    return "body";
}

}  // namespace kesu::search
