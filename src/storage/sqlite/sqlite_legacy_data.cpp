#include "storage/sqlite/sqlite_legacy_data.hpp"

#include <string>
#include <utility>
#include <vector>

#include "storage/common/complaint_codec.hpp"

namespace kesu::storage::sqlite {

namespace {

// One batch in its own transaction; returns how many rows it filled (0: nothing left).
domain::Result<std::int64_t> SealBatch(Connection& connection, const crypto::PiiCipher& cipher) {
    constexpr int kBatch = 1000;
    std::vector<std::pair<std::int64_t, std::string>> rows;
    {
        auto pending = connection.Query(
            "SELECT id, pii FROM complaints INDEXED BY complaints_customer_index_pending WHERE customer_index IS NULL "
            "ORDER BY id LIMIT ?",
            kBatch);
        if (!pending) return std::unexpected(pending.error());
        for (;;) {
            auto row = pending->Step();
            if (!row) return std::unexpected(row.error());
            if (!*row) break;
            rows.emplace_back(pending->Int(0), pending->BlobAt(1));
        }
    }
    for (const auto& [id, sealed] : rows) {
        auto legacy = common::CustomerIndexFromSealed(cipher, sealed);
        if (!legacy) return std::unexpected(legacy.error());
        if (auto set = connection.Run("UPDATE complaints SET customer_index = ? WHERE id = ?", legacy->index, id); !set)
            return std::unexpected(set.error());
        if (legacy->search_key_was_clear) {
            if (auto queued = connection.Run("INSERT INTO search_queue (doc_id) VALUES (?)", id); !queued)
                return std::unexpected(queued.error());
        }
    }
    return static_cast<std::int64_t>(rows.size());
}

}  // namespace

domain::Result<std::int64_t> SealLegacyCustomerIds(Connection& connection, const crypto::PiiCipher& cipher) {
    std::int64_t filled = 0;
    for (;;) {
        if (auto begun = connection.Exec("BEGIN IMMEDIATE"); !begun) return std::unexpected(begun.error());
        auto batch = SealBatch(connection, cipher);
        if (!batch) {
            (void)connection.Exec("ROLLBACK");
            return std::unexpected(batch.error());
        }
        if (auto committed = connection.Exec("COMMIT"); !committed) return std::unexpected(committed.error());
        if (*batch == 0) return filled;
        filled += *batch;
    }
}

}  // namespace kesu::storage::sqlite
