#include "storage/postgres/postgres_legacy_data.hpp"

#include "storage/common/complaint_codec.hpp"

namespace kesu::storage::postgres {

namespace {

// One batch inside the caller's transaction; returns how many rows it filled (0: nothing left).
domain::Result<std::int64_t> SealBatch(Connection& connection, const crypto::PiiCipher& cipher) {
    constexpr std::int64_t kBatch = 1000;
    auto rows =
        connection.Query("SELECT id, pii FROM complaints WHERE customer_index IS NULL ORDER BY id LIMIT ?", kBatch);
    if (!rows) return std::unexpected(rows.error());
    for (int i = 0; i < rows->Rows(); ++i) {
        const std::int64_t id = rows->At(i).Int(0);
        auto legacy = common::CustomerIndexFromSealed(cipher, rows->At(i).IsNull(1) ? "" : rows->At(i).Bytea(1));
        if (!legacy) return std::unexpected(legacy.error());
        if (auto set = connection.Query("UPDATE complaints SET customer_index = ? WHERE id = ?", legacy->index, id);
            !set)
            return std::unexpected(set.error());
        if (legacy->search_key_was_clear) {
            if (auto rekeyed =
                    connection.Query("UPDATE search_doc SET customer_key = ? WHERE doc_id = ?", legacy->index, id);
                !rekeyed)
                return std::unexpected(rekeyed.error());
        }
    }
    return static_cast<std::int64_t>(rows->Rows());
}

}  // namespace

domain::Result<std::int64_t> SealLegacyCustomerIds(Connection& connection, const crypto::PiiCipher& cipher,
                                                   const std::string& begin_write) {
    std::int64_t filled = 0;
    for (;;) {
        if (auto begun = connection.Exec(begin_write); !begun) return std::unexpected(begun.error());
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

}  // namespace kesu::storage::postgres
