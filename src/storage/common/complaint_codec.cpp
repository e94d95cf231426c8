#include "storage/common/complaint_codec.hpp"

#include <nlohmann/json.hpp>

#include "codec/json_text.hpp"
#include "domain/masking.hpp"

namespace kesu::storage::common {

using domain::ErrorCode;
using domain::Fail;
using nlohmann::json;

namespace {

json OptionalId(const std::optional<std::int64_t>& id) { return id ? json(*id) : json(nullptr); }
json OptionalInstant(const std::optional<domain::Instant>& at) {
    return at ? json(domain::ToMillis(*at)) : json(nullptr);
}
std::optional<std::int64_t> ReadId(const json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    return it->get<std::int64_t>();
}
std::optional<domain::Instant> ReadInstant(const json& object, const char* key) {
    auto id = ReadId(object, key);
    return id ? std::optional(domain::FromMillis(*id)) : std::nullopt;
}
template <class E>
E ReadEnum(const json& object, const char* key, std::span<const domain::EnumName<E>> names, E fallback) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return fallback;
    return domain::ParseIn(names, it->get<std::string>()).value_or(fallback);
}

}  // namespace

std::string EncodeDetails(const domain::Complaint& c) {
    json details = json::object();
    if (c.cause) {
        details["cause"] = {{"category", domain::NameOf(c.cause->category)},
                            {"root_cause", c.cause->root_cause},
                            {"analysis_notes", c.cause->analysis_notes},
                            {"responsible_department_id", OptionalId(c.cause->responsible_department_id)},
                            {"responsible_person", c.cause->responsible_person},
                            {"accountability", c.cause->accountability}};
    }
    if (c.plan) {
        json measures = json::array();
        for (const auto& m : c.plan->measures) {
            measures.push_back({{"description", m.description},
                                {"owner", m.owner},
                                {"deadline", domain::ToMillis(m.deadline)},
                                {"expected_effect", m.expected_effect},
                                {"done", m.done}});
        }
        details["plan"] = {{"measures", measures},
                           {"compensation_fen", c.plan->compensation_fen},
                           {"status", domain::NameOf(c.plan->status)},
                           {"revision", c.plan->revision},
                           {"submitted_by", c.plan->submitted_by},
                           {"decided_by", OptionalId(c.plan->decided_by)},
                           {"decision_comment", c.plan->decision_comment}};
    }
    if (c.recheck) {
        details["recheck"] = {{"appeal_reason", c.recheck->appeal_reason},
                              {"appealed_at", domain::ToMillis(c.recheck->appealed_at)},
                              {"reviewer_id", OptionalId(c.recheck->reviewer_id)},
                              {"decision", c.recheck->decision ? json(domain::NameOf(*c.recheck->decision)) : json()},
                              {"opinion", c.recheck->opinion}};
    }
    if (c.satisfaction) {
        details["satisfaction"] = {{"rating", c.satisfaction->rating},
                                   {"comment", c.satisfaction->comment},
                                   {"rated_at", domain::ToMillis(c.satisfaction->rated_at)}};
    }
    if (c.emergency) {
        const domain::Emergency& e = *c.emergency;
        json reports = json::array();
        for (const auto& r : e.reports)
            reports.push_back({{"at", domain::ToMillis(r.at)}, {"text", r.text}, {"author_id", r.author_id},
                               {"author_name", r.author_name}});
        details["emergency"] = {{"started_at", domain::ToMillis(e.started_at)},
                                {"trigger", e.trigger},
                                {"team", e.team},
                                {"contingency_plan", e.contingency_plan},
                                {"organised_at", OptionalInstant(e.organised_at)},
                                {"report_interval_minutes", e.report_interval_minutes},
                                {"next_report_due_at", domain::ToMillis(e.next_report_due_at)},
                                {"reports", reports},
                                {"resolved_at", OptionalInstant(e.resolved_at)}};
    }
    details["source"] = c.source;
    details["waiting_on_customer"] = c.waiting_on_customer;
    details["transferred_at"] = OptionalInstant(c.transferred_at);
    details["reply"] = c.reply;
    details["replied_at"] = OptionalInstant(c.replied_at);
    details["resolution"] = c.resolution;
    details["closed_at"] = OptionalInstant(c.closed_at);
    details["merged_into"] = OptionalId(c.merged_into);
    details["merged_from"] = c.merged_from;
    details["reopen_count"] = c.reopen_count;
    details["handler_ids"] = c.handler_ids;
    return details.dump();
}

