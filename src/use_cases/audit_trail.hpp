// Reading and verifying the audit trail. Verification recomputes every hash in order and names the first
// event whose content, link or sequence number does not match — any edit, insertion or deletion shows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/audit_event.hpp"
#include "use_cases/context.hpp"

namespace kesu::use_cases {

struct ChainReport {
    std::int64_t events_checked = 0;
    std::string head_hash;  // the last good hash: keep it somewhere else to detect truncation later
    std::optional<std::int64_t> first_broken_seq;
    std::string problem;  // what is wrong at first_broken_seq
    bool Intact() const { return !first_broken_seq.has_value(); }
};

domain::Result<ChainReport> VerifyAuditChain(domain::Database& database, const domain::AuditHasher& hasher);

domain::Result<std::vector<domain::AuditEvent>> ListAuditEvents(const Dependencies& deps, const RequestContext& context,
                                                                std::optional<std::int64_t> actor_id,
                                                                std::optional<std::int64_t> before_seq, int limit);

}  // namespace kesu::use_cases
