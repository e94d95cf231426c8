// Internal notes and customer-visible messages on a complaint, and the record of attached files. The bytes of
// an attachment are stored by the transport through a FileStore before RecordAttachment is called.
#pragma once

#include <string>
#include <vector>

#include "domain/attachment.hpp"
#include "use_cases/context.hpp"

namespace kesu::use_cases {

struct NewMessage {
    std::string body;
    bool customer_visible = false;
};

domain::Result<domain::Message> AddMessage(const Dependencies& deps, const RequestContext& context,
                                           std::int64_t complaint_id, const NewMessage& message);

domain::Result<std::vector<domain::Message>> ListMessages(const Dependencies& deps, const RequestContext& context,
                                                          std::int64_t complaint_id);

struct StoredFile {
    std::string filename;
    std::string content_type;  // sniffed from the content
    std::int64_t size = 0;
    std::string sha256;
    bool customer_visible = false;
};

// Whether the actor may attach a file to the complaint (the role may attach, the complaint is visible to them and
// open), without other effects: checked before an upload's bytes are read. RecordAttachment checks it again.
domain::Result<void> CheckMayAttach(const Dependencies& deps, const RequestContext& context, std::int64_t complaint_id);

// Files may be attached only while the complaint is open; kIllegalTransition naming its status otherwise.
domain::Result<void> MayAttachTo(const domain::Complaint& complaint);

// Records a staged file as an attachment of an open complaint the actor may see (MayAttachTo).
domain::Result<domain::Attachment> RecordAttachment(const Dependencies& deps, const RequestContext& context,
                                                    std::int64_t complaint_id, const StoredFile& file);

domain::Result<std::vector<domain::Attachment>> ListAttachments(const Dependencies& deps,
                                                                const RequestContext& context,
                                                                std::int64_t complaint_id);

// The attachment if the actor may see its complaint.
domain::Result<domain::Attachment> GetAttachment(const Dependencies& deps, const RequestContext& context,
                                                 std::int64_t attachment_id);

// Inside a caller's transaction (the portal records customer uploads after checking the access code).
domain::Result<domain::Attachment> RecordAttachmentIn(domain::Transaction& tx, domain::Instant now,
                                                      const RequestContext& context, std::int64_t complaint_id,
                                                      const StoredFile& file);

}  // namespace kesu::use_cases
