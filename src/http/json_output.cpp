#include "http/json_output.hpp"

#include "domain/masking.hpp"

namespace kesu::http {

using nlohmann::json;

namespace {

json Id(const std::optional<std::int64_t>& id) { return id ? json(*id) : json(nullptr); }

json ActionsJson(const std::vector<domain::Action>& actions) {
    json list = json::array();
    for (auto action : actions) list.push_back(domain::NameOf(action));
    return list;
}

}  // namespace

Response JsonResponse(int status, const json& body) {
    Response response;
    response.status = status;
    response.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    response.SetHeader("Content-Type", "application/json; charset=utf-8");
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

json TimeJson(const std::optional<domain::Instant>& at) { return at ? json(domain::FormatInstant(*at)) : json(nullptr); }

json ScopesJson(const std::vector<domain::TokenScope>& scopes) {
    json list = json::array();
    for (domain::TokenScope scope : scopes) list.push_back(domain::NameOf(scope));
    return list;
}

json ComplainantJson(const domain::Complainant& p) {
    return {{"name", p.name},           {"phone", p.phone},         {"email", p.email},
            {"customer_id", p.customer_id}, {"id_number", p.id_number}, {"address", p.address},
            {"other_contact", p.other_contact}};
}

json ComplaintJson(const domain::Complaint& c, const std::vector<domain::Action>& actions,
                   const std::vector<use_cases::ClockView>* clocks) {
    json body{{"id", c.id},
              {"number", c.number},
              {"kind", domain::NameOf(c.kind)},
              {"channel", domain::NameOf(c.channel)},
              {"status", domain::NameOf(c.status)},
              {"open", domain::IsOpen(c.status)},
              {"version", c.version},
              {"received_at", domain::FormatInstant(c.received_at)},
              {"created_at", domain::FormatInstant(c.created_at)},
              {"updated_at", domain::FormatInstant(c.updated_at)},
              {"occurred_at", TimeJson(c.occurred_at)},
              {"subject", c.subject},
              {"description", c.description},
              {"product", c.product},
              {"order_number", c.order_number},
              {"customer_request", c.customer_request},
              {"business_line", c.business_line},
              {"source_ref", c.source_ref},
              {"amount", c.amount_fen ? json(domain::FormatYuan(*c.amount_fen)) : json(nullptr)},
              {"complainant", ComplainantJson(domain::MaskComplainant(c.complainant))},
              {"category_id", Id(c.category_id)},
              {"level", domain::NameOf(c.level)},
              {"difficulty", domain::NameOf(c.difficulty)},
              {"owner_id", Id(c.owner_id)},
              {"department_id", Id(c.department_id)},
              {"reply", c.reply},
              {"replied_at", TimeJson(c.replied_at)},
              {"resolution", c.resolution},
              {"closed_at", TimeJson(c.closed_at)},
              {"merged_into", Id(c.merged_into)},
              {"merged_from", c.merged_from},
              {"reopen_count", c.reopen_count},
              {"privacy_consent", c.privacy_consent},
              {"actions", ActionsJson(actions)}};
    if (c.cause) {
        body["cause"] = {{"category", domain::NameOf(c.cause->category)},
                         {"root_cause", c.cause->root_cause},
                         {"analysis_notes", c.cause->analysis_notes},
                         {"responsible_department_id", Id(c.cause->responsible_department_id)},
                         {"responsible_person", c.cause->responsible_person},
                         {"accountability", c.cause->accountability}};
    } else {
        body["cause"] = nullptr;
    }
    if (c.plan) {
        json measures = json::array();
        for (const auto& m : c.plan->measures)
            measures.push_back({{"description", m.description},
                                {"owner", m.owner},
                                {"deadline", domain::FormatInstant(m.deadline)},
                                {"expected_effect", m.expected_effect},
                                {"done", m.done}});
        body["plan"] = {{"measures", measures},
                        {"compensation", domain::FormatYuan(c.plan->compensation_fen)},
                        {"status", domain::NameOf(c.plan->status)},
                        {"revision", c.plan->revision},
                        {"submitted_by", c.plan->submitted_by},
                        {"decided_by", Id(c.plan->decided_by)},
                        {"decision_comment", c.plan->decision_comment}};
    } else {
        body["plan"] = nullptr;
    }
    if (c.recheck) {
        body["recheck"] = {{"appeal_reason", c.recheck->appeal_reason},
                           {"appealed_at", domain::FormatInstant(c.recheck->appealed_at)},
                           {"reviewer_id", Id(c.recheck->reviewer_id)},
                           {"decision", c.recheck->decision ? json(domain::NameOf(*c.recheck->decision)) : json(nullptr)},
                           {"opinion", c.recheck->opinion}};
    } else {
        body["recheck"] = nullptr;
    }
    if (c.satisfaction) {
        body["satisfaction"] = {{"rating", c.satisfaction->rating},
                                {"comment", c.satisfaction->comment},
                                {"rated_at", domain::FormatInstant(c.satisfaction->rated_at)}};
    } else {
        body["satisfaction"] = nullptr;
    }
    body["source"] = c.source;
    body["waiting_on_customer"] = c.waiting_on_customer;
    body["next_due_at"] = TimeJson(c.next_due_at);
    if (c.emergency) {
        const domain::Emergency& e = *c.emergency;
        json reports = json::array();
        for (const auto& r : e.reports)
            reports.push_back({{"at", domain::FormatInstant(r.at)}, {"text", r.text}, {"author_name", r.author_name}});
        body["emergency"] = {{"started_at", domain::FormatInstant(e.started_at)},
                             {"trigger", e.trigger},
                             {"team", e.team},
                             {"contingency_plan", e.contingency_plan},
                             {"organised_at", TimeJson(e.organised_at)},
                             {"report_interval_minutes", e.report_interval_minutes},
                             {"next_report_due_at", domain::FormatInstant(e.next_report_due_at)},
                             {"reports", reports},
                             {"resolved_at", TimeJson(e.resolved_at)}};
    } else {
        body["emergency"] = nullptr;
    }
    if (clocks != nullptr) {
        json list = json::array();
        for (const auto& clock : *clocks) list.push_back(ClockJson(clock));
        body["clocks"] = list;
    }
    return body;
}

json ClockJson(const use_cases::ClockView& view) {
    const domain::SlaClock& c = view.stored.clock;
    json breaches = json::array();
    for (const auto& b : c.breaches) breaches.push_back({{"number", b.number}, {"at", domain::FormatInstant(b.at)}});
    json extensions = json::array();
    for (const auto& e : c.extensions)
        extensions.push_back({{"amount", e.amount.amount}, {"clock_type", domain::NameOf(e.amount.clock)},
                              {"approved_at", domain::FormatInstant(e.approved_at)}, {"approver_id", e.approver_id},
                              {"reason", e.reason}});
    json pauses = json::array();
    for (const auto& p : c.pauses)
        pauses.push_back({{"paused_at", domain::FormatInstant(p.paused_at)}, {"resumed_at", TimeJson(p.resumed_at)},
                          {"reason", p.reason}});
    return {{"id", view.stored.id},
            {"target", domain::NameOf(c.target)},
            {"rule_name", c.rule_name},
            {"clock_type", domain::NameOf(c.limit.clock)},
            {"limit", c.limit.amount},
            {"state", domain::NameOf(c.state)},
            {"started_at", domain::FormatInstant(c.started_at)},
            {"due_at", domain::FormatInstant(c.due_at)},
            {"stopped_at", TimeJson(c.stopped_at)},
            {"warn_at", TimeJson(view.warn_at)},
            {"remaining_seconds", view.remaining_seconds ? json(*view.remaining_seconds) : json(nullptr)},
            {"breaches", breaches},
            {"extensions", extensions},
            {"pauses", pauses}};
}

json NotificationJson(const domain::Notification& n) {
    return {{"id", n.id},
            {"kind", n.kind},
            {"complaint_id", Id(n.complaint_id)},
            {"complaint_number", n.complaint_number},
            {"title", n.title},
            {"body", n.body},
            {"created_at", domain::FormatInstant(n.created_at)},
            {"read_at", TimeJson(n.read_at)}};
}

json OverviewJson(const domain::OverviewCounts& c) {
    json by_status = json::object();
    for (const auto& [status, count] : c.open_by_status) by_status[std::string(domain::NameOf(status))] = count;
    json days = json::array();
    for (const auto& [date, count] : c.received_last_14_days) days.push_back({{"date", date}, {"count", count}});
    return {{"received_today", c.received_today}, {"closed_today", c.closed_today}, {"open_total", c.open_total},
            {"overdue_open", c.overdue_open},     {"due_today", c.due_today},       {"emergencies_open", c.emergencies_open},
            {"open_by_status", by_status},        {"received_last_14_days", days}};
}

json TemplateJson(const domain::ReplyTemplate& t) {
    return {{"id", t.id}, {"name", t.name}, {"body", t.body}, {"category_id", Id(t.category_id)},
            {"active", t.active}, {"version", t.version}};
}

json ViewJson(const domain::SavedView& v) {
    json query = json::object();
    for (const auto& [name, value] : ParseQuery(v.query)) query[name] = value;
    return {{"id", v.id}, {"name", v.name}, {"query", query}, {"created_at", domain::FormatInstant(v.created_at)}};
}

json SummaryJson(const domain::ComplaintSummary& s) {
    return {{"id", s.id},
            {"number", s.number},
            {"kind", domain::NameOf(s.kind)},
            {"status", domain::NameOf(s.status)},
            {"open", domain::IsOpen(s.status)},
            {"channel", domain::NameOf(s.channel)},
            {"level", domain::NameOf(s.level)},
            {"difficulty", domain::NameOf(s.difficulty)},
            {"subject", s.subject},
            {"complainant_name", s.masked_name},
            {"category_id", Id(s.category_id)},
            {"department_id", Id(s.department_id)},
            {"owner_id", Id(s.owner_id)},
            {"received_at", domain::FormatInstant(s.received_at)},
            {"updated_at", domain::FormatInstant(s.updated_at)},
            {"next_due_at", TimeJson(s.next_due_at)},
            {"emergency", s.emergency},
            {"version", s.version}};
}

json EventJson(const domain::AuditEvent& e) {
    json changes = json::array();
    for (const auto& change : e.changes)
        changes.push_back({{"field", change.field}, {"before", change.before}, {"after", change.after}});
    return {{"seq", e.seq},
            {"complaint_id", Id(e.complaint_id)},
            {"actor_id", e.actor_id},
            {"actor_name", e.actor_name},
            {"actor_role", e.actor_role},
            {"at", domain::FormatInstant(e.at)},
            {"action", e.action},
            {"changes", changes},
            {"text", e.text},
            {"customer_visible", e.customer_visible},
            {"request_id", e.request_id},
            {"hash", e.hash}};
}

json MessageJson(const domain::Message& m) {
    return {{"id", m.id},
            {"complaint_id", m.complaint_id},
            {"visibility", m.customer_visible ? "customer" : "internal"},
            {"from_customer", m.from_customer},
            {"author_id", m.author_id},
            {"author_name", m.author_name},
            {"body", m.body},
            {"created_at", domain::FormatInstant(m.created_at)}};
}

json AttachmentJson(const domain::Attachment& a) {
    return {{"id", a.id},
            {"complaint_id", a.complaint_id},
            {"filename", a.filename},
            {"content_type", a.content_type},
            {"size", a.size},
            {"sha256", a.sha256},
            {"uploaded_by", a.uploaded_by},
            {"visibility", a.customer_visible ? "customer" : "internal"},
            {"created_at", domain::FormatInstant(a.created_at)}};
}

json UserJson(const domain::User& u, bool full) {
    json body{{"id", u.id},
              {"display_name", u.display_name},
              {"role", domain::RoleName(u.role)},
              {"department_id", Id(u.department_id)},
              {"active", u.active}};
    if (full) {
        body["username"] = u.username;
        body["email"] = u.email;
        body["pii_grant"] = u.pii_grant;
        body["created_at"] = domain::FormatInstant(u.created_at);
        body["version"] = u.version;
    }
    return body;
}

json DepartmentJson(const domain::Department& d) {
    return {{"id", d.id}, {"name", d.name}, {"parent_id", Id(d.parent_id)}, {"active", d.active}, {"version", d.version}};
}

json CategoryJson(const domain::Category& c) {
    return {{"id", c.id},          {"parent_id", Id(c.parent_id)}, {"code", c.code},          {"name_zh", c.name_zh},
            {"name_en", c.name_en}, {"active", c.active},          {"sort_order", c.sort_order}};
}

json TokenJson(const domain::ApiToken& t) {
    return {{"id", t.id},
            {"user_id", t.user_id},
            {"name", t.name},
            {"prefix", t.prefix},
            {"created_at", domain::FormatInstant(t.created_at)},
            {"expires_at", TimeJson(t.expires_at)},
            {"revoked", t.revoked},
            {"scopes", ScopesJson(t.scopes)}};
}

json CustomerViewJson(const use_cases::CustomerView& view) {
    const domain::Complaint& c = view.complaint;
    json events = json::array();
    for (const auto& e : view.events)
        events.push_back({{"action", e.action}, {"at", domain::FormatInstant(e.at)}, {"text", e.text},
                          {"status", e.status.empty() ? json(nullptr) : json(e.status)}});
    json messages = json::array();
    for (const auto& m : view.messages)
        messages.push_back({{"id", m.id}, {"from_customer", m.from_customer}, {"body", m.body},
                            {"created_at", domain::FormatInstant(m.created_at)}});
    json attachments = json::array();
    for (const auto& a : view.attachments)
        attachments.push_back({{"id", a.id}, {"filename", a.filename}, {"content_type", a.content_type},
                               {"size", a.size}, {"created_at", domain::FormatInstant(a.created_at)}});
    json actions = json::array();
    for (auto action : view.actions) actions.push_back(domain::NameOf(action));
    return {{"number", c.number},
            {"kind", domain::NameOf(c.kind)},
            {"status", domain::NameOf(c.status)},
            {"open", domain::IsOpen(c.status)},
            {"subject", c.subject},
            {"description", c.description},
            {"received_at", domain::FormatInstant(c.received_at)},
            {"reply", c.reply},
            {"replied_at", TimeJson(c.replied_at)},
            {"resolution", c.status == domain::Status::kClosed || c.status == domain::Status::kRejected ||
                                   c.status == domain::Status::kMerged
                               ? json(c.resolution)
                               : json(nullptr)},
            {"closed_at", TimeJson(c.closed_at)},
            {"satisfaction", c.satisfaction ? json{{"rating", c.satisfaction->rating}, {"comment", c.satisfaction->comment}}
                                            : json(nullptr)},
            {"events", events},
            {"messages", messages},
            {"attachments", attachments},
            {"actions", actions},
            {"can_rate", view.can_rate},
            {"can_add_information", view.can_add_information}};
}

json ProcessSettingsJson(const domain::ProcessSettings& s) {
    return {{"manager_approval_limit", domain::FormatYuan(s.manager_approval_limit_fen)},
            {"appeal_window_days", s.appeal_window_days}};
}

}  // namespace kesu::http
