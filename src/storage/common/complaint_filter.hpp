// The WHERE conditions of complaint lists and searches (visibility scope, list filters, the query language's
// field filters), with '?' parameters, for both backends. Only the spelling of booleans differs between them.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/access_policy.hpp"
#include "domain/complaint_repository.hpp"
#include "search/query.hpp"
#include "search/sqlite_search_index.hpp"

namespace kesu::storage::common {

using SqlValue = search::SqlArgument;

// How a backend writes the boolean conditions (SQLite stores booleans as 0/1 integers).
struct SqlDialect {
    std::string_view always;     // a condition that holds
    std::string_view never;      // one that does not
    std::string_view open;       // the complaint is open
    std::string_view closed;     // it is not
    std::string_view emergency;  // an emergency is running
};
inline constexpr SqlDialect kSqliteDialect{"1 = 1", "0", "is_open = 1", "is_open = 0", "emergency = 1"};
inline constexpr SqlDialect kPostgresDialect{"TRUE", "FALSE", "is_open", "NOT is_open", "emergency"};

struct FilterSql {
    std::string conditions;
    std::vector<SqlValue> params;

    template <class... T>
    void Add(const std::string& clause, T... values) {
        conditions += " AND " + clause;
        (params.push_back(SqlValue(values)), ...);
    }
};

// Only the visibility scope (dialect.always for everything).
FilterSql ScopeFilter(const domain::VisibilityScope& scope, const SqlDialect& dialect);
// Scope and list filters of `query`, without sort or cursor. The scope is left out when an explicit filter
// already keeps the query inside it (so a queue index is used).
FilterSql BuildFilter(const domain::ComplaintQuery& query, const SqlDialect& dialect);
// The query language's field filters (status:closed level:major ...) as more conditions.
void AddQueryFilters(FilterSql& filter, const search::QueryFilters& filters, std::int64_t actor_user_id,
                     std::chrono::minutes utc_offset);

}  // namespace kesu::storage::common
