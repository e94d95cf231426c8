// How a Complaint maps to a database row, shared by the SQLite and PostgreSQL backends: scalar fields are
// columns; nested parts (cause, plan, re-check, ...) are one JSON text column; personal data is one encrypted
// JSON blob plus masked and blind-indexed columns.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "crypto/pii_cipher.hpp"
#include "domain/audit_event.hpp"
#include "domain/complaint.hpp"
#include "domain/error.hpp"

namespace kesu::storage::common {

std::string EncodeDetails(const domain::Complaint& complaint);
domain::Result<void> DecodeDetails(std::string_view json, domain::Complaint& complaint);

std::string EncodeComplainant(const domain::Complainant& complainant);
domain::Result<domain::Complainant> DecodeComplainant(std::string_view json);

std::string EncodeChanges(const std::vector<domain::FieldChange>& changes);
domain::Result<std::vector<domain::FieldChange>> DecodeChanges(std::string_view json);

std::string EncodeIds(const std::vector<std::int64_t>& ids);

// Blind-index inputs: phone digits only (a leading +86 / 86 dropped), email lower-cased and trimmed, the customer
// number without surrounding spaces.
std::string NormalizePhone(std::string_view phone);
std::string NormalizeEmail(std::string_view email);
std::string NormalizeCustomerId(std::string_view customer_id);

// The personal-data columns of a complaint row.
struct PiiColumns {
    std::string sealed;       // encrypted complainant JSON
    std::string masked_name;  // for lists
    std::string phone_index;  // blind indexes, "" when absent
    std::string email_index;
    std::string customer_index;
};
PiiColumns SealComplainant(const crypto::PiiCipher& cipher, const domain::Complainant& complainant);
domain::Result<domain::Complainant> OpenComplainant(const crypto::PiiCipher& cipher, std::string_view sealed);

// For rows written while customer numbers were kept in clear (schema 0006 empties that column): the blind index of
// the number inside the sealed data, and whether the complaint's search entry used the clear number as its
// customer key (it had no phone or email), so that entry must be written again.
struct LegacyCustomerIndex {
    std::string index;
    bool search_key_was_clear = false;
};
domain::Result<LegacyCustomerIndex> CustomerIndexFromSealed(const crypto::PiiCipher& cipher, std::string_view sealed);

}  // namespace kesu::storage::common
