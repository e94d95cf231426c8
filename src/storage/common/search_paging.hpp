// Paging of a filter-only search (no words): both backends fetch limit + 1 rows newest first; the extra row only
// says there is a next page.
#pragma once

#include <cstdint>

#include "domain/complaint_repository.hpp"

namespace kesu::storage::common {

inline void FinishFilterOnlyPage(domain::SearchResultPage& page, std::int64_t offset, std::int64_t limit) {
    if (page.items.size() > static_cast<std::size_t>(limit)) {
        page.items.pop_back();
        page.next_offset = offset + limit;
    }
    page.total = offset + static_cast<std::int64_t>(page.items.size()) + (page.next_offset ? 1 : 0);
    page.total_capped = page.next_offset.has_value();
}

}  // namespace kesu::storage::common