domain::Result<void> DecodeDetails(std::string_view text, domain::Complaint& c) {
    try {
        json details = json::parse(text);
        if (auto it = details.find("cause"); it != details.end()) {
            const json& j = *it;
            domain::CauseAnalysis cause;
            cause.category = ReadEnum(j, "category", domain::CauseCategoryNames(), domain::CauseCategory::kOther);
            cause.root_cause = j.value("root_cause", "");
            cause.analysis_notes = j.value("analysis_notes", "");
            cause.responsible_department_id = ReadId(j, "responsible_department_id");
            cause.responsible_person = j.value("responsible_person", "");
            cause.accountability = j.value("accountability", "");
            c.cause = cause;
        }
        if (auto it = details.find("plan"); it != details.end()) {
            const json& j = *it;
            domain::SolutionPlan plan;
            for (const auto& m : j.at("measures")) {
                plan.measures.push_back({m.value("description", ""), m.value("owner", ""),
                                         domain::FromMillis(m.value("deadline", std::int64_t{0})),
                                         m.value("expected_effect", ""), m.value("done", false)});
            }
            plan.compensation_fen = j.value("compensation_fen", std::int64_t{0});
            plan.status = ReadEnum(j, "status", domain::PlanStatusNames(), domain::PlanStatus::kSubmitted);
            plan.revision = j.value("revision", 1);
            plan.submitted_by = j.value("submitted_by", std::int64_t{0});
            plan.decided_by = ReadId(j, "decided_by");
            plan.decision_comment = j.value("decision_comment", "");
            c.plan = plan;
        }
        if (auto it = details.find("recheck"); it != details.end()) {
            const json& j = *it;
            domain::Recheck recheck;
            recheck.appeal_reason = j.value("appeal_reason", "");
            recheck.appealed_at = domain::FromMillis(j.value("appealed_at", std::int64_t{0}));
            recheck.reviewer_id = ReadId(j, "reviewer_id");
            if (j.contains("decision") && j["decision"].is_string())
                recheck.decision = domain::ParseIn(domain::RecheckDecisionNames(), j["decision"].get<std::string>());
            recheck.opinion = j.value("opinion", "");
            c.recheck = recheck;
        }
        if (auto it = details.find("satisfaction"); it != details.end()) {
            c.satisfaction = domain::Satisfaction{it->value("rating", 0), it->value("comment", ""),
                                                  domain::FromMillis(it->value("rated_at", std::int64_t{0}))};
        }
        if (auto it = details.find("emergency"); it != details.end()) {
            const json& j = *it;
            domain::Emergency e;
            e.started_at = domain::FromMillis(j.value("started_at", std::int64_t{0}));
            e.trigger = j.value("trigger", "");
            e.team = j.value("team", std::vector<std::string>{});
            e.contingency_plan = j.value("contingency_plan", "");
            e.organised_at = ReadInstant(j, "organised_at");
            e.report_interval_minutes = j.value("report_interval_minutes", 120);
            e.next_report_due_at = domain::FromMillis(j.value("next_report_due_at", std::int64_t{0}));
            for (const auto& r : j.value("reports", json::array()))
                e.reports.push_back({domain::FromMillis(r.value("at", std::int64_t{0})), r.value("text", ""),
                                     r.value("author_id", std::int64_t{0}), r.value("author_name", "")});
            e.resolved_at = ReadInstant(j, "resolved_at");
            c.emergency = std::move(e);
        }
        c.source = details.value("source", "");
        c.waiting_on_customer = details.value("waiting_on_customer", false);
        c.transferred_at = ReadInstant(details, "transferred_at");
        c.reply = details.value("reply", "");
        c.replied_at = ReadInstant(details, "replied_at");
        c.resolution = details.value("resolution", "");
        c.closed_at = ReadInstant(details, "closed_at");
        c.merged_into = ReadId(details, "merged_into");
        c.merged_from = details.value("merged_from", std::vector<std::int64_t>{});
        c.reopen_count = details.value("reopen_count", 0);
        c.handler_ids = details.value("handler_ids", std::vector<std::int64_t>{});
        return {};
    } catch (const json::exception& e) {
        return Fail(ErrorCode::kInternal, std::string("stored complaint details are corrupt: ") + e.what());
    }
}

