// One-off upgrades of stored data that need the personal-data key, which SQL migrations never see. Each runs at
// start after the migrations, finds its rows through a small partial index, and does nothing once they are done.
#pragma once

#include <cstdint>

#include "crypto/pii_cipher.hpp"
#include "domain/error.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace kesu::storage::sqlite {

// Fills complaints.customer_index (NULL since migration 0006) from the sealed personal data, and queues the
// search entries that used a clear customer number as their customer key. Returns how many rows it filled.
// Requires: no other writer on the database (it runs before the writer thread starts).
domain::Result<std::int64_t> SealLegacyCustomerIds(Connection& connection, const crypto::PiiCipher& cipher);

}  // namespace kesu::storage::sqlite
