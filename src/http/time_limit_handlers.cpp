// Handlers for SLA clocks, the emergency process, calendars and the SLA policy.
#include "calendar_import/holiday_import.hpp"
#include "codec/sla_json.hpp"
#include "http/api.hpp"
#include "http/handler_support.hpp"
#include "use_cases/manage_clocks.hpp"
#include "use_cases/manage_time_limits.hpp"
#include "use_cases/sla_config.hpp"
#include "use_cases/view_complaint.hpp"

namespace kesu::http {

using domain::ErrorCode;
using nlohmann::json;

namespace {

// The complaint page's JSON after a change: the fresh view with its clocks.
Response ComplaintAfterChange(const use_cases::Dependencies& deps, const Call& call, std::int64_t id,
                              const domain::Complaint& changed) {
    auto view = use_cases::GetComplaint(deps, call.context, id);
    if (!view) return JsonResponse(200, ComplaintJson(changed, domain::AvailableActions(changed, call.context.actor)));
    return JsonResponse(200, ComplaintJson(view->complaint, view->actions, &view->clocks));
}

std::optional<domain::SlaLimit> LimitFrom(const std::string& unit, std::int64_t amount) {
    if (unit == "working_days") return domain::SlaLimit::WorkingDays(amount);
    if (unit == "calendar_days") return domain::SlaLimit::CalendarDays(amount);
    if (unit == "hours") return domain::SlaLimit::CalendarHours(amount);
    if (unit == "working_hours") return domain::SlaLimit::WorkingHours(amount);
    if (unit == "minutes") return domain::SlaLimit::CalendarMinutes(amount);
    return std::nullopt;
}

}  // namespace

Response Api::OnPauseClocks(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    auto version = reader.Integer("version", true, 1, INT32_MAX);
    auto reason = reader.Text("reason", true, domain::kMaxMediumText).value_or("");
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto paused = use_cases::PauseClocks(deps_, call.context, *id, static_cast<int>(*version), reason);
    if (!paused) return Problem(call, paused.error());
    return ComplaintAfterChange(deps_, call, *id, *paused);
}

Response Api::OnResumeClocks(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    auto version = reader.Integer("version", true, 1, INT32_MAX);
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto resumed = use_cases::ResumeClocks(deps_, call.context, *id, static_cast<int>(*version));
    if (!resumed) return Problem(call, resumed.error());
    return ComplaintAfterChange(deps_, call, *id, *resumed);
}

Response Api::OnExtendClock(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto target = domain::ParseIn(domain::SlaTargetNames(), call.params.at(1));
    if (!target) return Problem(call, {ErrorCode::kNotFound, "no such time limit: " + call.params.at(1), {}, 0});
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    use_cases::ExtensionInput input;
    input.target = *target;
    input.expected_version = static_cast<int>(reader.Integer("version", true, 1, INT32_MAX).value_or(0));
    auto amount = reader.Integer("amount", true, 1, 100000);
    auto unit = reader.Text("unit", true, 20);
    input.reason = reader.Text("reason", true, domain::kMaxMediumText).value_or("");
    reader.RejectUnknown();
    if (amount && unit) {
        auto limit = LimitFrom(*unit, *amount);
        if (!limit) errors.push_back({"unit", "must be working_days, calendar_days, hours, working_hours or minutes"});
        else input.amount = *limit;
    }
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto extended = use_cases::ExtendDeadline(deps_, call.context, *id, input);
    if (!extended) return Problem(call, extended.error());
    return ComplaintAfterChange(deps_, call, *id, *extended);
}

Response Api::OnOrganiseEmergency(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    use_cases::EmergencyInput input;
    input.expected_version = static_cast<int>(reader.Integer("version", true, 1, INT32_MAX).value_or(0));
    if (const json* team = reader.Array("team", true, 30)) {
        for (const auto& member : *team) {
            if (member.is_string()) input.team.push_back(member.get<std::string>());
            else errors.push_back({"team", "must be a list of names"});
        }
    }
    input.contingency_plan = reader.Text("contingency_plan", true, domain::kMaxLongText).value_or("");
    input.report_interval_minutes = static_cast<int>(reader.Integer("report_interval_minutes", false, 15, 1440).value_or(120));
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto organised = use_cases::OrganiseEmergency(deps_, call.context, *id, input);
    if (!organised) return Problem(call, organised.error());
    return ComplaintAfterChange(deps_, call, *id, *organised);
}

Response Api::OnEmergencyReport(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    auto version = reader.Integer("version", true, 1, INT32_MAX);
    auto text = reader.Text("text", true, domain::kMaxLongText).value_or("");
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto reported = use_cases::ReportEmergencyProgress(deps_, call.context, *id, static_cast<int>(*version), text);
    if (!reported) return Problem(call, reported.error());
    return ComplaintAfterChange(deps_, call, *id, *reported);
}

Response Api::OnListCalendars(Call& call) {
    auto calendars = use_cases::ListCalendars(deps_, call.context);
    if (!calendars) return Problem(call, calendars.error());
    json list = json::array();
    for (const auto& calendar : *calendars) list.push_back(codec::CalendarToJson(calendar));
    return JsonResponse(200, {{"items", list}});
}

Response Api::OnSaveCalendar(Call& call) {
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    json definition = *body;
    if (definition.contains("id") && definition["id"] != call.params.at(0))
        return Problem(call, domain::FailField(ErrorCode::kInvalidArgument, "id", "must match the path").error());
    definition["id"] = call.params.at(0);
    auto calendar = codec::CalendarFromJson(definition);
    if (!calendar) return Problem(call, calendar.error());
    auto saved = use_cases::SaveCalendar(deps_, call.context, std::move(*calendar));
    if (!saved) return Problem(call, saved.error());
    return JsonResponse(200, codec::CalendarToJson(*saved));
}

Response Api::OnImportCalendar(Call& call) {
    std::string_view type = call.request.Header("content-type");
    domain::Result<domain::SpecialDays> days = type.starts_with("text/calendar")
                                                   ? calendar_import::ParseIcsHolidays(call.request.body)
                                               : type.starts_with("application/json")
                                                   ? calendar_import::ParseHolidayJson(call.request.body)
                                                   : domain::Result<domain::SpecialDays>(domain::Fail(
                                                         ErrorCode::kUnsupportedMediaType,
                                                         "send an iCalendar file (text/calendar) or the holiday JSON "
                                                         "(application/json)"));
    if (!days) return Problem(call, days.error());
    auto merged = use_cases::ImportSpecialDays(deps_, call.context, call.params.at(0), *days);
    if (!merged) return Problem(call, merged.error());
    json result = codec::CalendarToJson(*merged);
    result["imported"] = {{"holidays", days->holidays.size()}, {"makeup_days", days->makeup_days.size()}};
    return JsonResponse(200, result);
}

Response Api::OnGetSlaPolicy(Call& call) {
    auto policy = use_cases::GetSlaPolicy(deps_, call.context);
    if (!policy) return Problem(call, policy.error());
    return JsonResponse(200, codec::PolicyToJson(*policy));
}

Response Api::OnListSlaPresets(Call& call) {
    auto presets = use_cases::ListSlaPresets(deps_, call.context);
    if (!presets) return Problem(call, presets.error());
    json items = json::array();
    for (const auto& preset : *presets)
        items.push_back({{"name", preset.name}, {"title", preset.title}, {"policy", codec::PolicyToJson(preset.policy)}});
    return JsonResponse(200, {{"items", items}});
}

Response Api::OnSaveSlaPolicy(Call& call) {
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    json definition = *body;
    definition["id"] = use_cases::kActivePolicyId;
    auto policy = codec::PolicyFromJson(definition);
    if (!policy) return Problem(call, policy.error());
    auto saved = use_cases::SaveSlaPolicy(deps_, call.context, std::move(*policy));
    if (!saved) return Problem(call, saved.error());
    return JsonResponse(200, codec::PolicyToJson(*saved));
}

}  // namespace kesu::http
