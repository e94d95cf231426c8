// Complaints in SQLite: scalar columns for filtering and sorting, the nested parts as JSON, personal data
// encrypted with blind indexes (see storage/common/complaint_codec.hpp).
#pragma once

#include "crypto/pii_cipher.hpp"
#include "domain/complaint_repository.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace kesu::storage::sqlite {

class SqliteComplaintRepository final : public domain::ComplaintRepository {
public:
    SqliteComplaintRepository(Connection& connection, const crypto::PiiCipher& cipher)
        : connection_(connection), cipher_(cipher) {}

    domain::Result<domain::Complaint> Get(std::int64_t id) override;
    domain::Result<domain::Complaint> GetByNumber(std::string_view number) override;
    domain::Result<void> Insert(domain::Complaint& complaint) override;
    domain::Result<void> Update(const domain::Complaint& complaint, int expected_version) override;
    domain::Result<std::int64_t> NextSequence(std::string_view counter) override;
    domain::Result<domain::ComplaintPage> List(const domain::ComplaintQuery& query) override;
    domain::Result<std::vector<domain::ComplaintSummary>> FindOpenByContact(const domain::Complainant& complainant,
                                                                            int limit) override;
    domain::Result<std::vector<std::pair<domain::Status, std::int64_t>>> CountByStatus() override;
    domain::Result<domain::OverviewCounts> Overview(const domain::VisibilityScope& scope, domain::Instant now,
                                                    std::chrono::minutes utc_offset) override;

private:
    domain::Result<domain::Complaint> ReadOne(Statement& statement);

    Connection& connection_;
    const crypto::PiiCipher& cipher_;
};

}  // namespace kesu::storage::sqlite
