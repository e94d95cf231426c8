// Handlers for the user's workspace: notifications, the overview, reply templates and saved views.
#include "http/api.hpp"
#include "http/handler_support.hpp"
#include "use_cases/inbox_and_overview.hpp"
#include "use_cases/templates_and_views.hpp"

namespace kesu::http {

using domain::ErrorCode;
using nlohmann::json;

namespace {

std::string PercentEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string encoded;
    for (char character : text) {
        auto c = static_cast<unsigned char>(character);
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                     c == '.' || c == '~' || c == ':';
        if (plain) {
            encoded += static_cast<char>(c);
        } else {
            encoded += '%';
            encoded += kHex[c >> 4u];
            encoded += kHex[c & 15u];
        }
    }
    return encoded;
}

Response NoContent() {
    Response response;
    response.status = 204;
    return response;
}

}  // namespace

Response Api::OnListNotifications(Call& call) {
    bool unread_only = false;
    int limit = 50;
    std::vector<domain::FieldError> errors;
    for (const auto& [name, value] : call.request.query) {
        if (name == "unread" && (value == "true" || value == "false")) unread_only = value == "true";
        else if (name == "limit" && std::from_chars(value.data(), value.data() + value.size(), limit).ec == std::errc() &&
                 limit >= 1 && limit <= 200) continue;
        else errors.push_back({name, name == "unread" ? "must be true or false" : name == "limit" ? "must be 1 to 200" : "is not a known query parameter"});
    }
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto inbox = use_cases::ListNotifications(deps_, call.context, unread_only, limit);
    if (!inbox) return Problem(call, inbox.error());
    json items = json::array();
    for (const auto& notification : inbox->items) items.push_back(NotificationJson(notification));
    return JsonResponse(200, {{"items", items}, {"unread_count", inbox->unread_count}});
}

Response Api::OnReadNotification(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    if (auto done = use_cases::MarkNotificationRead(deps_, call.context, *id); !done) return Problem(call, done.error());
    return NoContent();
}

Response Api::OnReadAllNotifications(Call& call) {
    auto marked = use_cases::MarkAllNotificationsRead(deps_, call.context);
    if (!marked) return Problem(call, marked.error());
    return JsonResponse(200, {{"marked", *marked}});
}

Response Api::OnOverview(Call& call) {
    auto counts = use_cases::GetOverview(deps_, call.context);
    if (!counts) return Problem(call, counts.error());
    return JsonResponse(200, OverviewJson(*counts));
}

Response Api::OnListTemplates(Call& call) {
    auto templates = use_cases::ListTemplates(deps_, call.context);
    if (!templates) return Problem(call, templates.error());
    json list = json::array();
    for (const auto& t : *templates) list.push_back(TemplateJson(t));
    return JsonResponse(200, {{"items", list}});
}

Response Api::OnCreateTemplate(Call& call) {
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    domain::ReplyTemplate t;
    t.name = reader.Text("name", true, domain::kMaxShortText).value_or("");
    t.body = reader.Text("body", true, domain::kMaxLongText).value_or("");
    t.category_id = reader.Integer("category_id", false, 1, INT64_MAX);
    t.active = reader.Boolean("active", false).value_or(true);
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto created = use_cases::CreateTemplate(deps_, call.context, t);
    if (!created) return Problem(call, created.error());
    return JsonResponse(201, TemplateJson(*created));
}

Response Api::OnUpdateTemplate(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    use_cases::TemplatePatch patch;
    patch.expected_version = static_cast<int>(reader.Integer("version", true, 1, INT32_MAX).value_or(0));
    patch.name = reader.Text("name", false, domain::kMaxShortText);
    patch.body = reader.Text("body", false, domain::kMaxLongText);
    if (reader.IsNull("category_id")) {
        patch.category_id = std::optional<std::int64_t>();
        (void)reader.Integer("category_id", false, 1, INT64_MAX);
    } else if (auto category = reader.Integer("category_id", false, 1, INT64_MAX)) {
        patch.category_id = std::optional(*category);
    }
    patch.active = reader.Boolean("active", false);
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto updated = use_cases::UpdateTemplate(deps_, call.context, *id, patch);
    if (!updated) return Problem(call, updated.error());
    return JsonResponse(200, TemplateJson(*updated));
}

Response Api::OnDeleteTemplate(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    if (auto done = use_cases::DeleteTemplate(deps_, call.context, *id); !done) return Problem(call, done.error());
    return NoContent();
}

Response Api::OnListViews(Call& call) {
    auto views = use_cases::ListViews(deps_, call.context);
    if (!views) return Problem(call, views.error());
    json list = json::array();
    for (const auto& view : *views) list.push_back(ViewJson(view));
    return JsonResponse(200, {{"items", list}});
}

Response Api::OnSaveView(Call& call) {
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    auto name = reader.Text("name", true, domain::kMaxShortText).value_or("");
    std::string query;
    if (const json* object = reader.Object("query", false)) {
        // Stored as the list's query string; values are kept as given (the list validates them when used).
        for (auto it = object->begin(); it != object->end(); ++it) {
            if (!it.value().is_string() && !it.value().is_number() && !it.value().is_boolean()) {
                errors.push_back({"query." + it.key(), "must be a string, number or boolean"});
                continue;
            }
            std::string value = it.value().is_string() ? it.value().get<std::string>() : it.value().dump();
            query += (query.empty() ? "" : "&") + PercentEncode(it.key()) + "=" + PercentEncode(value);
        }
    }
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto saved = use_cases::SaveView(deps_, call.context, name, query);
    if (!saved) return Problem(call, saved.error());
    return JsonResponse(201, ViewJson(*saved));
}

Response Api::OnDeleteView(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    if (auto done = use_cases::DeleteView(deps_, call.context, *id); !done) return Problem(call, done.error());
    return NoContent();
}

}  // namespace kesu::http
