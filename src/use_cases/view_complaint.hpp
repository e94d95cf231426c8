// Reading complaints: one complaint with the actions the reader may take, lists within the reader's scope,
// the timeline (read from the audit trail), and the audited reveal of personal data.
#pragma once

#include <vector>

#include "domain/audit_event.hpp"
#include "domain/complaint_repository.hpp"
#include "domain/workflow.hpp"
#include "use_cases/context.hpp"
#include "use_cases/manage_clocks.hpp"

namespace kesu::use_cases {

struct ComplaintView {
    domain::Complaint complaint;  // complainant masked
    std::vector<domain::Action> actions;
    std::vector<ClockView> clocks;
};

domain::Result<ComplaintView> GetComplaint(const Dependencies& deps, const RequestContext& context,
                                           std::int64_t complaint_id);

// The complainant in clear, for roles that may see it; every call writes a 'reveal_pii' audit event.
domain::Result<domain::Complainant> RevealComplainant(const Dependencies& deps, const RequestContext& context,
                                                      std::int64_t complaint_id);

// `query.scope` is replaced by the actor's scope; limit is clamped to 1..200.
domain::Result<domain::ComplaintPage> ListComplaints(const Dependencies& deps, const RequestContext& context,
                                                     domain::ComplaintQuery query);

domain::Result<std::vector<domain::AuditEvent>> GetTimeline(const Dependencies& deps, const RequestContext& context,
                                                            std::int64_t complaint_id);

// The same person's open complaints, split by the reader's scope like every other read: those the reader may see
// (newest first, at most the limit asked for) and only a count of the others, which tells the reader a repeat exists
// elsewhere without its number, subject or owner.
struct SamePersonMatches {
    std::vector<domain::ComplaintSummary> visible;
    std::int64_t out_of_scope = 0;  // counted among the person's newest kSamePersonScan open complaints
};
inline constexpr int kSamePersonScan = 200;

// Reads the person's open complaints (by phone, email or customer id) in `tx` and splits them for `actor`.
domain::Result<SamePersonMatches> FindSamePerson(domain::Transaction& tx, const domain::Actor& actor,
                                                 const domain::Complainant& contact, int limit);

// The registration form's repeat warning.
domain::Result<SamePersonMatches> FindOpenBySamePerson(const Dependencies& deps, const RequestContext& context,
                                                                           const domain::Complainant& contact);

}  // namespace kesu::use_cases

namespace kesu::use_cases {

// For health checks: a trivial read that proves the database answers.
domain::Result<void> CheckDatabase(const Dependencies& deps);
// Complaints per status across the whole database (metrics gauges).
domain::Result<std::vector<std::pair<domain::Status, std::int64_t>>> CountComplaintsByStatus(const Dependencies& deps);

}  // namespace kesu::use_cases

namespace kesu::use_cases {

// Full-text search within the reader's scope: internal notes are searched for staff, customer names only for
// readers who may see personal data (a masked role cannot find a complaint by a value it cannot see).
domain::Result<domain::SearchResultPage> SearchComplaints(const Dependencies& deps, const RequestContext& context,
                                                          std::string text, domain::ComplaintQuery filters,
                                                          std::int64_t offset, bool by_date);

// Earlier complaints most like this one, for duplicate merging and repeat counting.
domain::Result<std::vector<domain::SimilarComplaint>> FindSimilarComplaints(const Dependencies& deps,
                                                                            const RequestContext& context,
                                                                            std::int64_t complaint_id, int limit);

}  // namespace kesu::use_cases
