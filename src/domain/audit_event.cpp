#include "domain/audit_event.hpp"

#include <map>

#include "domain/masking.hpp"

namespace kesu::domain {
namespace {

std::string Text(const std::optional<std::int64_t>& value) { return value ? std::to_string(*value) : ""; }
std::string Text(const std::optional<Instant>& value) { return value ? FormatInstant(*value) : ""; }

std::string JoinIds(const std::vector<std::int64_t>& ids) {
    std::string text;
    for (auto id : ids) text += (text.empty() ? "" : ",") + std::to_string(id);
    return text;
}

// Every auditable field as text. Personal data is masked so the trail itself never holds it in clear.
std::map<std::string, std::string> Flatten(const Complaint& c) {
    std::map<std::string, std::string> fields{
        {"status", std::string(NameOf(c.status))},
        {"channel", std::string(NameOf(c.channel))},
        {"subject", c.subject},
        {"description", c.description},
        {"product", c.product},
        {"order_number", c.order_number},
        {"customer_request", c.customer_request},
        {"business_line", c.business_line},
        {"source_ref", c.source_ref},
        {"amount", c.amount_fen ? FormatYuan(*c.amount_fen) : ""},
        {"occurred_at", Text(c.occurred_at)},
        {"received_at", FormatInstant(c.received_at)},
        {"category_id", Text(c.category_id)},
        {"level", std::string(NameOf(c.level))},
        {"difficulty", std::string(NameOf(c.difficulty))},
        {"owner_id", Text(c.owner_id)},
        {"department_id", Text(c.department_id)},
        {"reply", c.reply},
        {"resolution", c.resolution},
        {"closed_at", Text(c.closed_at)},
        {"merged_into", Text(c.merged_into)},
        {"merged_from", JoinIds(c.merged_from)},
        {"reopen_count", std::to_string(c.reopen_count)},
    };
    Complainant masked = MaskComplainant(c.complainant);
    fields["complainant.name"] = masked.name;
    fields["complainant.phone"] = masked.phone;
    fields["complainant.email"] = masked.email;
    fields["complainant.customer_id"] = masked.customer_id;
    fields["complainant.id_number"] = masked.id_number;
    fields["complainant.address"] = masked.address;
    fields["complainant.other_contact"] = masked.other_contact;
    if (c.cause) {
        fields["cause.category"] = std::string(NameOf(c.cause->category));
        fields["cause.root_cause"] = c.cause->root_cause;
        fields["cause.analysis_notes"] = c.cause->analysis_notes;
        fields["cause.responsible_department_id"] = Text(c.cause->responsible_department_id);
        fields["cause.responsible_person"] = c.cause->responsible_person;
        fields["cause.accountability"] = c.cause->accountability;
    }
    if (c.plan) {
        fields["plan.status"] = std::string(NameOf(c.plan->status));
        fields["plan.revision"] = std::to_string(c.plan->revision);
        fields["plan.compensation"] = FormatYuan(c.plan->compensation_fen);
        fields["plan.decision_comment"] = c.plan->decision_comment;
        for (std::size_t i = 0; i < c.plan->measures.size(); ++i) {
            const Measure& m = c.plan->measures[i];
            std::string prefix = "plan.measures[" + std::to_string(i) + "].";
            fields[prefix + "description"] = m.description;
            fields[prefix + "owner"] = m.owner;
            fields[prefix + "deadline"] = FormatInstant(m.deadline);
            fields[prefix + "expected_effect"] = m.expected_effect;
            fields[prefix + "done"] = m.done ? "true" : "false";
        }
    }
    if (c.recheck) {
        fields["recheck.appeal_reason"] = c.recheck->appeal_reason;
        fields["recheck.reviewer_id"] = Text(c.recheck->reviewer_id);
        fields["recheck.decision"] = c.recheck->decision ? std::string(NameOf(*c.recheck->decision)) : "";
        fields["recheck.opinion"] = c.recheck->opinion;
    }
    if (c.satisfaction) {
        fields["satisfaction.rating"] = std::to_string(c.satisfaction->rating);
        fields["satisfaction.comment"] = c.satisfaction->comment;
    }
    return fields;
}

}  // namespace

std::vector<FieldChange> InitialFields(const Complaint& complaint) {
    std::vector<FieldChange> changes;
    for (const auto& [field, value] : Flatten(complaint))
        if (!value.empty()) changes.push_back({field, "", value});
    return changes;
}

std::vector<FieldChange> DiffComplaints(const Complaint& before, const Complaint& after) {
    auto old_fields = Flatten(before);
    auto new_fields = Flatten(after);
    std::vector<FieldChange> changes;
    for (const auto& [field, value] : new_fields) {
        auto it = old_fields.find(field);
        std::string old_value = it == old_fields.end() ? "" : it->second;
        if (old_value != value) changes.push_back({field, old_value, value});
    }
    for (const auto& [field, value] : old_fields)
        if (!new_fields.contains(field) && !value.empty()) changes.push_back({field, value, ""});
    return changes;
}

}  // namespace kesu::domain
