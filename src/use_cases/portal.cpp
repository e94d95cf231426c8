#include "use_cases/portal.hpp"

#include <algorithm>

#include "domain/validation.hpp"
#include "use_cases/perform_action.hpp"

namespace kesu::use_cases {

using domain::Action;
using domain::ErrorCode;
using domain::Fail;
using domain::Status;

namespace {

std::string NormalizeCode(std::string_view code) {
    std::string normal;
    for (char c : code) {
        if (c == ' ' || c == '-') continue;
        normal += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    return normal;
}

bool MayRate(const domain::Complaint& c) {
    if (c.satisfaction) return false;
    switch (c.status) {
        case Status::kReplied: case Status::kConfirmed: case Status::kDisputed: case Status::kClosed:
        case Status::kAnswered:
            return true;
        default:
            return false;
    }
}

std::string LookupKey(const RequestContext& context) { return "portal-lookup:" + context.client_address; }

// Verifies number + code inside `tx`. The caller counted the attempt beforehand (ReserveLookup).
domain::Result<domain::Complaint> Authenticate(domain::Transaction& tx, const Dependencies& deps,
                                               const CustomerCredentials& credentials) {
    auto complaint = tx.Complaints().GetByNumber(credentials.number);
    if (!complaint ||
        !deps.tokens.AccessCodeMatches(complaint->access_code_digest, NormalizeCode(credentials.access_code))) {
        if (complaint || complaint.error().code == ErrorCode::kNotFound)
            return Fail(ErrorCode::kUnauthenticated, "the complaint number or the access code is wrong");
        return std::unexpected(complaint.error());
    }
    return complaint;
}

// Counts a lookup against the client's address before its access code is checked, in a write transaction of its
// own: write transactions are serialised (across nodes too), so concurrent guesses each see the ones before them
// and no more than the limit are ever checked. A lookup whose credentials were right is taken back afterwards
// (ReleaseLookup), so the limit counts wrong codes only.
domain::Result<domain::Instant> ReserveLookup(const Dependencies& deps, const RequestContext& context) {
    domain::Instant now = deps.clock.Now();
    domain::Instant window = std::chrono::floor<std::chrono::hours>(now);
    auto reserved = deps.database.Write([&](domain::Transaction& tx) -> domain::Result<void> {
        auto attempts = tx.Throttle().Hit(LookupKey(context), window);
        if (!attempts) return std::unexpected(attempts.error());
        if (*attempts > deps.limits.portal_lookups_per_hour) {
            return std::unexpected(domain::Error{
                ErrorCode::kRateLimited, "too many wrong access codes from your address; try again later", {},
                static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(window + std::chrono::hours{1} - now).count())});
        }
        return {};
    });
    if (!reserved) return std::unexpected(reserved.error());
    return window;
}

void ReleaseLookup(const Dependencies& deps, const RequestContext& context, domain::Instant window) {
    (void)deps.database.Write(
        [&](domain::Transaction& tx) { return tx.Throttle().Release(LookupKey(context), window); });
}

domain::Result<CustomerView> BuildView(domain::Transaction& tx, domain::Complaint complaint) {
    CustomerView view;
    auto events = tx.Audit().ListForComplaint(complaint.id);
    if (!events) return std::unexpected(events.error());
    for (const auto& event : *events) {
        if (!event.customer_visible) continue;
        CustomerEvent shown{event.action, event.at, "", ""};
        auto action = domain::ParseIn(domain::ActionNames(), event.action);
        bool text_allowed = action ? domain::CustomerSeesText(*action)
                                   : (event.action == "message" || event.action == "customer_information" ||
                                      event.action == "satisfaction" || event.action == "created");
        if (text_allowed) shown.text = event.text;
        for (const auto& change : event.changes)
            if (change.field == "status") shown.status = change.after;
        view.events.push_back(std::move(shown));
    }
    auto messages = tx.Messages().ListForComplaint(complaint.id, false);
    if (!messages) return std::unexpected(messages.error());
    view.messages = std::move(*messages);
    auto attachments = tx.Attachments().ListForComplaint(complaint.id);
    if (!attachments) return std::unexpected(attachments.error());
    for (auto& attachment : *attachments)
        if (attachment.customer_visible) view.attachments.push_back(std::move(attachment));
    for (Action action : domain::AvailableActions(complaint, CustomerActor()))
        if (domain::IsCustomerAction(action)) view.actions.push_back(action);
    view.can_rate = MayRate(complaint);
    view.can_add_information = domain::IsOpen(complaint.status);
    view.complaint = std::move(complaint);
    return view;
}

// Runs `change` on the authenticated complaint in a write transaction and returns the fresh customer view.
template <class Change>
domain::Result<CustomerView> ChangeAsCustomer(const Dependencies& deps, const RequestContext& context,
                                              const CustomerCredentials& credentials, Change change) {
    auto window = ReserveLookup(deps, context);
    if (!window) return std::unexpected(window.error());
    bool credentials_failed = false;
    auto view = domain::WriteValue<CustomerView>(deps.database, [&](domain::Transaction& tx) -> domain::Result<CustomerView> {
        auto complaint = Authenticate(tx, deps, credentials);
        if (!complaint) {
            credentials_failed = complaint.error().code == ErrorCode::kUnauthenticated;
            return std::unexpected(complaint.error());
        }
        auto changed = change(tx, *complaint);
        if (!changed) return std::unexpected(changed.error());
        return BuildView(tx, std::move(*changed));
    });
    if (!credentials_failed) ReleaseLookup(deps, context, *window);
    return view;
}

RequestContext AsCustomer(const RequestContext& context) {
    RequestContext customer = context;
    customer.actor = CustomerActor();
    return customer;
}

}  // namespace

domain::Result<void> CheckCustomerMayAttach(const Dependencies& deps, const RequestContext& context,
                                            const CustomerCredentials& credentials) {
    auto window = ReserveLookup(deps, context);
    if (!window) return std::unexpected(window.error());
    bool credentials_failed = false;
    auto checked = deps.database.Read([&](domain::Transaction& tx) -> domain::Result<void> {
        auto complaint = Authenticate(tx, deps, credentials);
        if (!complaint) {
            credentials_failed = complaint.error().code == ErrorCode::kUnauthenticated;
            return std::unexpected(complaint.error());
        }
        if (!domain::IsOpen(complaint->status)) return Fail(ErrorCode::kIllegalTransition, "this complaint is closed");
        return {};
    });
    if (!credentials_failed) ReleaseLookup(deps, context, *window);
    return checked;
}

domain::Result<CustomerView> TrackComplaint(const Dependencies& deps, const RequestContext& context,
                                            const CustomerCredentials& credentials) {
    auto window = ReserveLookup(deps, context);
    if (!window) return std::unexpected(window.error());
    bool credentials_failed = false;
    auto view = domain::ReadValue<CustomerView>(deps.database, [&](domain::Transaction& tx) -> domain::Result<CustomerView> {
        auto complaint = Authenticate(tx, deps, credentials);
        if (!complaint) {
            credentials_failed = complaint.error().code == ErrorCode::kUnauthenticated;
            return std::unexpected(complaint.error());
        }
        return BuildView(tx, std::move(*complaint));
    });
    if (!credentials_failed) ReleaseLookup(deps, context, *window);
    return view;
}

domain::Result<CustomerView> CustomerRespond(const Dependencies& deps, const RequestContext& context,
                                             const CustomerCredentials& credentials, Action action,
                                             const std::string& text) {
    if (!domain::IsCustomerAction(action))
        return domain::FailField(ErrorCode::kInvalidArgument, "action", "customers may confirm, dispute or appeal");
    RequestContext customer = AsCustomer(context);
    domain::Instant now = deps.clock.Now();
    return ChangeAsCustomer(deps, customer, credentials,
                            [&](domain::Transaction& tx, const domain::Complaint& current) {
                                ActionRequest request{current.id, action, {}, current.version};
                                request.input.text = text;
                                return PerformActionIn(tx, deps, now, customer, current, request);
                            });
}

domain::Result<CustomerView> CustomerAddInformation(const Dependencies& deps, const RequestContext& context,
                                                    const CustomerCredentials& credentials, const std::string& body) {
    std::vector<domain::FieldError> errors;
    domain::CheckText(errors, "body", body, true, domain::kMaxLongText);
    if (!errors.empty()) return domain::FailFields(errors);
    RequestContext customer = AsCustomer(context);
    domain::Instant now = deps.clock.Now();
    return ChangeAsCustomer(deps, customer, credentials,
                            [&](domain::Transaction& tx, const domain::Complaint& current) -> domain::Result<domain::Complaint> {
                                if (!domain::IsOpen(current.status))
                                    return Fail(ErrorCode::kIllegalTransition,
                                                "this complaint is closed; reopen it by appealing or submit a new one");
                                domain::Message message{0, current.id, true, true, 0, "客户", body, now};
                                if (auto inserted = tx.Messages().Insert(message); !inserted)
                                    return std::unexpected(inserted.error());
                                domain::AuditEvent event = NewEvent(customer, now, "customer_information", current.id);
                                event.text = body;
                                event.customer_visible = true;
                                if (auto appended = tx.Audit().Append(event); !appended)
                                    return std::unexpected(appended.error());
                                return current;
                            });
}

namespace {

domain::Result<domain::Complaint> ApplyRating(domain::Transaction& tx, domain::Instant now,
                                              const RequestContext& context, const domain::Complaint& current,
                                              int rating, const std::string& comment) {
    if (!MayRate(current)) {
        if (current.satisfaction) return Fail(ErrorCode::kConflict, "this complaint has already been rated");
        return Fail(ErrorCode::kIllegalTransition, "a complaint can be rated once it has been replied to");
    }
    domain::Complaint next = current;
    next.satisfaction = domain::Satisfaction{rating, comment, now};
    next.version += 1;
    next.updated_at = now;
    if (auto updated = tx.Complaints().Update(next, current.version); !updated) return std::unexpected(updated.error());
    domain::AuditEvent event = NewEvent(context, now, "satisfaction", current.id);
    event.changes = domain::DiffComplaints(current, next);
    event.text = comment;
    event.customer_visible = true;
    if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
    return next;
}

std::vector<domain::FieldError> ValidateRating(int rating, const std::string& comment) {
    std::vector<domain::FieldError> errors;
    if (rating < 1 || rating > 5) errors.push_back({"rating", "must be 1 to 5"});
    domain::CheckText(errors, "comment", comment, false, domain::kMaxMediumText);
    return errors;
}

}  // namespace

domain::Result<CustomerView> RateAsCustomer(const Dependencies& deps, const RequestContext& context,
                                            const CustomerCredentials& credentials, int rating,
                                            const std::string& comment) {
    if (auto errors = ValidateRating(rating, comment); !errors.empty()) return domain::FailFields(errors);
    RequestContext customer = AsCustomer(context);
    domain::Instant now = deps.clock.Now();
    return ChangeAsCustomer(deps, customer, credentials, [&](domain::Transaction& tx, const domain::Complaint& current) {
        return ApplyRating(tx, now, customer, current, rating, comment);
    });
}

domain::Result<domain::Attachment> AttachAsCustomer(const Dependencies& deps, const RequestContext& context,
                                                    const CustomerCredentials& credentials, StoredFile file) {
    RequestContext customer = AsCustomer(context);
    file.customer_visible = true;
    domain::Instant now = deps.clock.Now();
    std::optional<domain::Attachment> recorded;
    auto view = ChangeAsCustomer(deps, customer, credentials,
                                 [&](domain::Transaction& tx, const domain::Complaint& current) -> domain::Result<domain::Complaint> {
                                     if (!domain::IsOpen(current.status))
                                         return Fail(ErrorCode::kIllegalTransition, "this complaint is closed");
                                     auto attachment = RecordAttachmentIn(tx, now, customer, current.id, file);
                                     if (!attachment) return std::unexpected(attachment.error());
                                     recorded = *attachment;
                                     return current;
                                 });
    if (!view) return std::unexpected(view.error());
    return *recorded;
}

domain::Result<domain::Complaint> RecordSatisfaction(const Dependencies& deps, const RequestContext& context,
                                                     std::int64_t complaint_id, int rating, const std::string& comment,
                                                     int expected_version) {
    if (auto allowed = Require(context.actor, domain::Permission::kAcknowledge); !allowed)
        return std::unexpected(allowed.error());
    if (auto errors = ValidateRating(rating, comment); !errors.empty()) return domain::FailFields(errors);
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::Complaint>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::Complaint> {
        auto current = LoadVisible(tx, context.actor, complaint_id);
        if (!current) return current;
        if (current->version != expected_version)
            return Fail(ErrorCode::kStaleVersion, "complaint " + current->number + " changed; reload and try again");
        return ApplyRating(tx, now, context, *current, rating, comment);
    });
}

}  // namespace kesu::use_cases
