// Port: the append-only audit trail. Append assigns the next seq and chains the hash in the same transaction
// as the change it records; nothing updates or deletes events.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "domain/audit_event.hpp"
#include "domain/error.hpp"

namespace kesu::domain {

class AuditRepository {
public:
    virtual ~AuditRepository() = default;

    // Fills event.seq, event.prev_hash and event.hash.
    virtual Result<void> Append(AuditEvent& event) = 0;
    virtual Result<std::vector<AuditEvent>> ListForComplaint(std::int64_t complaint_id) = 0;
    // Events with seq > after_seq in order, at most `limit`.
    virtual Result<std::vector<AuditEvent>> ListAfter(std::int64_t after_seq, int limit) = 0;
    // Filtered browse for auditors (newest first).
    virtual Result<std::vector<AuditEvent>> Search(std::optional<std::int64_t> actor_id,
                                                   std::optional<std::int64_t> before_seq, int limit) = 0;
};

}  // namespace kesu::domain
