// The configurable two-level category tree of BRIEF §3 (top level, then sub-categories).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kesu::domain {

struct Category {
    std::int64_t id = 0;
    std::optional<std::int64_t> parent_id;  // none for a top-level category
    std::string code;                        // stable key, e.g. "quality.defect"
    std::string name_zh;
    std::string name_en;
    bool active = true;
    int sort_order = 0;
};

// The default tree kesu is installed with (BRIEF §3).
std::vector<Category> DefaultCategories();

}  // namespace kesu::domain
