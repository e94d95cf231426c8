#include "use_cases/audit_trail.hpp"

#include <algorithm>

namespace kesu::use_cases {

domain::Result<ChainReport> VerifyAuditChain(domain::Database& database, const domain::AuditHasher& hasher) {
    constexpr int kBatch = 5000;
    ChainReport report;
    std::string previous_hash;
    std::int64_t expected_seq = 1;
    for (;;) {
        auto batch = domain::ReadValue<std::vector<domain::AuditEvent>>(database, [&](domain::Transaction& tx) {
            return tx.Audit().ListAfter(expected_seq - 1, kBatch);
        });
        if (!batch) return std::unexpected(batch.error());
        for (const auto& event : *batch) {
            std::string problem;
            if (event.seq != expected_seq) problem = "sequence gap: expected " + std::to_string(expected_seq) + ", found " + std::to_string(event.seq);
            else if (event.prev_hash != previous_hash) problem = "link broken: prev_hash does not match the previous event's hash";
            else if (hasher.Hash(event) != event.hash) problem = "content altered: the stored hash does not match the event";
            if (!problem.empty()) {
                report.first_broken_seq = expected_seq;
                report.problem = problem;
                return report;
            }
            previous_hash = event.hash;
            report.head_hash = event.hash;
            ++report.events_checked;
            ++expected_seq;
        }
        if (batch->size() < static_cast<std::size_t>(kBatch)) return report;
    }
}

domain::Result<std::vector<domain::AuditEvent>> ListAuditEvents(const Dependencies& deps, const RequestContext& context,
                                                                std::optional<std::int64_t> actor_id,
                                                                std::optional<std::int64_t> before_seq, int limit) {
    if (auto allowed = Require(context.actor, domain::Permission::kReadAudit); !allowed)
        return std::unexpected(allowed.error());
    limit = std::clamp(limit, 1, 500);
    return domain::ReadValue<std::vector<domain::AuditEvent>>(deps.database, [&](domain::Transaction& tx) {
        return tx.Audit().Search(actor_id, before_seq, limit);
    });
}

}  // namespace kesu::use_cases
