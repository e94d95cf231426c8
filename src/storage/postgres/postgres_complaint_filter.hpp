// The WHERE conditions of complaint lists and searches (visibility scope, list filters, the query language's
// field filters) as PostgreSQL SQL with '?' parameters.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/access_policy.hpp"
#include "domain/complaint_repository.hpp"
#include "search/query.hpp"
#include "search/sqlite_search_index.hpp"
#include "storage/postgres/postgres_connection.hpp"

namespace kesu::storage::postgres {

using SqlValue = search::SqlArgument;

struct FilterSql {
    std::string conditions = "TRUE";
    std::vector<SqlValue> params;

    template <class... T>
    void Add(const std::string& clause, T... values) {
        conditions += " AND " + clause;
        (params.push_back(SqlValue(values)), ...);
    }
};

// Scope and list filters of `query`, without sort or cursor.
FilterSql BuildFilter(const domain::ComplaintQuery& query);
// The query language's field filters (status:closed level:major ...) as more conditions.
void AddQueryFilters(FilterSql& filter, const search::QueryFilters& filters, std::int64_t actor_user_id,
                     std::chrono::minutes utc_offset);
// Only the visibility scope ("TRUE" for everything).
FilterSql ScopeFilter(const domain::VisibilityScope& scope);

void AddValues(Params& params, const std::vector<SqlValue>& values);

}  // namespace kesu::storage::postgres
