// Domain values as the API's JSON. Personal data goes through MaskComplainant here unless the caller has
// just performed an audited reveal: this is the single point where responses could leak it.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/account.hpp"
#include "domain/attachment.hpp"
#include "domain/audit_event.hpp"
#include "domain/category.hpp"
#include "domain/complaint.hpp"
#include "domain/complaint_repository.hpp"
#include "domain/workflow.hpp"
#include "http/message.hpp"
#include "use_cases/manage_clocks.hpp"
#include "use_cases/portal.hpp"

namespace kesu::http {

Response JsonResponse(int status, const nlohmann::json& body);

// `clocks`: included when given (the complaint page); lists and action responses leave them out.
nlohmann::json ComplaintJson(const domain::Complaint& complaint, const std::vector<domain::Action>& actions,
                             const std::vector<use_cases::ClockView>* clocks = nullptr);
nlohmann::json ClockJson(const use_cases::ClockView& clock);
nlohmann::json NotificationJson(const domain::Notification& notification);
nlohmann::json OverviewJson(const domain::OverviewCounts& counts);
nlohmann::json TemplateJson(const domain::ReplyTemplate& reply_template);
nlohmann::json ViewJson(const domain::SavedView& view);
nlohmann::json ComplainantJson(const domain::Complainant& complainant);  // as given: mask first if needed
nlohmann::json SummaryJson(const domain::ComplaintSummary& summary);
nlohmann::json EventJson(const domain::AuditEvent& event);
nlohmann::json MessageJson(const domain::Message& message);
nlohmann::json AttachmentJson(const domain::Attachment& attachment);
nlohmann::json UserJson(const domain::User& user, bool full);  // full: for admins (username, activity, grants)
nlohmann::json DepartmentJson(const domain::Department& department);
nlohmann::json CategoryJson(const domain::Category& category);
nlohmann::json TokenJson(const domain::ApiToken& token);
nlohmann::json CustomerViewJson(const use_cases::CustomerView& view);
nlohmann::json ProcessSettingsJson(const domain::ProcessSettings& settings);
nlohmann::json TimeJson(const std::optional<domain::Instant>& at);

}  // namespace kesu::http
