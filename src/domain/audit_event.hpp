// One entry of the append-only, hash-chained audit trail. Every change to a complaint (and every login,
// permission change and reveal of personal data) is one event written in the same transaction as the change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/complaint.hpp"
#include "domain/time.hpp"

namespace kesu::domain {

struct FieldChange {
    std::string field;
    std::string before;
    std::string after;
    bool operator==(const FieldChange&) const = default;
};

struct AuditEvent {
    std::int64_t seq = 0;  // assigned by storage: 1, 2, 3, ... without gaps
    std::optional<std::int64_t> complaint_id;
    std::int64_t actor_id = 0;  // 0: the customer or the system
    std::string actor_name;
    std::string actor_role;
    Instant at;
    std::string action;               // workflow action name, or "created", "note", "login", "reveal_pii", ...
    std::vector<FieldChange> changes;  // before → after; personal data appears only masked
    std::string text;                  // the message, reason or comment that came with the action
    bool customer_visible = false;     // shown on the customer's tracking page
    std::string request_id;
    std::string prev_hash;  // hash of the previous event ("" for the first)
    std::string hash;       // SHA-256 over prev_hash and the canonical form of this event
};

// The changed fields between two versions of a complaint, with personal data masked.
std::vector<FieldChange> DiffComplaints(const Complaint& before, const Complaint& after);
// Every non-empty field of a new complaint as a change from nothing (the "created" event).
std::vector<FieldChange> InitialFields(const Complaint& complaint);

// Computes an event's hash from its content and the previous hash. Implemented with a real SHA-256 outside the
// domain; both the storage that writes the chain and `kesu audit verify` use the same one.
class AuditHasher {
public:
    virtual ~AuditHasher() = default;
    virtual std::string Hash(const AuditEvent& event) const = 0;  // uses event.prev_hash, ignores event.hash
};

}  // namespace kesu::domain
