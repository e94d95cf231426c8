#include "use_cases/view_complaint.hpp"

#include <algorithm>

#include "domain/access_policy.hpp"
#include "domain/masking.hpp"

namespace kesu::use_cases {

using domain::ErrorCode;
using domain::Fail;

domain::Result<ComplaintView> GetComplaint(const Dependencies& deps, const RequestContext& context,
                                           std::int64_t complaint_id) {
    auto view = domain::ReadValue<ComplaintView>(deps.database, [&](domain::Transaction& tx) -> domain::Result<ComplaintView> {
        auto complaint = LoadVisible(tx, context.actor, complaint_id);
        if (!complaint) return std::unexpected(complaint.error());
        complaint->complainant = domain::MaskComplainant(complaint->complainant);
        complaint->access_code_digest.clear();
        auto settings = LoadProcessSettings(tx);
        if (!settings) return std::unexpected(settings.error());
        auto actions = domain::AvailableActions(*complaint, context.actor, &*settings);
        return ComplaintView{std::move(*complaint), std::move(actions), {}};
    });
    if (!view) return view;
    auto clocks = ListClocks(deps, context, complaint_id);
    if (!clocks) return std::unexpected(clocks.error());
    view->clocks = std::move(*clocks);
    return view;
}

domain::Result<domain::Complainant> RevealComplainant(const Dependencies& deps, const RequestContext& context,
                                                      std::int64_t complaint_id) {
    if (!context.actor.MayRevealPii())
        return Fail(ErrorCode::kForbidden, "role '" + std::string(domain::RoleName(context.actor.role)) +
                                               "' may not reveal personal data");
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::Complainant>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::Complainant> {
        auto complaint = LoadVisible(tx, context.actor, complaint_id);
        if (!complaint) return std::unexpected(complaint.error());
        domain::AuditEvent event = NewEvent(context, now, "reveal_pii", complaint_id);
        event.text = "complainant personal data revealed";
        if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());
        return complaint->complainant;
    });
}

domain::Result<domain::ComplaintPage> ListComplaints(const Dependencies& deps, const RequestContext& context,
                                                     domain::ComplaintQuery query) {
    query.scope = domain::ScopeOf(context.actor);
    query.limit = std::clamp(query.limit, 1, 200);
    return domain::ReadValue<domain::ComplaintPage>(
        deps.database, [&](domain::Transaction& tx) { return tx.Complaints().List(query); });
}

domain::Result<std::vector<domain::AuditEvent>> GetTimeline(const Dependencies& deps, const RequestContext& context,
                                                            std::int64_t complaint_id) {
    return domain::ReadValue<std::vector<domain::AuditEvent>>(
        deps.database, [&](domain::Transaction& tx) -> domain::Result<std::vector<domain::AuditEvent>> {
            auto complaint = LoadVisible(tx, context.actor, complaint_id);
            if (!complaint) return std::unexpected(complaint.error());
            return tx.Audit().ListForComplaint(complaint_id);
        });
}

domain::Result<SamePersonMatches> FindSamePerson(domain::Transaction& tx, const domain::Actor& actor,
                                                 const domain::Complainant& contact, int limit) {
    auto found = tx.Complaints().FindOpenByContact(contact, kSamePersonScan);
    if (!found) return std::unexpected(found.error());
    const domain::VisibilityScope scope = domain::ScopeOf(actor);
    SamePersonMatches matches;
    for (auto& summary : *found) {
        if (!domain::InScope(scope, summary.department_id, summary.owner_id))
            ++matches.out_of_scope;
        else if (matches.visible.size() < static_cast<std::size_t>(limit))
            matches.visible.push_back(std::move(summary));
    }
    return matches;
}

domain::Result<SamePersonMatches> FindOpenBySamePerson(const Dependencies& deps, const RequestContext& context,
                                                                           const domain::Complainant& contact) {
    if (auto allowed = Require(context.actor, domain::Permission::kRegister); !allowed)
        return std::unexpected(allowed.error());
    return domain::ReadValue<SamePersonMatches>(
        deps.database, [&](domain::Transaction& tx) { return FindSamePerson(tx, context.actor, contact, 10); });
}

}  // namespace kesu::use_cases

namespace kesu::use_cases {

domain::Result<void> CheckDatabase(const Dependencies& deps) {
    return deps.database.Read([](domain::Transaction& tx) -> domain::Result<void> {
        auto value = tx.Settings().Get("health");
        if (!value) return std::unexpected(value.error());
        return {};
    });
}

domain::Result<std::vector<std::pair<domain::Status, std::int64_t>>> CountComplaintsByStatus(const Dependencies& deps) {
    return domain::ReadValue<std::vector<std::pair<domain::Status, std::int64_t>>>(
        deps.database, [](domain::Transaction& tx) { return tx.Complaints().CountByStatus(); });
}

}  // namespace kesu::use_cases

namespace kesu::use_cases {

domain::Result<domain::SearchResultPage> SearchComplaints(const Dependencies& deps, const RequestContext& context,
                                                          std::string text, domain::ComplaintQuery filters,
                                                          std::int64_t offset, bool by_date) {
    if (text.size() > 500) return domain::FailField(domain::ErrorCode::kInvalidArgument, "q", "is longer than 500 bytes");
    if (offset < 0 || offset > 10000)
        return domain::FailField(domain::ErrorCode::kInvalidArgument, "cursor", "search pages stop at 10000 results");
    filters.scope = domain::ScopeOf(context.actor);
    filters.limit = std::clamp(filters.limit, 1, 100);
    domain::SearchRequest request;
    request.text = std::move(text);
    request.filters = filters;
    request.offset = offset;
    request.by_date = by_date;
    request.include_internal_notes = context.actor.user_id != 0;
    request.include_customer_names = context.actor.MayRevealPii();
    request.actor_user_id = context.actor.user_id;
    request.utc_offset = deps.limits.utc_offset;
    return domain::ReadValue<domain::SearchResultPage>(deps.database, [&](domain::Transaction& tx) {
        return tx.Complaints().Search(request);
    });
}

domain::Result<std::vector<domain::SimilarComplaint>> FindSimilarComplaints(const Dependencies& deps,
                                                                            const RequestContext& context,
                                                                            std::int64_t complaint_id, int limit) {
    return domain::ReadValue<std::vector<domain::SimilarComplaint>>(
        deps.database, [&](domain::Transaction& tx) -> domain::Result<std::vector<domain::SimilarComplaint>> {
            auto complaint = LoadVisible(tx, context.actor, complaint_id);
            if (!complaint) return std::unexpected(complaint.error());
            return tx.Complaints().FindSimilar(complaint_id, domain::ScopeOf(context.actor), std::clamp(limit, 1, 50));
        });
}

}  // namespace kesu::use_cases
