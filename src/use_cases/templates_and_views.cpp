#include "use_cases/templates_and_views.hpp"

#include "domain/validation.hpp"

namespace kesu::use_cases {

using domain::ErrorCode;
using domain::Fail;

namespace {

domain::Result<void> RequireStaff(const domain::Actor& actor) {
    if (actor.user_id == 0) return Fail(ErrorCode::kForbidden, "staff only");
    return {};
}

std::vector<domain::FieldError> CheckTemplate(const domain::ReplyTemplate& t) {
    std::vector<domain::FieldError> errors;
    domain::CheckText(errors, "name", t.name, true, domain::kMaxShortText);
    domain::CheckText(errors, "body", t.body, true, domain::kMaxLongText);
    return errors;
}

domain::Result<void> CheckCategory(domain::Transaction& tx, std::optional<std::int64_t> category_id) {
    if (!category_id) return {};
    if (auto category = tx.Categories().Get(*category_id); !category)
        return domain::FailField(ErrorCode::kInvalidArgument, "category_id", "no such category");
    return {};
}

}  // namespace

domain::Result<std::vector<domain::ReplyTemplate>> ListTemplates(const Dependencies& deps, const RequestContext& context) {
    if (auto allowed = RequireStaff(context.actor); !allowed) return std::unexpected(allowed.error());
    return domain::ReadValue<std::vector<domain::ReplyTemplate>>(deps.database, [](domain::Transaction& tx) {
        return tx.Templates().ListTemplates();
    });
}

domain::Result<domain::ReplyTemplate> CreateTemplate(const Dependencies& deps, const RequestContext& context,
                                                     domain::ReplyTemplate t) {
    if (auto allowed = Require(context.actor, domain::Permission::kManageSettings); !allowed)
        return std::unexpected(allowed.error());
    if (auto errors = CheckTemplate(t); !errors.empty()) return domain::FailFields(errors);
    t.id = 0;
    t.version = 1;
    return domain::WriteValue<domain::ReplyTemplate>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::ReplyTemplate> {
        if (auto checked = CheckCategory(tx, t.category_id); !checked) return std::unexpected(checked.error());
        if (auto inserted = tx.Templates().InsertTemplate(t); !inserted) {
            if (inserted.error().code == ErrorCode::kConflict)
                return domain::FailField(ErrorCode::kConflict, "name", "a template with this name exists");
            return std::unexpected(inserted.error());
        }
        return t;
    });
}

domain::Result<domain::ReplyTemplate> UpdateTemplate(const Dependencies& deps, const RequestContext& context,
                                                     std::int64_t template_id, const TemplatePatch& patch) {
    if (auto allowed = Require(context.actor, domain::Permission::kManageSettings); !allowed)
        return std::unexpected(allowed.error());
    return domain::WriteValue<domain::ReplyTemplate>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::ReplyTemplate> {
        auto current = tx.Templates().GetTemplate(template_id);
        if (!current) return current;
        domain::ReplyTemplate next = *current;
        if (patch.name) next.name = *patch.name;
        if (patch.body) next.body = *patch.body;
        if (patch.category_id) next.category_id = *patch.category_id;
        if (patch.active) next.active = *patch.active;
        if (auto errors = CheckTemplate(next); !errors.empty()) return domain::FailFields(errors);
        if (auto checked = CheckCategory(tx, next.category_id); !checked) return std::unexpected(checked.error());
        next.version = current->version + 1;
        if (auto updated = tx.Templates().UpdateTemplate(next, patch.expected_version); !updated)
            return std::unexpected(updated.error());
        return next;
    });
}

domain::Result<void> DeleteTemplate(const Dependencies& deps, const RequestContext& context, std::int64_t template_id) {
    if (auto allowed = Require(context.actor, domain::Permission::kManageSettings); !allowed) return allowed;
    return deps.database.Write([&](domain::Transaction& tx) { return tx.Templates().DeleteTemplate(template_id); });
}

domain::Result<std::vector<domain::SavedView>> ListViews(const Dependencies& deps, const RequestContext& context) {
    if (auto allowed = RequireStaff(context.actor); !allowed) return std::unexpected(allowed.error());
    return domain::ReadValue<std::vector<domain::SavedView>>(deps.database, [&](domain::Transaction& tx) {
        return tx.Templates().ListViews(context.actor.user_id);
    });
}

domain::Result<domain::SavedView> SaveView(const Dependencies& deps, const RequestContext& context,
                                           const std::string& name, const std::string& query) {
    if (auto allowed = RequireStaff(context.actor); !allowed) return std::unexpected(allowed.error());
    std::vector<domain::FieldError> errors;
    domain::CheckText(errors, "name", name, true, domain::kMaxShortText);
    domain::CheckText(errors, "query", query, false, domain::kMaxMediumText);
    if (!errors.empty()) return domain::FailFields(errors);
    domain::SavedView view{0, context.actor.user_id, name, query, deps.clock.Now()};
    return domain::WriteValue<domain::SavedView>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::SavedView> {
        auto existing = tx.Templates().ListViews(context.actor.user_id);
        if (!existing) return std::unexpected(existing.error());
        if (existing->size() >= 50) return Fail(ErrorCode::kConflict, "at most 50 saved views per user");
        if (auto inserted = tx.Templates().InsertView(view); !inserted) return std::unexpected(inserted.error());
        return view;
    });
}

domain::Result<void> DeleteView(const Dependencies& deps, const RequestContext& context, std::int64_t view_id) {
    if (auto allowed = RequireStaff(context.actor); !allowed) return allowed;
    return deps.database.Write([&](domain::Transaction& tx) -> domain::Result<void> {
        auto deleted = tx.Templates().DeleteView(context.actor.user_id, view_id);
        if (!deleted) return std::unexpected(deleted.error());
        if (!*deleted) return Fail(ErrorCode::kNotFound, "saved view " + std::to_string(view_id) + " is not yours");
        return {};
    });
}

}  // namespace kesu::use_cases
