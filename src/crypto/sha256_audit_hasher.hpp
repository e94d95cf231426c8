// The audit chain's hash: SHA-256 over the previous hash and a length-prefixed canonical form of the event,
// so no two different events can serialise the same way.
#pragma once

#include "domain/audit_event.hpp"

namespace kesu::crypto {

class Sha256AuditHasher final : public domain::AuditHasher {
public:
    Sha256AuditHasher();
    std::string Hash(const domain::AuditEvent& event) const override;
};

}  // namespace kesu::crypto