std::string EncodeComplainant(const domain::Complainant& p) {
    return json{{"name", p.name},         {"phone", p.phone},     {"email", p.email},
                {"customer_id", p.customer_id}, {"id_number", p.id_number}, {"address", p.address},
                {"other_contact", p.other_contact}}
        .dump();
}

domain::Result<domain::Complainant> DecodeComplainant(std::string_view text) {
    try {
        json j = json::parse(text);
        return domain::Complainant{j.value("name", ""),      j.value("phone", ""),   j.value("email", ""),
                                   j.value("customer_id", ""), j.value("id_number", ""), j.value("address", ""),
                                   j.value("other_contact", "")};
    } catch (const json::exception& e) {
        return Fail(ErrorCode::kInternal, std::string("stored personal data is corrupt: ") + e.what());
    }
}

std::string EncodeChanges(const std::vector<domain::FieldChange>& changes) {
    // Written as text, not as a nlohmann tree: every audit event is encoded on the single writer thread.
    std::string out;
    codec::AppendJsonArray(out, changes, [](std::string& o, const domain::FieldChange& change) {
        o += '[';
        codec::AppendJsonString(o, change.field);
        o += ',';
        codec::AppendJsonString(o, change.before);
        o += ',';
        codec::AppendJsonString(o, change.after);
        o += ']';
    });
    return out;
}

domain::Result<std::vector<domain::FieldChange>> DecodeChanges(std::string_view text) {
    try {
        std::vector<domain::FieldChange> changes;
        for (const auto& item : json::parse(text))
            changes.push_back({item.at(0).get<std::string>(), item.at(1).get<std::string>(), item.at(2).get<std::string>()});
        return changes;
    } catch (const json::exception& e) {
        return Fail(ErrorCode::kInternal, std::string("stored audit changes are corrupt: ") + e.what());
    }
}

std::string EncodeIds(const std::vector<std::int64_t>& ids) { return json(ids).dump(); }

std::string NormalizePhone(std::string_view phone) {
    std::string digits;
    for (char c : phone)
        if (c >= '0' && c <= '9') digits += c;
    if (digits.size() == 13 && digits.starts_with("86")) digits.erase(0, 2);
    return digits;
}

std::string NormalizeEmail(std::string_view email) {
    std::string normal;
    for (char c : email) {
        if (c == ' ' || c == '\t') continue;
        normal += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return normal;
}

std::string NormalizeCustomerId(std::string_view customer_id) {
    auto first = customer_id.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    auto last = customer_id.find_last_not_of(" \t");
    return std::string(customer_id.substr(first, last - first + 1));
}

PiiColumns SealComplainant(const crypto::PiiCipher& cipher, const domain::Complainant& complainant) {
    return PiiColumns{cipher.Encrypt(EncodeComplainant(complainant)), domain::MaskName(complainant.name),
                      cipher.BlindIndex("phone", NormalizePhone(complainant.phone)),
                      cipher.BlindIndex("email", NormalizeEmail(complainant.email)),
                      cipher.BlindIndex("customer", NormalizeCustomerId(complainant.customer_id))};
}

domain::Result<domain::Complainant> OpenComplainant(const crypto::PiiCipher& cipher, std::string_view sealed) {
    if (sealed.empty()) return domain::Complainant{};
    auto plaintext = cipher.Decrypt(sealed);
    if (!plaintext) return std::unexpected(plaintext.error());
    return DecodeComplainant(*plaintext);
}

domain::Result<LegacyCustomerIndex> CustomerIndexFromSealed(const crypto::PiiCipher& cipher, std::string_view sealed) {
    auto complainant = OpenComplainant(cipher, sealed);
    if (!complainant) return std::unexpected(complainant.error());
    PiiColumns columns = SealComplainant(cipher, *complainant);
    return LegacyCustomerIndex{columns.customer_index, columns.phone_index.empty() && columns.email_index.empty() &&
                                                           !columns.customer_index.empty()};
}

}  // namespace kesu::storage::common
