// Reply templates an admin maintains for everyone, and the list views each user saves for themselves.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/sla_repositories.hpp"
#include "use_cases/context.hpp"

namespace kesu::use_cases {

domain::Result<std::vector<domain::ReplyTemplate>> ListTemplates(const Dependencies& deps, const RequestContext& context);
domain::Result<domain::ReplyTemplate> CreateTemplate(const Dependencies& deps, const RequestContext& context,
                                                     domain::ReplyTemplate reply_template);
struct TemplatePatch {
    int expected_version = 0;
    std::optional<std::string> name;
    std::optional<std::string> body;
    std::optional<std::optional<std::int64_t>> category_id;
    std::optional<bool> active;
};
domain::Result<domain::ReplyTemplate> UpdateTemplate(const Dependencies& deps, const RequestContext& context,
                                                     std::int64_t template_id, const TemplatePatch& patch);
domain::Result<void> DeleteTemplate(const Dependencies& deps, const RequestContext& context, std::int64_t template_id);

domain::Result<std::vector<domain::SavedView>> ListViews(const Dependencies& deps, const RequestContext& context);
domain::Result<domain::SavedView> SaveView(const Dependencies& deps, const RequestContext& context,
                                           const std::string& name, const std::string& query);
domain::Result<void> DeleteView(const Dependencies& deps, const RequestContext& context, std::int64_t view_id);

}  // namespace kesu::use_cases
