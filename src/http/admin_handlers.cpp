// Handlers for departments, categories, process settings, the workflow table and the audit trail.
#include "http/api.hpp"
#include "http/handler_support.hpp"
#include "use_cases/audit_trail.hpp"
#include "use_cases/manage_catalog.hpp"

namespace kesu::http {

using domain::ErrorCode;
using nlohmann::json;

Response Api::OnListDepartments(Call& call) {
    auto departments = use_cases::ListDepartments(deps_, call.context);
    if (!departments) return Problem(call, departments.error());
    json list = json::array();
    for (const auto& department : *departments) list.push_back(DepartmentJson(department));
    return JsonResponse(200, {{"items", list}});
}

Response Api::OnCreateDepartment(Call& call) {
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    auto name = reader.Text("name", true, domain::kMaxShortText).value_or("");
    auto parent = reader.Integer("parent_id", false, 1, INT64_MAX);
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto department = use_cases::CreateDepartment(deps_, call.context, name, parent);
    if (!department) return Problem(call, department.error());
    return JsonResponse(201, DepartmentJson(*department));
}

Response Api::OnUpdateDepartment(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    use_cases::DepartmentPatch patch;
    patch.expected_version = static_cast<int>(reader.Integer("version", true, 1, INT32_MAX).value_or(0));
    patch.name = reader.Text("name", false, domain::kMaxShortText);
    patch.active = reader.Boolean("active", false);
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto department = use_cases::UpdateDepartment(deps_, call.context, *id, patch);
    if (!department) return Problem(call, department.error());
    return JsonResponse(200, DepartmentJson(*department));
}

Response Api::OnListCategories(Call& call) {
    auto categories = use_cases::ListCategories(deps_, call.context);
    if (!categories) return Problem(call, categories.error());
    json list = json::array();
    for (const auto& category : *categories) list.push_back(CategoryJson(category));
    return JsonResponse(200, {{"items", list}});
}

Response Api::OnCreateCategory(Call& call) {
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    domain::Category category;
    category.code = reader.Text("code", true, 64).value_or("");
    category.name_zh = reader.Text("name_zh", true, domain::kMaxShortText).value_or("");
    category.name_en = reader.Text("name_en", true, domain::kMaxShortText).value_or("");
    category.parent_id = reader.Integer("parent_id", false, 1, INT64_MAX);
    category.sort_order = static_cast<int>(reader.Integer("sort_order", false, 0, 100000).value_or(1000));
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto created = use_cases::CreateCategory(deps_, call.context, category);
    if (!created) return Problem(call, created.error());
    return JsonResponse(201, CategoryJson(*created));
}

Response Api::OnUpdateCategory(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    use_cases::CategoryPatch patch;
    patch.name_zh = reader.Text("name_zh", false, domain::kMaxShortText);
    patch.name_en = reader.Text("name_en", false, domain::kMaxShortText);
    patch.active = reader.Boolean("active", false);
    if (auto order = reader.Integer("sort_order", false, 0, 100000)) patch.sort_order = static_cast<int>(*order);
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto updated = use_cases::UpdateCategory(deps_, call.context, *id, patch);
    if (!updated) return Problem(call, updated.error());
    return JsonResponse(200, CategoryJson(*updated));
}

Response Api::OnGetSettings(Call& call) {
    auto settings = use_cases::GetProcessSettings(deps_, call.context);
    if (!settings) return Problem(call, settings.error());
    return JsonResponse(200, ProcessSettingsJson(*settings));
}

Response Api::OnUpdateSettings(Call& call) {
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    domain::ProcessSettings settings;
    settings.manager_approval_limit_fen = reader.Money("manager_approval_limit", true).value_or(0);
    settings.appeal_window_days = static_cast<int>(reader.Integer("appeal_window_days", true, 1, 365).value_or(30));
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto saved = use_cases::UpdateProcessSettings(deps_, call.context, settings);
    if (!saved) return Problem(call, saved.error());
    return JsonResponse(200, ProcessSettingsJson(*saved));
}

Response Api::OnWorkflow(Call&) {
    json transitions = json::array();
    for (const auto& row : domain::Transitions()) {
        domain::TextFieldSpec text = domain::ActionTextField(row.action);
        transitions.push_back({{"kind", domain::NameOf(row.kind)},
                               {"from", domain::NameOf(row.from)},
                               {"action", domain::NameOf(row.action)},
                               {"to", domain::NameOf(row.to)},
                               {"permission", domain::PermissionName(row.permission)},
                               {"text_field", text.name.empty() ? json(nullptr) : json(text.name)},
                               {"text_required", text.required}});
    }
    return JsonResponse(200, {{"transitions", transitions}});
}

Response Api::OnListAudit(Call& call) {
    std::vector<domain::FieldError> errors;
    std::optional<std::int64_t> actor, before;
    int limit = 100;
    for (const auto& [name, value] : call.request.query) {
        if (name != "actor_id" && name != "before_seq" && name != "limit") {
            errors.push_back({name, "is not a known query parameter"});
            continue;
        }
        std::int64_t number = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
        bool ok = ec == std::errc() && end == value.data() + value.size() && number >= 0;
        if (!ok) errors.push_back({name, "must be a non-negative integer"});
        else if (name == "actor_id") actor = number;
        else if (name == "before_seq") before = number;
        else if (number >= 1 && number <= 500) limit = static_cast<int>(number);
        else errors.push_back({name, "must be 1 to 500"});
    }
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto events = use_cases::ListAuditEvents(deps_, call.context, actor, before, limit);
    if (!events) return Problem(call, events.error());
    json list = json::array();
    for (const auto& event : *events) list.push_back(EventJson(event));
    return JsonResponse(200, {{"items", list}});
}

Response Api::OnVerifyAudit(Call& call) {
    if (!call.context.actor.Has(domain::Permission::kReadAudit))
        return Problem(call, {ErrorCode::kForbidden, "only auditors and admins verify the audit trail", {}, 0});
    auto report = use_cases::VerifyAuditChain(deps_.database, hasher_);
    if (!report) return Problem(call, report.error());
    return JsonResponse(200, {{"intact", report->Intact()},
                              {"events_checked", report->events_checked},
                              {"head_hash", report->head_hash},
                              {"first_broken_seq", report->first_broken_seq ? json(*report->first_broken_seq) : json(nullptr)},
                              {"problem", report->problem}});
}

}  // namespace kesu::http
