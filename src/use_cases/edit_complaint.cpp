#include "use_cases/edit_complaint.hpp"

#include "domain/masking.hpp"
#include "use_cases/file_complaint.hpp"

namespace kesu::use_cases {

using domain::ErrorCode;
using domain::Fail;

namespace {

template <class T>
void Apply(T& field, const std::optional<T>& value) {
    if (value) field = *value;
}

}  // namespace

domain::Result<domain::Complaint> EditComplaintFacts(const Dependencies& deps, const RequestContext& context,
                                                     std::int64_t complaint_id, const ComplaintPatch& patch) {
    if (auto allowed = Require(context.actor, domain::Permission::kEditFacts); !allowed)
        return std::unexpected(allowed.error());
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::Complaint>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::Complaint> {
        auto current = LoadVisible(tx, context.actor, complaint_id);
        if (!current) return current;
        if (!domain::IsOpen(current->status))
            return Fail(ErrorCode::kIllegalTransition, "complaint " + current->number + " is '" +
                                                           std::string(domain::NameOf(current->status)) +
                                                           "'; closed complaints cannot be edited");
        if (current->version != patch.expected_version)
            return Fail(ErrorCode::kStaleVersion, "complaint " + current->number + " is at version " +
                                                      std::to_string(current->version) + ", you had " +
                                                      std::to_string(patch.expected_version) + "; reload and try again");
        domain::Complaint next = *current;
        Apply(next.subject, patch.subject);
        Apply(next.description, patch.description);
        Apply(next.product, patch.product);
        Apply(next.order_number, patch.order_number);
        Apply(next.customer_request, patch.customer_request);
        Apply(next.business_line, patch.business_line);
        Apply(next.source_ref, patch.source_ref);
        Apply(next.amount_fen, patch.amount_fen);
        Apply(next.occurred_at, patch.occurred_at);
        Apply(next.channel, patch.channel);
        Apply(next.complainant.name, patch.name);
        Apply(next.complainant.phone, patch.phone);
        Apply(next.complainant.email, patch.email);
        Apply(next.complainant.customer_id, patch.customer_id);
        Apply(next.complainant.id_number, patch.id_number);
        Apply(next.complainant.address, patch.address);
        Apply(next.complainant.other_contact, patch.other_contact);

        NewComplaint as_filed;
        as_filed.subject = next.subject;
        as_filed.description = next.description;
        as_filed.product = next.product;
        as_filed.order_number = next.order_number;
        as_filed.customer_request = next.customer_request;
        as_filed.business_line = next.business_line;
        as_filed.source_ref = next.source_ref;
        as_filed.amount_fen = next.amount_fen;
        as_filed.occurred_at = next.occurred_at;
        as_filed.complainant = next.complainant;
        if (auto errors = ValidateNewComplaint(as_filed, now); !errors.empty()) return domain::FailFields(errors);

        auto changes = domain::DiffComplaints(*current, next);
        if (changes.empty()) {
            current->complainant = domain::MaskComplainant(current->complainant);
            return current;  // nothing changed: no new version, no event
        }
        next.version = current->version + 1;
        next.updated_at = now;
        if (auto updated = tx.Complaints().Update(next, current->version); !updated) return std::unexpected(updated.error());
        domain::AuditEvent event = NewEvent(context, now, "edit", complaint_id);
        event.changes = std::move(changes);
        if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
        next.complainant = domain::MaskComplainant(next.complainant);
        return next;
    });
}

}  // namespace kesu::use_cases
