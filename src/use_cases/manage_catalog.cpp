#include "use_cases/manage_catalog.hpp"

#include <algorithm>

#include "domain/validation.hpp"

namespace kesu::use_cases {

using domain::ErrorCode;
using domain::Fail;

namespace {

domain::Result<void> RequireStaff(const domain::Actor& actor) {
    if (actor.role == domain::Role::kCustomer) return Fail(ErrorCode::kForbidden, "staff only");
    return {};
}

bool IsCodeCharacter(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'; }

}  // namespace

domain::Result<std::vector<domain::Department>> ListDepartments(const Dependencies& deps, const RequestContext& context) {
    if (auto allowed = RequireStaff(context.actor); !allowed) return std::unexpected(allowed.error());
    return domain::ReadValue<std::vector<domain::Department>>(deps.database,
                                                             [](domain::Transaction& tx) { return tx.Departments().List(); });
}

domain::Result<domain::Department> CreateDepartment(const Dependencies& deps, const RequestContext& context,
                                                    const std::string& name, std::optional<std::int64_t> parent_id) {
    if (auto allowed = Require(context.actor, domain::Permission::kManageUsers); !allowed)
        return std::unexpected(allowed.error());
    std::vector<domain::FieldError> errors;
    domain::CheckText(errors, "name", name, true, domain::kMaxShortText);
    if (!errors.empty()) return domain::FailFields(errors);
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::Department>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::Department> {
        if (parent_id) {
            if (auto parent = tx.Departments().Get(*parent_id); !parent)
                return domain::FailField(ErrorCode::kInvalidArgument, "parent_id", "no such department");
        }
        domain::Department department{0, name, parent_id, true, 1};
        if (auto inserted = tx.Departments().Insert(department); !inserted) {
            if (inserted.error().code == ErrorCode::kConflict)
                return domain::FailField(ErrorCode::kConflict, "name", "a department with this name exists");
            return std::unexpected(inserted.error());
        }
        domain::AuditEvent event = NewEvent(context, now, "department_created");
        event.changes = {{"department.name", "", name}};
        event.text = "department " + std::to_string(department.id);
        if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
        return department;
    });
}

domain::Result<domain::Department> UpdateDepartment(const Dependencies& deps, const RequestContext& context,
                                                    std::int64_t department_id, const DepartmentPatch& patch) {
    if (auto allowed = Require(context.actor, domain::Permission::kManageUsers); !allowed)
        return std::unexpected(allowed.error());
    std::vector<domain::FieldError> errors;
    if (patch.name) domain::CheckText(errors, "name", *patch.name, true, domain::kMaxShortText);
    if (!errors.empty()) return domain::FailFields(errors);
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::Department>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::Department> {
        auto current = tx.Departments().Get(department_id);
        if (!current) return current;
        if (current->version != patch.expected_version)
            return Fail(ErrorCode::kStaleVersion, "department " + current->name + " was changed by someone else; reload");
        domain::Department next = *current;
        if (patch.name) next.name = *patch.name;
        if (patch.active) next.active = *patch.active;
        next.version += 1;
        if (auto updated = tx.Departments().Update(next, current->version); !updated) return std::unexpected(updated.error());
        domain::AuditEvent event = NewEvent(context, now, "department_updated");
        if (next.name != current->name) event.changes.push_back({"department.name", current->name, next.name});
        if (next.active != current->active)
            event.changes.push_back({"department.active", current->active ? "true" : "false", next.active ? "true" : "false"});
        event.text = "department " + std::to_string(department_id);
        if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
        return next;
    });
}

domain::Result<std::vector<domain::Category>> ListCategories(const Dependencies& deps, const RequestContext& context) {
    (void)context;  // categories are public: the portal offers them too
    return domain::ReadValue<std::vector<domain::Category>>(deps.database,
                                                           [](domain::Transaction& tx) { return tx.Categories().List(); });
}

domain::Result<domain::Category> CreateCategory(const Dependencies& deps, const RequestContext& context,
                                                domain::Category category) {
    if (auto allowed = Require(context.actor, domain::Permission::kManageSettings); !allowed)
        return std::unexpected(allowed.error());
    std::vector<domain::FieldError> errors;
    if (category.code.empty() || category.code.size() > 64 || !std::ranges::all_of(category.code, IsCodeCharacter))
        errors.push_back({"code", "1 to 64 characters: lower-case letters, digits, '.' or '_'"});
    domain::CheckText(errors, "name_zh", category.name_zh, true, domain::kMaxShortText);
    domain::CheckText(errors, "name_en", category.name_en, true, domain::kMaxShortText);
    if (!errors.empty()) return domain::FailFields(errors);
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::Category>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::Category> {
        if (category.parent_id) {
            auto parent = tx.Categories().Get(*category.parent_id);
            if (!parent) return domain::FailField(ErrorCode::kInvalidArgument, "parent_id", "no such category");
            if (parent->parent_id)
                return domain::FailField(ErrorCode::kInvalidArgument, "parent_id",
                                         "categories have two levels; the parent must be a top-level category");
        }
        category.id = 0;
        category.active = true;
        if (auto inserted = tx.Categories().Insert(category); !inserted) {
            if (inserted.error().code == ErrorCode::kConflict)
                return domain::FailField(ErrorCode::kConflict, "code", "is already taken");
            return std::unexpected(inserted.error());
        }
        domain::AuditEvent event = NewEvent(context, now, "category_created");
        event.changes = {{"category.code", "", category.code}, {"category.name_zh", "", category.name_zh}};
        if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
        return category;
    });
}

