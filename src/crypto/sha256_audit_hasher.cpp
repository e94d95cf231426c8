#include "crypto/sha256_audit_hasher.hpp"

#include "crypto/digest.hpp"

namespace kesu::crypto {
namespace {

void Field(std::string& out, std::string_view value) {
    out += std::to_string(value.size());
    out += ':';
    out += value;
    out += ';';
}

}  // namespace

Sha256AuditHasher::Sha256AuditHasher() { EnsureSodium(); }

std::string Sha256AuditHasher::Hash(const domain::AuditEvent& event) const {
    std::string canonical = "kesu-audit-v1;";
    Field(canonical, event.prev_hash);
    Field(canonical, std::to_string(event.seq));
    Field(canonical, event.complaint_id ? std::to_string(*event.complaint_id) : "");
    Field(canonical, std::to_string(event.actor_id));
    Field(canonical, event.actor_name);
    Field(canonical, event.actor_role);
    Field(canonical, std::to_string(domain::ToMillis(event.at)));
    Field(canonical, event.action);
    Field(canonical, std::to_string(event.changes.size()));
    for (const auto& change : event.changes) {
        Field(canonical, change.field);
        Field(canonical, change.before);
        Field(canonical, change.after);
    }
    Field(canonical, event.text);
    Field(canonical, event.customer_visible ? "1" : "0");
    Field(canonical, event.request_id);
    return Sha256Hex(canonical);
}

}  // namespace kesu::crypto
