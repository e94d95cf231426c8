// The complaint filters of storage/common/complaint_filter.hpp, spelled for PostgreSQL.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/access_policy.hpp"
#include "domain/complaint_repository.hpp"
#include "storage/common/complaint_filter.hpp"
#include "storage/postgres/postgres_connection.hpp"

namespace kesu::storage::postgres {

using common::AddQueryFilters;
using common::FilterSql;
using common::SqlValue;

inline FilterSql BuildFilter(const domain::ComplaintQuery& query) { return common::BuildFilter(query, common::kPostgresDialect); }
inline FilterSql ScopeFilter(const domain::VisibilityScope& scope) { return common::ScopeFilter(scope, common::kPostgresDialect); }

// Appends the values of a FilterSql to a statement's parameters.
void AddValues(Params& params, const std::vector<SqlValue>& values);

}  // namespace kesu::storage::postgres
