// Take one step of the process (BRIEF §5) on a complaint: the workflow table decides whether the move is
// legal for this status and role; this use case adds scope, referenced records (owner, department, merge
// target, reviewer), optimistic versioning and the audit event, in one durable transaction.
#pragma once

#include <cstdint>

#include "domain/workflow.hpp"
#include "use_cases/context.hpp"

namespace kesu::use_cases {

struct ActionRequest {
    std::int64_t complaint_id = 0;
    domain::Action action = domain::Action::kAcknowledge;
    domain::ActionInput input;
    int expected_version = 0;  // the version the caller last saw
};

domain::Result<domain::Complaint> PerformAction(const Dependencies& deps, const RequestContext& context,
                                                const ActionRequest& request);

// The same, inside a caller's write transaction (used by the portal and by jobs).
domain::Result<domain::Complaint> PerformActionIn(domain::Transaction& tx, const Dependencies& deps, domain::Instant now,
                                                  const RequestContext& context, const domain::Complaint& current,
                                                  const ActionRequest& request);

}  // namespace kesu::use_cases
