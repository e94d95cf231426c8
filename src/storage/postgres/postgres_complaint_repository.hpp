// Complaints in PostgreSQL: scalar columns for filtering and sorting, the nested parts as JSON, personal data
// encrypted with blind indexes (see storage/common/complaint_codec.hpp).
#pragma once

#include "crypto/pii_cipher.hpp"
#include "domain/complaint_repository.hpp"
#include "domain/database.hpp"
#include "storage/postgres/postgres_connection.hpp"
#include "storage/postgres/postgres_search_index.hpp"

namespace kesu::storage::postgres {

class PostgresComplaintRepository final : public domain::ComplaintRepository {
public:
    // `changes` (write transactions only) collects the complaints changed, for the change feed.
    PostgresComplaintRepository(Connection& connection, const crypto::PiiCipher& cipher, PostgresSearchIndex& search,
                                std::vector<domain::ComplaintChange>* changes = nullptr)
        : connection_(connection), cipher_(cipher), search_(search), changes_(changes) {}

    domain::Result<domain::Complaint> Get(std::int64_t id) override;
    domain::Result<domain::Complaint> GetByNumber(std::string_view number) override;
    domain::Result<void> Insert(domain::Complaint& complaint) override;
    domain::Result<void> Update(const domain::Complaint& complaint, int expected_version) override;
    domain::Result<std::int64_t> NextSequence(std::string_view counter) override;
    domain::Result<domain::ComplaintPage> List(const domain::ComplaintQuery& query) override;
    domain::Result<std::vector<domain::ComplaintSummary>> FindOpenByContact(const domain::Complainant& complainant,
                                                                            int limit) override;
    domain::Result<std::vector<std::pair<domain::Status, std::int64_t>>> CountByStatus() override;
    domain::Result<domain::SearchResultPage> Search(const domain::SearchRequest& request) override;
    domain::Result<std::vector<domain::SimilarComplaint>> FindSimilar(std::int64_t id, const domain::VisibilityScope& scope,
                                                                      int limit) override;
    // Rewrites the complaint's full-text entry from its current row and messages (same transaction).
    domain::Result<void> Reindex(std::int64_t id);
    domain::Result<domain::OverviewCounts> Overview(const domain::VisibilityScope& scope, domain::Instant now,
                                                    std::chrono::minutes utc_offset) override;

private:
    domain::Result<domain::Complaint> ReadOne(const Row& row) const;
    domain::Result<void> IndexDocument(const domain::Complaint& complaint, bool with_messages);
    domain::Result<std::vector<domain::ComplaintSummary>> SummariesOf(const std::vector<std::int64_t>& ids,
                                                                       std::vector<std::string>* descriptions);

    Connection& connection_;
    const crypto::PiiCipher& cipher_;
    PostgresSearchIndex& search_;
    std::vector<domain::ComplaintChange>* changes_;
};

}  // namespace kesu::storage::postgres
