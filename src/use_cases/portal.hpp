// What a complainant can do without an account, proving who they are with the complaint number and the
// access code they were given: follow progress, add information and files, confirm or dispute the result,
// rate it, appeal. Only customer-visible information is returned. Failed code checks are rate-limited per
// client address (counted in the database, so every node shares the limit).
#pragma once

#include <string>
#include <vector>

#include "domain/attachment.hpp"
#include "domain/workflow.hpp"
#include "use_cases/context.hpp"
#include "use_cases/messages.hpp"

namespace kesu::use_cases {

struct CustomerCredentials {
    std::string number;
    std::string access_code;
};

struct CustomerEvent {
    std::string action;
    domain::Instant at;
    std::string text;    // only texts meant for the customer
    std::string status;  // the status after the event, when it changed
};

struct CustomerView {
    domain::Complaint complaint;  // render only customer-safe fields (see http/portal_codec)
    std::vector<CustomerEvent> events;
    std::vector<domain::Message> messages;
    std::vector<domain::Attachment> attachments;
    std::vector<domain::Action> actions;  // what the customer may do now (confirm, dispute, appeal)
    bool can_rate = false;
    bool can_add_information = false;
};

domain::Result<CustomerView> TrackComplaint(const Dependencies& deps, const RequestContext& context,
                                            const CustomerCredentials& credentials);

// confirm, dispute or appeal, as the customer.
domain::Result<CustomerView> CustomerRespond(const Dependencies& deps, const RequestContext& context,
                                             const CustomerCredentials& credentials, domain::Action action,
                                             const std::string& text);

domain::Result<CustomerView> CustomerAddInformation(const Dependencies& deps, const RequestContext& context,
                                                    const CustomerCredentials& credentials, const std::string& body);

domain::Result<CustomerView> RateAsCustomer(const Dependencies& deps, const RequestContext& context,
                                            const CustomerCredentials& credentials, int rating,
                                            const std::string& comment);

domain::Result<domain::Attachment> AttachAsCustomer(const Dependencies& deps, const RequestContext& context,
                                                    const CustomerCredentials& credentials, StoredFile file);

// Whether the customer may attach a file (the credentials are right, the complaint is open), without other effects
// than counting a wrong access code: checked before an upload's bytes are read. AttachAsCustomer checks it again.
domain::Result<void> CheckCustomerMayAttach(const Dependencies& deps, const RequestContext& context,
                                            const CustomerCredentials& credentials);

// Staff recording the answer of a satisfaction callback (回访).
domain::Result<domain::Complaint> RecordSatisfaction(const Dependencies& deps, const RequestContext& context,
                                                     std::int64_t complaint_id, int rating, const std::string& comment,
                                                     int expected_version);

}  // namespace kesu::use_cases
