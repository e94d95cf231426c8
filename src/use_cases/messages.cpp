#include "use_cases/messages.hpp"

#include "domain/validation.hpp"
#include "use_cases/clock_keeper.hpp"

namespace kesu::use_cases {

using domain::ErrorCode;
using domain::Fail;

domain::Result<domain::Message> AddMessage(const Dependencies& deps, const RequestContext& context,
                                           std::int64_t complaint_id, const NewMessage& message) {
    const domain::Actor& actor = context.actor;
    if (auto allowed = Require(actor, domain::Permission::kAddNote); !allowed) return std::unexpected(allowed.error());
    if (message.customer_visible && !actor.Has(domain::Permission::kAcknowledge) &&
        !actor.Has(domain::Permission::kReply))
        return Fail(ErrorCode::kForbidden, "role '" + std::string(domain::RoleName(actor.role)) +
                                               "' may add internal notes but not write to the customer");
    std::vector<domain::FieldError> errors;
    domain::CheckText(errors, "body", message.body, true, domain::kMaxLongText);
    if (!errors.empty()) return domain::FailFields(errors);
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::Message>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::Message> {
        auto complaint = LoadVisible(tx, actor, complaint_id);
        if (!complaint) return std::unexpected(complaint.error());
        domain::Message stored{0, complaint_id, message.customer_visible, false, actor.user_id, actor.display_name,
                               message.body, now};
        if (auto inserted = tx.Messages().Insert(stored); !inserted) return std::unexpected(inserted.error());
        domain::AuditEvent event = NewEvent(context, now, message.customer_visible ? "message" : "note", complaint_id);
        event.text = message.body;
        event.customer_visible = message.customer_visible;
        if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
        if (message.customer_visible && domain::IsOpen(complaint->status)) {
            // Telling the customer how it is going is the progress feedback the 48-hour limit asks for.
            auto config = deps.sla.Load(tx);
            if (!config) return std::unexpected(config.error());
            domain::Complaint updated = *complaint;
            if (auto stopped = StopClocks(tx, **config, updated, {domain::SlaTarget::kPreliminaryInvestigation}, now); !stopped)
                return std::unexpected(stopped.error());
            if (updated.next_due_at != complaint->next_due_at) {
                if (auto saved = tx.Complaints().Update(updated, complaint->version); !saved) return std::unexpected(saved.error());
            }
        }
        return stored;
    });
}

domain::Result<std::vector<domain::Message>> ListMessages(const Dependencies& deps, const RequestContext& context,
                                                          std::int64_t complaint_id) {
    return domain::ReadValue<std::vector<domain::Message>>(
        deps.database, [&](domain::Transaction& tx) -> domain::Result<std::vector<domain::Message>> {
            auto complaint = LoadVisible(tx, context.actor, complaint_id);
            if (!complaint) return std::unexpected(complaint.error());
            return tx.Messages().ListForComplaint(complaint_id, true);
        });
}

domain::Result<domain::Attachment> RecordAttachmentIn(domain::Transaction& tx, domain::Instant now,
                                                      const RequestContext& context, std::int64_t complaint_id,
                                                      const StoredFile& file) {
    domain::Attachment attachment{0,         complaint_id,     file.filename,         file.content_type, file.size,
                                  file.sha256, context.actor.user_id, file.customer_visible, now};
    if (auto inserted = tx.Attachments().Insert(attachment); !inserted) return std::unexpected(inserted.error());
    domain::AuditEvent event = NewEvent(context, now, "attachment", complaint_id);
    event.text = file.filename;
    event.changes = {{"attachment", "", file.filename + " (" + file.content_type + ", " + std::to_string(file.size) +
                                            " bytes, sha256 " + file.sha256 + ")"}};
    event.customer_visible = file.customer_visible;
    if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
    return attachment;
}

domain::Result<void> MayAttachTo(const domain::Complaint& complaint) {
    // A closed complaint is a finished record (its evidence is what the decision rested on); the portal refuses
    // the same to customers.
    if (!domain::IsOpen(complaint.status))
        return Fail(ErrorCode::kIllegalTransition, "complaint " + complaint.number + " is '" +
                                                       std::string(domain::NameOf(complaint.status)) +
                                                       "'; files cannot be attached to closed complaints");
    return {};
}

namespace {

// The complaint a staff member may attach a file to: one they may see, still open.
domain::Result<domain::Complaint> LoadAttachable(domain::Transaction& tx, const domain::Actor& actor,
                                                 std::int64_t complaint_id) {
    auto complaint = LoadVisible(tx, actor, complaint_id);
    if (!complaint) return complaint;
    if (auto open = MayAttachTo(*complaint); !open) return std::unexpected(open.error());
    return complaint;
}

}  // namespace

domain::Result<void> CheckMayAttach(const Dependencies& deps, const RequestContext& context,
                                    std::int64_t complaint_id) {
    if (auto allowed = Require(context.actor, domain::Permission::kAttach); !allowed) return allowed;
    return deps.database.Read([&](domain::Transaction& tx) -> domain::Result<void> {
        auto complaint = LoadAttachable(tx, context.actor, complaint_id);
        if (!complaint) return std::unexpected(complaint.error());
        return {};
    });
}

domain::Result<domain::Attachment> RecordAttachment(const Dependencies& deps, const RequestContext& context,
                                                    std::int64_t complaint_id, const StoredFile& file) {
    if (auto allowed = Require(context.actor, domain::Permission::kAttach); !allowed)
        return std::unexpected(allowed.error());
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::Attachment>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::Attachment> {
        auto complaint = LoadAttachable(tx, context.actor, complaint_id);
        if (!complaint) return std::unexpected(complaint.error());
        return RecordAttachmentIn(tx, now, context, complaint_id, file);
    });
}

domain::Result<std::vector<domain::Attachment>> ListAttachments(const Dependencies& deps,
                                                                const RequestContext& context,
                                                                std::int64_t complaint_id) {
    return domain::ReadValue<std::vector<domain::Attachment>>(
        deps.database, [&](domain::Transaction& tx) -> domain::Result<std::vector<domain::Attachment>> {
            auto complaint = LoadVisible(tx, context.actor, complaint_id);
            if (!complaint) return std::unexpected(complaint.error());
            return tx.Attachments().ListForComplaint(complaint_id);
        });
}

domain::Result<domain::Attachment> GetAttachment(const Dependencies& deps, const RequestContext& context,
                                                 std::int64_t attachment_id) {
    return domain::ReadValue<domain::Attachment>(
        deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::Attachment> {
            auto attachment = tx.Attachments().Get(attachment_id);
            if (!attachment) return attachment;
            auto complaint = LoadVisible(tx, context.actor, attachment->complaint_id);
            if (!complaint) return std::unexpected(complaint.error());
            return attachment;
        });
}

}  // namespace kesu::use_cases