domain::Result<domain::Category> UpdateCategory(const Dependencies& deps, const RequestContext& context,
                                                std::int64_t category_id, const CategoryPatch& patch) {
    if (auto allowed = Require(context.actor, domain::Permission::kManageSettings); !allowed)
        return std::unexpected(allowed.error());
    std::vector<domain::FieldError> errors;
    if (patch.name_zh) domain::CheckText(errors, "name_zh", *patch.name_zh, true, domain::kMaxShortText);
    if (patch.name_en) domain::CheckText(errors, "name_en", *patch.name_en, true, domain::kMaxShortText);
    if (!errors.empty()) return domain::FailFields(errors);
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::Category>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::Category> {
        auto current = tx.Categories().Get(category_id);
        if (!current) return current;
        domain::Category next = *current;
        if (patch.name_zh) next.name_zh = *patch.name_zh;
        if (patch.name_en) next.name_en = *patch.name_en;
        if (patch.active) next.active = *patch.active;
        if (patch.sort_order) next.sort_order = *patch.sort_order;
        if (auto updated = tx.Categories().Update(next); !updated) return std::unexpected(updated.error());
        domain::AuditEvent event = NewEvent(context, now, "category_updated");
        event.text = "category " + next.code;
        if (next.name_zh != current->name_zh) event.changes.push_back({"category.name_zh", current->name_zh, next.name_zh});
        if (next.name_en != current->name_en) event.changes.push_back({"category.name_en", current->name_en, next.name_en});
        if (next.active != current->active)
            event.changes.push_back({"category.active", current->active ? "true" : "false", next.active ? "true" : "false"});
        if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
        return next;
    });
}

domain::Result<domain::ProcessSettings> GetProcessSettings(const Dependencies& deps, const RequestContext& context) {
    if (auto allowed = RequireStaff(context.actor); !allowed) return std::unexpected(allowed.error());
    return domain::ReadValue<domain::ProcessSettings>(deps.database, [](domain::Transaction& tx) {
        return LoadProcessSettings(tx);
    });
}

domain::Result<domain::ProcessSettings> UpdateProcessSettings(const Dependencies& deps, const RequestContext& context,
                                                              const domain::ProcessSettings& settings) {
    if (auto allowed = Require(context.actor, domain::Permission::kManageProcess); !allowed)
        return std::unexpected(allowed.error());
    std::vector<domain::FieldError> errors;
    if (settings.manager_approval_limit_fen < 0) errors.push_back({"manager_approval_limit", "must not be negative"});
    if (settings.appeal_window_days < 1 || settings.appeal_window_days > 365)
        errors.push_back({"appeal_window_days", "must be 1 to 365"});
    if (!errors.empty()) return domain::FailFields(errors);
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::ProcessSettings>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::ProcessSettings> {
        auto current = LoadProcessSettings(tx);
        if (!current) return current;
        bool limit_changed = settings.manager_approval_limit_fen != current->manager_approval_limit_fen;
        if (limit_changed && !domain::MayChangeApprovalLimit(context.actor))
            return domain::FailField(ErrorCode::kForbidden, "manager_approval_limit",
                                     "segregation of duties: a role that approves plans may not change the approval "
                                     "limit; an admin changes it");
        if (auto put = tx.Settings().Put("process.manager_approval_limit_fen", std::to_string(settings.manager_approval_limit_fen)); !put)
            return std::unexpected(put.error());
        if (auto put = tx.Settings().Put("process.appeal_window_days", std::to_string(settings.appeal_window_days)); !put)
            return std::unexpected(put.error());
        domain::AuditEvent event = NewEvent(context, now, "settings_updated");
        event.changes = {{"process.manager_approval_limit", domain::FormatYuan(current->manager_approval_limit_fen),
                          domain::FormatYuan(settings.manager_approval_limit_fen)},
                         {"process.appeal_window_days", std::to_string(current->appeal_window_days),
                          std::to_string(settings.appeal_window_days)}};
        if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
        if (limit_changed) {
            std::string body = context.actor.display_name + " (user " + std::to_string(context.actor.user_id) +
                               ") changed the manager approval limit from " +
                               domain::FormatYuan(current->manager_approval_limit_fen) + " to " +
                               domain::FormatYuan(settings.manager_approval_limit_fen);
            if (auto told = NotifyAuditors(tx, "approval_limit_changed", "经理审批限额已变更 / approval limit changed",
                                           body, now);
                !told)
                return std::unexpected(told.error());
        }
        return settings;
    });
}

}  // namespace kesu::use_cases
