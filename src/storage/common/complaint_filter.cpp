#include "storage/common/complaint_filter.hpp"

namespace kesu::storage::common {

FilterSql ScopeFilter(const domain::VisibilityScope& scope, const SqlDialect& dialect) {
    FilterSql f{std::string(dialect.always), {}};
    if (scope.all) return f;
    std::string any;
    auto allow = [&](const std::string& clause) { any += (any.empty() ? "" : " OR ") + clause; };
    if (scope.intake) allow("department_id IS NULL");
    if (scope.department_id) {
        allow("department_id = ?");
        f.params.emplace_back(*scope.department_id);
    }
    if (scope.user_id != 0) {
        allow("owner_id = ?");
        f.params.emplace_back(scope.user_id);
    }
    f.conditions = any.empty() ? std::string(dialect.never) : "(" + any + ")";
    return f;
}

FilterSql BuildFilter(const domain::ComplaintQuery& q, const SqlDialect& dialect) {
    const domain::VisibilityScope& scope = q.scope;
    bool inside_scope = scope.all || (q.department_id && q.department_id == scope.department_id) ||
                        (q.owner_id && scope.user_id != 0 && *q.owner_id == scope.user_id) ||
                        (q.unassigned_department && scope.intake);
    FilterSql f = inside_scope ? FilterSql{std::string(dialect.always), {}} : ScopeFilter(scope, dialect);
    if (q.status) f.Add("status = ?", std::string(domain::NameOf(*q.status)));
    if (q.open) f.conditions += " AND " + std::string(*q.open ? dialect.open : dialect.closed);
    if (q.kind) f.Add("kind = ?", std::string(domain::NameOf(*q.kind)));
    if (q.category_id)
        f.Add("category_id IN (SELECT id FROM categories WHERE id = ? OR parent_id = ?)", *q.category_id, *q.category_id);
    if (q.level) f.Add("level = ?", std::int64_t{static_cast<int>(*q.level)});
    if (q.channel) f.Add("channel = ?", std::string(domain::NameOf(*q.channel)));
    if (q.department_id) f.Add("department_id = ?", *q.department_id);
    if (q.unassigned_department) f.conditions += " AND department_id IS NULL";
    if (q.owner_id) f.Add("owner_id = ?", *q.owner_id);
    if (q.unowned) f.conditions += " AND owner_id IS NULL";
    if (q.received_from) f.Add("received_at >= ?", domain::ToMillis(*q.received_from));
    if (q.received_to) f.Add("received_at < ?", domain::ToMillis(*q.received_to));
    if (q.due_before) f.Add(std::string(dialect.open) + " AND next_due_at < ?", domain::ToMillis(*q.due_before));
    if (q.emergency_only) f.conditions += " AND " + std::string(dialect.emergency);
    return f;
}

void AddQueryFilters(FilterSql& f, const search::QueryFilters& filters, std::int64_t actor_user_id,
                     std::chrono::minutes utc_offset) {
    auto any_of = [&](const std::string& column, const auto& values, auto to_value) {
        if (values.empty()) return;
        std::string marks;
        for (const auto& value : values) {
            marks += marks.empty() ? "?" : ", ?";
            f.params.push_back(to_value(value));
        }
        f.conditions += " AND " + column + " IN (" + marks + ")";
    };
    any_of("status", filters.statuses, [](auto v) { return SqlValue(std::string(domain::NameOf(v))); });
    any_of("level", filters.levels, [](auto v) { return SqlValue(std::int64_t{static_cast<int>(v)}); });
    any_of("channel", filters.channels, [](auto v) { return SqlValue(std::string(domain::NameOf(v))); });
    any_of("kind", filters.kinds, [](auto v) { return SqlValue(std::string(domain::NameOf(v))); });
    any_of("department_id", filters.department_ids, [](auto v) { return SqlValue(v); });
    if (!filters.categories.empty()) {
        std::string any;
        for (const auto& code : filters.categories) {
            any += (any.empty() ? "" : " OR ") + std::string("code = ? OR code LIKE ?");
            f.params.emplace_back(code);
            f.params.emplace_back(code + ".%");
        }
        f.conditions += " AND category_id IN (SELECT id FROM categories WHERE " + any + ")";
    }
    if (filters.owner) f.Add("owner_id = ?", filters.owner->me ? actor_user_id : filters.owner->owner_id.value_or(0));
    auto day_start = [&](std::chrono::year_month_day day) {
        return domain::ToMillis(
            std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::sys_days{day} - utc_offset));
    };
    if (filters.from) f.Add("received_at >= ?", day_start(*filters.from));
    if (filters.to) f.Add("received_at < ?", day_start(*filters.to) + 86'400'000);
}

}  // namespace kesu::storage::common
