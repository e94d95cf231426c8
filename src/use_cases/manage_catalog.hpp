// The organisation's reference data an admin maintains: departments, the category tree, and the process
// settings a manager owns (approval limit, appeal window). Reading them is open to all staff.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/account.hpp"
#include "domain/category.hpp"
#include "domain/workflow.hpp"
#include "use_cases/context.hpp"

namespace kesu::use_cases {

domain::Result<std::vector<domain::Department>> ListDepartments(const Dependencies& deps, const RequestContext& context);
domain::Result<domain::Department> CreateDepartment(const Dependencies& deps, const RequestContext& context,
                                                    const std::string& name, std::optional<std::int64_t> parent_id);
struct DepartmentPatch {
    int expected_version = 0;
    std::optional<std::string> name;
    std::optional<bool> active;
};
domain::Result<domain::Department> UpdateDepartment(const Dependencies& deps, const RequestContext& context,
                                                    std::int64_t department_id, const DepartmentPatch& patch);

domain::Result<std::vector<domain::Category>> ListCategories(const Dependencies& deps, const RequestContext& context);
// A top-level category, or a second-level one under `parent_id` (the tree has two levels).
domain::Result<domain::Category> CreateCategory(const Dependencies& deps, const RequestContext& context,
                                                domain::Category category);
struct CategoryPatch {
    std::optional<std::string> name_zh;
    std::optional<std::string> name_en;
    std::optional<bool> active;
    std::optional<int> sort_order;
};
domain::Result<domain::Category> UpdateCategory(const Dependencies& deps, const RequestContext& context,
                                                std::int64_t category_id, const CategoryPatch& patch);

domain::Result<domain::ProcessSettings> GetProcessSettings(const Dependencies& deps, const RequestContext& context);
domain::Result<domain::ProcessSettings> UpdateProcessSettings(const Dependencies& deps, const RequestContext& context,
                                                              const domain::ProcessSettings& settings);

}  // namespace kesu::use_cases
