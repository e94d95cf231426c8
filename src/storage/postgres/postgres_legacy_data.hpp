// One-off upgrades of stored data that need the personal-data key, which SQL migrations never see. Each runs at
// start after the migrations, finds its rows through a small partial index, and does nothing once they are done.
#pragma once

#include <cstdint>
#include <string>

#include "crypto/pii_cipher.hpp"
#include "domain/error.hpp"
#include "storage/postgres/postgres_connection.hpp"

namespace kesu::storage::postgres {

// Fills complaints.customer_index (NULL since migration 0006) from the sealed personal data, and rewrites the
// customer key of search entries that used a clear customer number. `begin_write` opens a transaction holding
// the database's write lock, so nodes starting together do not trip over each other. Returns the rows filled.
domain::Result<std::int64_t> SealLegacyCustomerIds(Connection& connection, const crypto::PiiCipher& cipher,
                                                   const std::string& begin_write);

}  // namespace kesu::storage::postgres
